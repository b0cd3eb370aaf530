// The element-wise arithmetic lane: add, sub, mul, scale, copy, sumRows (docs/vector-unit.md).
// sub is the adder with b's sign flipped (a - b = a + (-b) in IEEE arithmetic, zeros and NaN
// included); scale is mul with b the constant broadcast by the memory; sumRows is add with b the column
// sums read back, and +0 instead of them on the first row when it does not accumulate (zero_b, which
// travels with its element). copy passes a's bits through.
import { Bool, UInt, mux } from '../../../dsl/index.js';
import { LaneDataflow, type Timed } from './vector-lane-dataflow.js';
import { VectorLane } from './vector-lane.js';

interface ArithInputs {
  a: Timed;
  b: Timed;
  /** Per element: b is +0 (sumRows' first row without accumulate). */
  zeroB: Timed;
  /** Static: the instruction's operation. */
  sub: Timed;
  mul: Timed;
  copy: Timed;
}

function arithDatapath(df: LaneDataflow, x: ArithInputs): Timed {
  const b = df.comb('b_sel', (z, v) => mux(z, UInt(32).lit(0), v), x.zeroB, x.b);
  const bIn = df.reg(
    df.comb('b_signed', (s, v) => mux(s, v.xor(UInt(32).lit(0x80000000)), v), x.sub, b),
    'b_in',
  );
  const aIn = df.reg(x.a, 'a_in');
  const sum = df.op('add', 'add', aIn, bIn);
  const product = df.op('mul', 'mul', aIn, bIn);
  return df.mux(x.copy, aIn, df.mux(x.mul, product, sum, 'mul_or_add'), 'result');
}

/** Cycles from the memory words to the result. */
export function arithLatency(): number {
  const df = new LaneDataflow();
  const i = (n: string) => df.input(undefined, n);
  const s = (n: string) => df.constant(undefined, n);
  return arithDatapath(df, { a: i('a'), b: i('b'), zeroB: i('z'), sub: s('s'), mul: s('m'), copy: s('c') }).t;
}

export class VectorLaneArith extends VectorLane {
  readonly zeroB = this.input(Bool(), 'zero_b');
  readonly opSub = this.input(Bool(), 'op_sub');
  readonly opMul = this.input(Bool(), 'op_mul');
  readonly opCopy = this.input(Bool(), 'op_copy');

  constructor() {
    super();
    const df = this.dataflow();
    const result = arithDatapath(df, {
      a: df.input(this.a, 'a'),
      b: df.input(this.b, 'b'),
      zeroB: df.input(this.zeroB, 'zero_b'),
      sub: df.constant(this.opSub, 'op_sub'),
      mul: df.constant(this.opMul, 'op_mul'),
      copy: df.constant(this.opCopy, 'op_copy'),
    });
    this.finish(df, result);
  }
}
