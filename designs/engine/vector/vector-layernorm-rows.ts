// The unit's per-row scalars of the LayerNorm lanes (vector-lane-layernorm.ts): the cross-lane levels
// over the lanes' ring sums (lane l's l cycles after lane 0's), mean = r(sumA invD) and
// rstd = rsqrt(r(r(sumB invD) + eps)), each captured once a period into the register the lanes read
// (mean: stream b's next row; rstd: written by the last column). Times: layerNormTimes.
import { Bool, Module, UInt, when, type Expr, type Signal } from '../../../dsl/index.js';
import { LANE_UNITS, LaneDataflow } from './vector-lane-dataflow.js';
import { layerNormTimes, rowScalars } from './vector-lane-layernorm.js';
import { crossLaneSum, ringTreeCycles } from './vector-lane-row-sum.js';

export class VectorLayerNormRows extends Module {
  readonly laneSumA: Signal[] = [];
  readonly laneSumB: Signal[] = [];
  /** The period's last position, as it reaches lane 0 (issue + 2). */
  readonly lastPos = this.input(Bool(), 'last_pos');
  readonly invD = this.input(UInt(32), 'inv_d');
  readonly eps = this.input(UInt(32), 'eps');
  readonly mean = this.output(UInt(32), 'mean');
  readonly rstd = this.output(UInt(32), 'rstd');

  constructor(readonly lanes: number) {
    super({ lanes });
    for (let l = 0; l < lanes; l++) {
      this.laneSumA.push(this.input(UInt(32), `lane_sum_a${l}`));
      this.laneSumB.push(this.input(UInt(32), `lane_sum_b${l}`));
    }
    const times = layerNormTimes(lanes);
    const df = new LaneDataflow({
      delay: (v, name) => this.delay(v, name),
      unit: (kind, name) => this.instance(new LANE_UNITS[kind](), name),
    });
    const sums = (xs: Signal[], p: string) => xs.map((v, l) => df.inputAt(v, l, `${p}lane_sum${l}`));
    const sumA = crossLaneSum(df, sums(this.laneSumA, 'a_'), 'a_');
    const sumB = crossLaneSum(df, sums(this.laneSumB, 'b_'), 'b_');
    const { mean, rstd } = rowScalars(df, sumA, sumB, df.constant(this.invD, 'inv_d'), df.constant(this.eps, 'eps'));
    // Ring A's input is at lane cycle 0, ring B's at ringBAt: the capture cycles after the last position.
    const tree = ringTreeCycles(lanes);
    if (tree + mean.t !== times.meanReady || times.ringBAt + tree + rstd.t !== times.rstdReady)
      throw new Error('layernorm rows: capture times differ from layerNormTimes');
    let at: Expr = this.lastPos;
    const capture: Expr[] = [at];
    for (let d = 1; d <= times.rstdReady; d++)
      capture.push((at = this.delay(at, { name: `last_pos_d${d}`, init: false })));
    const meanQ = this.reg(UInt(32), { init: 0, name: 'mean_q' });
    const rstdQ = this.reg(UInt(32), { init: 0, name: 'rstd_q' });
    when(capture[times.meanReady]!, () => meanQ.set(df.at(mean, mean.t)!));
    when(capture[times.rstdReady]!, () => rstdQ.set(df.at(rstd, rstd.t)!));
    this.mean.set(meanQ);
    this.rstd.set(rstdQ);
  }
}
