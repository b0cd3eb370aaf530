// Cycle-accurate TypeScript model of the RAM primitives (ram.ts), for bit-exact comparison with any
// simulator of the generated Verilog. It models the same registers the hardware has: the array's read
// register, the write-first bypass registers, and the output registers of latency 2 and 3.
//
// Values carry a mask of known bits: words never written (without init), read registers before their
// first load, and bits both ports of a true dual port RAM write in the same cycle are unknown (X), and
// a comparison should only look at the known bits.
import type { ResolvedRamConfig } from './ram-config.js';

/** A value with the mask of its known bits. */
export interface XValue {
  value: bigint;
  known: bigint;
}

/** One port's inputs in one cycle. For a simple dual port RAM use `sdpStep`. */
export interface PortInputs {
  en: boolean;
  we: boolean;
  addr: number;
  wdata: bigint;
  /** Lane enables (all ones when the RAM has word enables). */
  be: bigint;
}

export interface SdpInputs {
  wr_en: boolean;
  wr_addr: number;
  wr_data: bigint;
  wr_be: bigint;
  rd_en: boolean;
  rd_addr: number;
}

const UNKNOWN: XValue = { value: 0n, known: 0n };

/** Read-side registers of one port. */
interface ReadState {
  raw: XValue;
  hit: boolean;
  bypassData: XValue;
  bypassBe: XValue;
  /** Output registers for latency 2 and 3 (index 0 is stage 2). */
  pipe: XValue[];
}

export class RamModel {
  readonly words: XValue[];
  private readonly ports: ReadState[];
  private readonly full: bigint;

  constructor(
    readonly cfg: ResolvedRamConfig,
    portCount: 1 | 2,
  ) {
    this.full = (1n << BigInt(cfg.width)) - 1n;
    this.words = Array.from({ length: cfg.depth }, (_, i) => {
      if (!cfg.init) return UNKNOWN;
      return { value: cfg.init[i] ?? 0n, known: this.full };
    });
    this.ports = Array.from({ length: portCount }, () => ({
      raw: UNKNOWN,
      hit: false,
      bypassData: UNKNOWN,
      bypassBe: UNKNOWN,
      pipe: Array.from({ length: Math.max(0, cfg.latency - 1) }, () => UNKNOWN),
    }));
  }

  /** Bits of the data word written by lane enables `be`. */
  laneMask(be: bigint): bigint {
    let m = 0n;
    const lw = BigInt(this.cfg.byteWidth);
    for (let i = 0; i < this.cfg.lanes; i++) if ((be >> BigInt(i)) & 1n) m |= ((1n << lw) - 1n) << (lw * BigInt(i));
    return m;
  }

  /** The value the port's data output shows now (after the last edge). */
  output(port: number): XValue {
    const s = this.ports[port]!;
    if (s.pipe.length) return s.pipe[s.pipe.length - 1]!;
    return this.stageOne(s);
  }

  /** What the array read register shows, after the write-first merge. */
  private stageOne(s: ReadState): XValue {
    if (this.cfg.collision !== 'write-first' || !s.hit) return s.raw;
    if (s.bypassBe.known !== this.laneBits()) return UNKNOWN;
    const m = this.laneMask(s.bypassBe.value);
    return {
      value: (s.bypassData.value & m) | (s.raw.value & ~m & this.full),
      known: (s.bypassData.known & m) | (s.raw.known & ~m & this.full),
    };
  }

  private laneBits(): bigint {
    return (1n << BigInt(this.cfg.lanes)) - 1n;
  }

  /**
   * One clock edge of a single port (1 input) or true dual port (2 inputs) RAM; returns each port's
   * data output after the edge. With latency 0 the output is the combinational read of the
   * addresses given, after the edge's writes.
   */
  step(inputs: readonly PortInputs[]): XValue[] {
    const before = this.words.slice();
    inputs.forEach((p, i) => {
      const readEn = this.cfg.collision === 'no-change' ? p.en && !p.we : p.en;
      this.clockRead(this.ports[i]!, before, readEn, p.addr, p.en, { hit: p.we, data: p.wdata, be: p.be });
    });
    this.applyWrites(inputs.map((p) => ({ en: p.en && p.we, addr: p.addr, data: p.wdata, be: p.be })));
    return inputs.map((p, i) => (this.cfg.latency === 0 ? this.words[p.addr]! : this.output(i)));
  }

  /** One clock edge of a simple dual port RAM; returns the read data after the edge. */
  sdpStep(p: SdpInputs): XValue {
    const before = this.words.slice();
    const hit = p.wr_en && p.wr_addr === p.rd_addr;
    this.clockRead(this.ports[0]!, before, p.rd_en, p.rd_addr, p.rd_en, { hit, data: p.wr_data, be: p.wr_be });
    this.applyWrites([{ en: p.wr_en, addr: p.wr_addr, data: p.wr_data, be: p.wr_be }]);
    return this.cfg.latency === 0 ? this.words[p.rd_addr]! : this.output(0);
  }

  /** Registers of one read path at an edge; `before` is the array as the edge finds it. */
  private clockRead(
    s: ReadState,
    before: readonly XValue[],
    readEn: boolean,
    addr: number,
    bypassEn: boolean,
    bypass: { hit: boolean; data: bigint; be: bigint },
  ): void {
    if (this.cfg.latency === 0) return;
    const stage1 = this.stageOne(s);
    for (let k = s.pipe.length - 1; k >= 1; k--) s.pipe[k] = s.pipe[k - 1]!;
    if (s.pipe.length) s.pipe[0] = stage1;
    if (readEn) s.raw = before[addr] ?? UNKNOWN;
    if (bypassEn) {
      s.hit = bypass.hit;
      s.bypassData = { value: bypass.data, known: this.full };
      s.bypassBe = { value: bypass.be, known: this.laneBits() };
    }
  }

  /** Writes of one edge; bits two ports write in the same cycle become unknown. */
  private applyWrites(ws: readonly { en: boolean; addr: number; data: bigint; be: bigint }[]): void {
    const written = new Map<number, bigint>();
    for (const w of ws) {
      if (!w.en) continue;
      const m = this.laneMask(w.be);
      const old = this.words[w.addr]!;
      const clash = written.get(w.addr) ?? 0n;
      this.words[w.addr] = {
        value: (old.value & ~m) | (w.data & m),
        known: ((old.known & ~m) | m) & ~(clash & m) & this.full,
      };
      written.set(w.addr, clash | m);
    }
  }
}

/** True when `got` equals `want` on every bit `want` knows. */
export function matchesKnown(got: bigint, want: XValue): boolean {
  return (got & want.known) === (want.value & want.known);
}
