// Random read/write sequences for the RAM primitives, run through a simulator in vector mode and
// compared cycle by cycle with the TypeScript model on the bits the model knows.
import { SimpleDualPortRam, SinglePortRam, TrueDualPortRam } from '../../../rtl-lib/mem/ram.js';
import { type RamConfig, resolveRamConfig } from '../../../rtl-lib/mem/ram-config.js';
import { RamModel, matchesKnown, type PortInputs, type XValue } from '../../../rtl-lib/mem/ram-model.js';
import { simulate } from '../../../sim/simulate.js';
import type { BackendName } from '../../../sim/backend.js';

export type RamKind = 'sp' | 'sdp' | 'tdp';

/** A small deterministic generator (xorshift32) so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

const randBits = (rnd: () => number, width: number): bigint => {
  let v = 0n;
  for (let i = 0; i < width; i += 16) v = (v << 16n) | BigInt(Math.floor(rnd() * 65536));
  return BigInt.asUintN(width, v);
};

export function buildRam(kind: RamKind, cfg: RamConfig): SinglePortRam | SimpleDualPortRam | TrueDualPortRam {
  return kind === 'sp'
    ? new SinglePortRam(cfg)
    : kind === 'sdp'
      ? new SimpleDualPortRam(cfg)
      : new TrueDualPortRam(cfg);
}

export interface Comparison {
  cycles: number;
  /** Output samples with at least one known bit, compared. */
  compared: number;
  /** First differing cycle, or undefined. */
  firstMismatch: { cycle: number; port: string; got: bigint; want: XValue } | undefined;
}

/** Random stimulus for `cycles` cycles and the model's expected outputs. */
export function randomRun(
  kind: RamKind,
  cfg: RamConfig,
  cycles: number,
  seed: number,
  model = new RamModel(resolveRamConfig(cfg), kind === 'tdp' ? 2 : 1),
) {
  const r = model.cfg;
  const rnd = prng(seed);
  // Few addresses, so that reads often hit words just written (collisions) and both ports clash.
  const span = Math.min(r.depth, 8);
  const hot = Array.from({ length: span }, () => Math.floor(rnd() * r.depth));
  const addr = () => hot[Math.floor(rnd() * span)]!;
  const be = () => (r.byteEnables ? randBits(rnd, r.lanes) : 1n);
  const cols: Record<string, bigint[]> = {};
  const push = (name: string, v: bigint) => (cols[name] ??= []).push(v);
  const expected: Record<string, XValue[]> = {};
  const expect = (name: string, v: XValue) => (expected[name] ??= []).push(v);
  for (let c = 0; c < cycles; c++) {
    if (kind === 'sdp') {
      const p = {
        wr_en: rnd() < 0.5,
        wr_addr: addr(),
        wr_data: randBits(rnd, r.width),
        wr_be: be(),
        rd_en: rnd() < 0.8,
        rd_addr: addr(),
      };
      push('wr_en', p.wr_en ? 1n : 0n);
      push('wr_addr', BigInt(p.wr_addr));
      push('wr_data', p.wr_data);
      if (r.byteEnables) push('wr_be', p.wr_be);
      push('rd_en', p.rd_en ? 1n : 0n);
      push('rd_addr', BigInt(p.rd_addr));
      expect('rd_data', model.sdpStep(p));
    } else {
      const prefixes = kind === 'sp' ? [''] : ['a_', 'b_'];
      const ins: PortInputs[] = prefixes.map(() => ({
        en: rnd() < 0.8,
        we: rnd() < 0.5,
        addr: addr(),
        wdata: randBits(rnd, r.width),
        be: be(),
      }));
      ins.forEach((p, i) => {
        const x = prefixes[i]!;
        push(`${x}en`, p.en ? 1n : 0n);
        push(`${x}we`, p.we ? 1n : 0n);
        push(`${x}addr`, BigInt(p.addr));
        push(`${x}wdata`, p.wdata);
        if (r.byteEnables) push(`${x}be`, p.be);
      });
      model.step(ins).forEach((v, i) => expect(`${prefixes[i]!}rdata`, v));
    }
  }
  return { stimulus: cols, expected };
}

/** Runs one random sequence on a back end and compares it with the model. */
export async function compareWithModel(
  kind: RamKind,
  cfg: RamConfig,
  backend: BackendName,
  cycles: number,
  seed: number,
  model?: RamModel,
): Promise<Comparison> {
  const { stimulus, expected } = randomRun(kind, cfg, cycles, seed, model);
  const sim = await simulate(buildRam(kind, cfg), { backend });
  try {
    const res = await sim.vectors(stimulus, { outputs: Object.keys(expected) });
    const got = Object.fromEntries(Object.keys(expected).map((k) => [k, res.get(k)]));
    let compared = 0;
    for (let c = 0; c < cycles; c++) {
      for (const [port, want] of Object.entries(expected)) {
        const w = want[c]!;
        if (w.known === 0n) continue;
        compared++;
        const g = got[port]![c]!;
        if (!matchesKnown(g, w)) return { cycles, compared, firstMismatch: { cycle: c, port, got: g, want: w } };
      }
    }
    return { cycles, compared, firstMismatch: undefined };
  } finally {
    await sim.close();
  }
}
