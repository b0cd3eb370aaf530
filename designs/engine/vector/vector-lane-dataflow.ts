// A lane's datapath written once as a dataflow of FP32 units over timed values: every value knows the
// cycle it is valid in (counted from the memory words' arrival at the lane), and an operation waits
// for its latest operand, delaying the others by shift registers (shared by every reader of a value).
// Each unit's result is registered once before anyone reads it, so no path runs from one unit's
// output logic into the next unit's input logic (each stays within the unit's own LUT levels plus a
// mux). Without hardware hooks the same description only counts cycles: the cycle model
// (vector-cycle-model.ts) runs it that way, so the model's latencies are the hardware's by construction.
import { Bool, mux, type Expr } from '../../../dsl/index.js';
import { defaultStages } from '../../../rtl-lib/fp/hw/fp-unit-defaults.js';
import {
  Fp32Add,
  Fp32Div,
  Fp32Exp,
  Fp32Mul,
  Fp32Rsqrt,
  Fp32Sqrt,
  Fp32Sub,
  Fp32Tanh,
  type FpUnitModule,
} from '../../../rtl-lib/fp/hw/fp-unit-module.js';

/** The rtl-lib FP32 units a lane uses (default pipelines). */
export const LANE_UNITS = {
  add: Fp32Add,
  sub: Fp32Sub,
  mul: Fp32Mul,
  tanh: Fp32Tanh,
  sqrt: Fp32Sqrt,
  div: Fp32Div,
  exp: Fp32Exp,
  rsqrt: Fp32Rsqrt,
};
export type LaneUnit = keyof typeof LANE_UNITS;

/** What the lane module lends the dataflow (Module's builders are protected). */
export interface LaneHardware {
  delay(v: Expr, name: string): Expr;
  unit(kind: LaneUnit, name: string): FpUnitModule;
}

/** A value and the first cycle it is valid in; `static` values hold for a whole instruction. */
export interface Timed {
  readonly t: number;
  readonly v: Expr | undefined;
  readonly name: string;
}

/** Marks a value constant during an instruction (a decoded flag, a constant register, a literal). */
const STATIC = Number.NEGATIVE_INFINITY;

export class LaneDataflow {
  private readonly chains = new Map<Timed, Expr[]>();

  /** With `hw` it builds the datapath; without, it only computes times (v is undefined). */
  constructor(private readonly hw?: LaneHardware) {}

  /** A word as the memory delivers it (cycle 0), or any per-element input arriving with it. */
  input(v: Expr | undefined, name: string): Timed {
    return { t: 0, v, name };
  }

  /** A value the lane's surroundings deliver in cycle t of each element (a per-row result broadcast). */
  inputAt(v: Expr | undefined, t: number, name: string): Timed {
    return { t, v, name };
  }

  /** A value constant during the instruction: usable at any cycle without a delay. */
  constant(v: Expr | undefined, name: string): Timed {
    return { t: STATIC, v, name };
  }

  /** x's value in cycle t (t at or after x's): x delayed by t - x.t registers. */
  at(x: Timed, t: number): Expr | undefined {
    if (x.t === STATIC || !this.hw || x.v === undefined) return x.v;
    if (t < x.t) throw new Error(`lane dataflow: ${x.name} is valid from cycle ${x.t}, read at ${t}`);
    let chain = this.chains.get(x);
    if (!chain) this.chains.set(x, (chain = [x.v]));
    while (chain.length <= t - x.t) chain.push(this.hw.delay(chain[chain.length - 1]!, `${x.name}_d${chain.length}`));
    return chain[t - x.t];
  }

  /** One register stage (the operand registers after the memory). */
  reg(x: Timed, name: string): Timed {
    const t = Math.max(x.t, 0);
    const v = this.at(x, t);
    return { t: t + 1, v: this.hw && v ? this.hw.delay(v, name) : undefined, name };
  }

  /** Combinational logic over values, valid when the latest is (keep it small: it adds LUT levels). */
  comb(name: string, f: (...v: Expr[]) => Expr, ...xs: Timed[]): Timed {
    const t = Math.max(...xs.map((x) => x.t));
    if (!this.hw) return { t, v: undefined, name };
    return { t, v: f(...xs.map((x) => this.at(x, t)!)), name };
  }

  /** A static select: `sel ? x : y`, valid when the later of x and y is. */
  mux(sel: Timed, x: Timed, y: Timed, name: string): Timed {
    if (sel.t !== STATIC) throw new Error(`lane dataflow: mux select ${sel.name} must be static`);
    return this.comb(name, (s, a, b) => mux(s!, a!, b!), sel, x, y);
  }

  /** An FP32 unit of rtl-lib with its default pipeline, its result registered: r(op(args)). */
  op(kind: LaneUnit, name: string, ...args: Timed[]): Timed {
    const tIn = Math.max(0, ...args.map((x) => x.t));
    const latency = defaultStages(kind);
    if (!this.hw) return { t: tIn + latency + 1, v: undefined, name };
    const u = this.hw.unit(kind, name);
    if (u.latency !== latency) throw new Error(`lane dataflow: ${kind} latency ${u.latency}, expected ${latency}`);
    const ports = [u.a, u.b, u.c];
    args.forEach((x, i) => ports[i]!.set(this.at(x, tIn)!));
    u.inValid.set(Bool().lit(true)); // every cycle is computed; the lane's own valid bit says which count
    return { t: tIn + latency + 1, v: this.hw.delay(u.y, `${name}_q`), name };
  }
}
