// The optimizer lane: sgd and adam, in the FP32 order of interpreter-rows.ts (optimizer.ts):
//   sgd   (a = p, b = g, c = lr broadcast)   p' = r(p - r(lr * g))
//   adam  m' = r(r(b1 * m) + r(c1 * g))   v' = r(r(b2 * v) + r(r(c2 * g) * g))
//         p' = r(p - r(lrT * div(m', r(sqrt(v') + epsT))))
// adam has 4 sources and 3 destinations, the memory 3 vector reads and 1 vector write a cycle, so it
// runs in three passes over the block (vector-passes.ts): m' from (b = g, c = m), v' from (b = g, c = v)
// on the same multipliers and adder (the constants and the adder's second operand chosen by the pass),
// then p' from (a = p, b = m', c = v') on the tail that sgd shares. Its six constants are registers the
// unit loads from the constants block before the first pass.
import { Bool, UInt, type Signal } from '../../../dsl/index.js';
import { LaneDataflow, type Timed } from './vector-lane-dataflow.js';
import { VectorLane } from './vector-lane.js';

/** adam's constants block, in order (OP_SPECS.adam.consts). */
export const ADAM_CONSTS = ['b1', 'b2', 'c1', 'c2', 'lrT', 'epsT'] as const;

interface OptimizerInputs {
  a: Timed;
  b: Timed;
  c: Timed;
  /** Static: sgd (else adam), and adam's pass: m', v' (else p'). */
  sgd: Timed;
  passM: Timed;
  passV: Timed;
  k: Record<(typeof ADAM_CONSTS)[number], Timed>;
}

function optimizerDatapath(df: LaneDataflow, x: OptimizerInputs): Timed {
  const p = df.reg(x.a, 'a_in');
  const g = df.reg(x.b, 'b_in');
  const c = df.reg(x.c, 'c_in');
  // adam's m and v passes: c is m or v, g the gradient.
  const kc = df.op('mul', 'k_c', df.mux(x.passV, x.k.b2, x.k.b1, 'k1'), c);
  const kg = df.op('mul', 'k_g', df.mux(x.passV, x.k.c2, x.k.c1, 'k2'), g);
  const kgg = df.op('mul', 'k_g_g', kg, g);
  const moment = df.op('add', 'moment', kc, df.mux(x.passV, kgg, kg, 'moment_b'));
  // adam's p pass (b = m', c = v') and sgd (b = g, c = lr).
  const den = df.op('add', 'den', df.op('sqrt', 'sqrt_v', c), x.k.epsT);
  const q = df.op('div', 'm_over_den', g, den);
  const step = df.op('mul', 'step', df.mux(x.sgd, c, x.k.lrT, 'lr'), df.mux(x.sgd, g, q, 'dir'));
  const param = df.op('sub', 'param', p, step);
  return df.mux(x.passM, moment, df.mux(x.passV, moment, param, 'v_or_p'), 'result');
}

export function optimizerLatency(): number {
  const df = new LaneDataflow();
  const i = (n: string) => df.input(undefined, n);
  const s = (n: string) => df.constant(undefined, n);
  const k = Object.fromEntries(ADAM_CONSTS.map((n) => [n, s(n)])) as OptimizerInputs['k'];
  return optimizerDatapath(df, { a: i('a'), b: i('b'), c: i('c'), sgd: s('s'), passM: s('m'), passV: s('v'), k }).t;
}

export class VectorLaneOptimizer extends VectorLane {
  readonly opSgd = this.input(Bool(), 'op_sgd');
  readonly passM = this.input(Bool(), 'pass_m');
  readonly passV = this.input(Bool(), 'pass_v');
  /** adam's constants, loaded by the unit before the first pass. */
  readonly k = Object.fromEntries(ADAM_CONSTS.map((n) => [n, this.input(UInt(32), `k_${n}`)])) as Record<
    (typeof ADAM_CONSTS)[number],
    Signal
  >;

  constructor() {
    super();
    const df = this.dataflow();
    const k = Object.fromEntries(ADAM_CONSTS.map((n) => [n, df.constant(this.k[n], `k_${n}`)])) as OptimizerInputs['k'];
    const result = optimizerDatapath(df, {
      a: df.input(this.a, 'a'),
      b: df.input(this.b, 'b'),
      c: df.input(this.c, 'c'),
      sgd: df.constant(this.opSgd, 'op_sgd'),
      passM: df.constant(this.passM, 'pass_m'),
      passV: df.constant(this.passV, 'pass_v'),
      k,
    });
    this.finish(df, result);
  }
}
