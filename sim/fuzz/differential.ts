// Differential check: the same random stimulus through several back ends must give identical output
// traces, cycle by cycle. Reports the first difference.
import type { Design } from '../../dsl/ir/netlist.js';
import type { BackendName } from '../backend.js';
import { simulate } from '../simulate.js';

export interface TraceDiff {
  cycle: number;
  signal: string;
  values: Record<string, string>;
}

export interface Trace {
  outputs: string[];
  samples: Map<string, bigint[]>;
  /** After the run: every register of the top by name (peek) and every memory's words (dumpMemory). */
  state: Map<string, bigint[]>;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

/** Random values for every data input (rst high in cycle 0 only). */
export function randomStimulus(design: Design, cycles: number, seed: number): Record<string, bigint[]> {
  const rnd = lcg(seed);
  const stim: Record<string, bigint[]> = {};
  for (const p of design.top.ports) {
    if (p.dir !== 'input' || p.name === 'clk') continue;
    const w = design.top.nets[p.net]!.width;
    stim[p.name] = Array.from({ length: cycles }, (_, c) => {
      if (p.name === 'rst') return c === 0 ? 1n : 0n;
      let v = 0n;
      for (let k = 0; k < w; k += 32) v = (v << 32n) | BigInt(rnd());
      // Bias towards small and extreme values, where bugs hide.
      const mode = rnd() % 4;
      return BigInt.asUintN(w, mode === 0 ? v & 7n : mode === 1 ? -1n - (v & 3n) : v);
    });
  }
  return stim;
}

export async function runTrace(
  design: Design,
  backend: BackendName,
  stim: Record<string, bigint[]>,
  cacheDir?: string,
): Promise<Trace> {
  const sim = await simulate(design, { backend, ...(cacheDir ? { cacheDir } : {}) });
  try {
    const outputs = design.top.ports.filter((p) => p.dir === 'output').map((p) => p.name);
    const r = await sim.vectors(stim, { outputs });
    // Internal state through the back door too: an unreachable declaration (e.g. behind an attribute)
    // fails here on its back end instead of passing unseen.
    const state = new Map<string, bigint[]>();
    for (const reg of design.top.registers) {
      const name = design.top.nets[reg.net]!.name;
      state.set(name, [await sim.peek(name)]);
    }
    for (const m of design.top.memories) state.set(m.name, await sim.dumpMemory(m.name));
    return { outputs, samples: new Map(outputs.map((o) => [o, r.get(o)])), state };
  } finally {
    await sim.close();
  }
}

export function compareTraces(traces: Record<string, Trace>): TraceDiff | undefined {
  const names = Object.keys(traces);
  const ref = traces[names[0]!]!;
  let first: TraceDiff | undefined;
  for (const o of ref.outputs) {
    const base = ref.samples.get(o)!;
    for (let c = 0; c < base.length; c++) {
      if (first && c >= first.cycle) break;
      if (names.some((n) => traces[n]!.samples.get(o)![c] !== base[c])) {
        first = {
          cycle: c,
          signal: o,
          values: Object.fromEntries(names.map((n) => [n, `0x${traces[n]!.samples.get(o)![c]!.toString(16)}`])),
        };
        break;
      }
    }
  }
  if (first) return first;
  for (const [name, words] of ref.state) {
    const at = words.findIndex((v, i) => names.some((n) => traces[n]!.state.get(name)?.[i] !== v));
    if (at >= 0)
      return {
        cycle: cyclesOf(ref),
        signal: words.length > 1 ? `${name}[${at}] (after the run)` : `${name} (after the run)`,
        values: Object.fromEntries(names.map((n) => [n, `0x${traces[n]!.state.get(name)?.[at]?.toString(16)}`])),
      };
  }
  return undefined;
}

const cyclesOf = (t: Trace): number => t.samples.get(t.outputs[0]!)?.length ?? 0;
