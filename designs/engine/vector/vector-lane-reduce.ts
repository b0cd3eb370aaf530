// The row-reduction lane: rowMax (docs/vector-unit.md "Row maximum"). The IEEE maximum is commutative
// and associative, so each lane keeps one running maximum of the elements it sees (j = c*L + l), and at
// a row's last chunk the lanes combine in a chain: lane l takes max(its own, lane l-1's combined value).
// Lane l runs l cycles behind lane l-1, and lane l-1's combined value is registered once, so it arrives
// exactly when lane l needs it; lane L-1 holds the row's maximum and is the only lane that writes.
// Fp32Max is combinational (rtl-lib's default: no cut points), so the accumulator loop is one cycle.
import { Bool, UInt, mux } from '../../../dsl/index.js';
import { Fp32Max } from '../../../rtl-lib/fp/hw/fp-unit-module.js';
import { VectorLane } from './vector-lane.js';

const NEG_INF = 0xff800000;

/** Cycles from the memory word to the lane's combined maximum: input register, accumulator, chain register. */
export const reduceLatency = (): number => 3;

export class VectorLaneReduce extends VectorLane {
  /** This element's chunk is its row's first (the accumulator restarts from -Infinity). */
  readonly first = this.input(Bool(), 'first');
  /** This element's chunk is its row's last (valid rises with the row's result). */
  readonly last = this.input(Bool(), 'last');
  /** The previous lane's combined maximum (its y); lane 0: -Infinity. */
  readonly chainIn = this.input(UInt(32), 'chain_in');

  constructor() {
    super();
    const negInf = UInt(32).lit(NEG_INF);
    // A masked element is -Infinity, the maximum's identity (max(-0, -Inf) = -0, max(NaN, -Inf) = NaN).
    const x = this.delay(mux(this.en, this.a, negInf), 'x_in');
    const firstIn = this.delay(this.first, { name: 'first_in', init: false });
    const lastIn = this.delay(this.last, { name: 'last_in', init: false });
    const acc = this.reg(UInt(32), { init: NEG_INF, name: 'acc' });
    const step = this.instance(new Fp32Max(), 'acc_max');
    step.a.set(mux(firstIn, negInf, acc));
    step.b.set(x);
    step.inValid.set(Bool().lit(true));
    acc.set(step.y);
    // acc holds this lane's row maximum for one cycle after the last chunk: combine it with the chain.
    const combine = this.instance(new Fp32Max(), 'chain_max');
    combine.a.set(acc);
    combine.b.set(this.chainIn);
    combine.inValid.set(Bool().lit(true));
    this.y.set(this.delay(combine.y, 'row_max'));
    const lastAcc = this.delay(lastIn, { name: 'last_acc', init: false });
    this.valid.set(this.delay(lastAcc, { name: 'valid_q', init: false }));
    this.latency = reduceLatency();
  }
}
