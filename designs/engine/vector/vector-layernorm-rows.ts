// The unit's per-row scalars of the LayerNorm lanes (vector-lane-layernorm.ts): the cross-lane levels
// over the lanes' ring sums (lane l's l cycles after lane 0's), mean = r(sumA invD), var = r(sumB invD)
// and rstd = rsqrt(r(var + eps)), each captured once a period into the register the lanes read (mean:
// stream b's next row; rstd: written by the last column; the backward's m1 = mean and m2 = var of a sum
// period, read in the result period after the next one). Times: layerNormTimes.
import { Bool, Module, UInt, when, type Expr, type Signal } from '../../../dsl/index.js';
import { LANE_UNITS, LaneDataflow } from './vector-lane-dataflow.js';
import { layerNormTimes, rowScalars } from './vector-lane-layernorm.js';
import { crossLaneSum, ringTreeCycles } from './vector-lane-row-sum.js';

export class VectorLayerNormRows extends Module {
  readonly laneSumA: Signal[] = [];
  readonly laneSumB: Signal[] = [];
  /** The period's last position, as it reaches lane 0 (issue + 2); and only a sum period's (backward). */
  readonly lastPos = this.input(Bool(), 'last_pos');
  readonly sumEnd = this.input(Bool(), 'sum_end');
  readonly invD = this.input(UInt(32), 'inv_d');
  readonly eps = this.input(UInt(32), 'eps');
  readonly mean = this.output(UInt(32), 'mean');
  readonly rstd = this.output(UInt(32), 'rstd');
  /** The backward's m1 and m2 of the sum period before the last one (the result period's row). */
  readonly m1 = this.output(UInt(32), 'm1');
  readonly m2 = this.output(UInt(32), 'm2');

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
    const { mean, variance, rstd } = rowScalars(
      df,
      sumA,
      sumB,
      df.constant(this.invD, 'inv_d'),
      df.constant(this.eps, 'eps'),
    );
    // The rings' inputs are at lane cycles ringAAt, ringBAt: the capture cycles after the last position.
    const tree = ringTreeCycles(lanes);
    const ready = (ring: number, x: { t: number }, want: number) => ring + tree + x.t === want;
    if (
      !ready(times.ringAAt, mean, times.meanReady) ||
      !ready(times.ringBAt, variance, times.varReady) ||
      !ready(times.ringBAt, rstd, times.rstdReady)
    )
      throw new Error('layernorm rows: capture times differ from layerNormTimes');
    const delays = (x: Expr, name: string): Expr[] => {
      const out = [x];
      for (let d = 1; d <= times.rstdReady; d++)
        out.push(this.delay(out[d - 1]!, { name: `${name}_d${d}`, init: false }));
      return out;
    };
    const capture = delays(this.lastPos, 'last_pos');
    const sumEnd = delays(this.sumEnd, 'sum_end');
    const reg = (name: string) => this.reg(UInt(32), { init: 0, name });
    const meanQ = reg('mean_q'),
      rstdQ = reg('rstd_q'),
      m1Q = reg('m1_q'),
      m1Prev = reg('m1_prev'),
      m2Q = reg('m2_q'),
      m2Prev = reg('m2_prev');
    when(capture[times.meanReady]!, () => meanQ.set(df.at(mean, mean.t)!));
    when(capture[times.rstdReady]!, () => rstdQ.set(df.at(rstd, rstd.t)!));
    // The backward: each sum period's values shift through two registers (its result period comes a
    // sum period later, when the next row's values are being captured).
    when(sumEnd[times.meanReady]!, () => {
      m1Q.set(df.at(mean, mean.t)!);
      m1Prev.set(m1Q);
    });
    when(sumEnd[times.varReady]!, () => {
      m2Q.set(df.at(variance, variance.t)!);
      m2Prev.set(m2Q);
    });
    this.mean.set(meanQ);
    this.rstd.set(rstdQ);
    this.m1.set(m1Prev);
    this.m2.set(m2Prev);
  }
}
