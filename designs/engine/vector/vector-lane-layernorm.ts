// The LayerNorm lane: layerNormFwd (docs/vector-unit.md "LayerNorm"). Three passes in row periods of
// R = max(C, 64/L) issue cycles, each writing one destination through the one write port:
//  1. rstd (w): stream a = row r (x into ring A: the row sum of x), stream b = row r-1 (t = r(x - mean)
//     with the unit's mean of that row, r(t t) into ring B); the unit turns ring A's total into
//     mean = r(sum invD) and ring B's into rstd = rsqrt(r(r(sum invD) + eps)), and the last column
//     writes rstd (one word a row, like rowSum);
//  2. xhat (z): the same streams, and port f reads row r-1's rstd from w (broadcast): xhat = r(t rstd);
//  3. y: element-wise from xhat (a), gamma (b) and beta (f): y = r(r(xhat gamma) + beta).
// Every value is the interpreter's in its order: the sums are the 64-way order (the shared ring,
// vector-lane-row-sum.ts), mean and rstd come from the same units once a row. Pass 1's write needs the
// lane latency to be exactly rstd's (layerNormTimes), so xhat and y wait in delay registers until then.
import { Bool, UInt, mux } from '../../../dsl/index.js';
import { LaneDataflow, type Timed } from './vector-lane-dataflow.js';
import { crossLaneCycles, ringSum, ringTreeCycles, rowSumLanesOk, sumSlots } from './vector-lane-row-sum.js';
import { VectorLane } from './vector-lane.js';

interface ElementInputs {
  a: Timed;
  b: Timed;
  c: Timed;
  enA: Timed;
  enB: Timed;
  /** Static: pass 3 (y from xhat, gamma, beta) rather than pass 2 (xhat). */
  opY: Timed;
  /** The unit's mean of stream b's row. */
  meanB: Timed;
}

/** Both rings' inputs (masked to +0) and the written result (xhat or y). */
function elementPaths(df: LaneDataflow, x: ElementInputs): { ringA: Timed; ringB: Timed; result: Timed } {
  const zero = UInt(32).lit(0);
  const ringA = df.comb('ring_a_in', (en, v) => mux(en!, v!, zero), x.enA, x.a);
  const t = df.op('sub', 'x_minus_mean', x.b, x.meanB);
  const ringB = df.comb('ring_b_in', (en, v) => mux(en!, v!, zero), x.enB, df.op('mul', 't_t', t, t));
  const xhat = df.op('mul', 'xhat', t, x.c);
  const y = df.op('add', 'y', df.op('mul', 'xhat_gamma', x.a, x.b), x.c);
  return { ringA, ringB, result: df.mux(x.opY, y, xhat, 'result') };
}

/** The unit's per-row scalars from the cross-lane totals: mean, and rstd (its units, once a row). */
export function rowScalars(
  df: LaneDataflow,
  sumA: Timed,
  sumB: Timed,
  invD: Timed,
  eps: Timed,
): { mean: Timed; rstd: Timed } {
  const mean = df.op('mul', 'ln_mean', sumA, invD);
  const variance = df.op('mul', 'ln_var', sumB, invD);
  const rstd = df.op('rsqrt', 'ln_rstd', df.op('add', 'ln_var_eps', variance, eps));
  return { mean, rstd };
}

export interface LayerNormTimes {
  /** Lane cycle (after the element's words) at which the unit delivers stream b's row mean. */
  meanAt: number;
  /** Lane cycle of ring B's input (ring A's is 0). */
  ringBAt: number;
  /** The row's last position -> the mean register's input (ring A) and the rstd register's (ring B). */
  meanReady: number;
  rstdReady: number;
  /** The lane latency of every pass: pass 1's last column writes rstd latency + L - 1 after the last chunk. */
  latency: number;
  /** The element result's own cycle (xhat or y), before it waits for `latency`. */
  resultAt: number;
}

const cache = new Map<number, LayerNormTimes>();

/** Every fixed time of the family at `lanes` lanes, counted from the dataflows without hardware. */
export function layerNormTimes(lanes: number): LayerNormTimes {
  const hit = cache.get(lanes);
  if (hit) return hit;
  const P = sumSlots(lanes);
  const cross = crossLaneCycles(() => new LaneDataflow(), lanes);
  const scalars = (() => {
    const df = new LaneDataflow();
    const c = (n: string) => df.constant(undefined, n);
    return rowScalars(df, df.input(undefined, 'sa'), df.input(undefined, 'sb'), c('inv_d'), c('eps'));
  })();
  // The mean: ring A's sum leaves the tree, crosses the lanes and is multiplied; stream b's row comes a
  // period after stream a's, so its elements read it from meanReady on (as softmax reads its sum).
  const meanReady = ringTreeCycles(lanes) + cross + scalars.mean.t;
  const meanAt = meanReady;
  const count = () => {
    const df = new LaneDataflow();
    const i = (n: string) => df.input(undefined, n);
    return elementPaths(df, {
      a: i('a'),
      b: i('b'),
      c: i('c'),
      enA: i('en_a'),
      enB: i('en_b'),
      opY: df.constant(undefined, 'op_y'),
      meanB: df.inputAt(undefined, meanAt, 'mean_b'),
    });
  };
  const paths = count();
  const ringBAt = paths.ringB.t;
  const rstdReady = ringBAt + ringTreeCycles(lanes) + cross + scalars.rstd.t;
  // Pass 1's write: the last column writes latency + L - 1 after the row's last chunk, which lies up to
  // P - 1 positions before the row's last; the rstd register holds a row's value for one period.
  const latency = rstdReady + P + 1 - lanes;
  if (paths.result.t > latency) throw new Error('layernorm lane: the element result is later than rstd');
  const t: LayerNormTimes = { meanAt, ringBAt, meanReady, rstdReady, latency, resultAt: paths.result.t };
  cache.set(lanes, t);
  return t;
}

export class VectorLaneLayerNorm extends VectorLane {
  /** Stream a (row r): element in range. Stream b (row r-1): element in range. */
  readonly enA = this.input(Bool(), 'en_a');
  readonly enB = this.input(Bool(), 'en_b');
  /** The position is among the row's first P (both rings restart). */
  readonly ringFirst = this.input(Bool(), 'ring_first');
  readonly opY = this.input(Bool(), 'op_y');
  /** Broadcast by the unit: stream b's row mean (at layerNormTimes.meanAt). */
  readonly meanB = this.input(UInt(32), 'mean_b');
  /** This lane's sums of its partials (rings A and B), valid ringTreeCycles after the row's last position. */
  readonly laneSumA = this.output(UInt(32), 'lane_sum_a');
  readonly laneSumB = this.output(UInt(32), 'lane_sum_b');

  constructor(readonly lanes: number) {
    super({ lanes });
    if (!rowSumLanesOk(lanes)) throw new RangeError(`the layernorm lane needs at most 8 lanes, got ${lanes}`);
    const times = layerNormTimes(lanes);
    const df = this.dataflow();
    const { ringA, ringB, result } = elementPaths(df, {
      a: df.input(this.a, 'a'),
      b: df.input(this.b, 'b'),
      c: df.input(this.c, 'c'),
      enA: df.input(this.enA, 'en_a'),
      enB: df.input(this.enB, 'en_b'),
      opY: df.constant(this.opY, 'op_y'),
      meanB: df.inputAt(this.meanB, times.meanAt, 'mean_b'),
    });
    if (ringB.t !== times.ringBAt) throw new Error('layernorm lane: ring B time differs from layerNormTimes');
    const first = df.input(this.ringFirst, 'ring_first');
    const hw = this.hardware();
    this.laneSumA.set(ringSum(hw, df.at(ringA, ringA.t)!, df.at(first, ringA.t)!, lanes, 'a_'));
    this.laneSumB.set(ringSum(hw, df.at(ringB, ringB.t)!, df.at(first, ringB.t)!, lanes, 'b_'));
    this.finish(df, result, times.latency);
  }
}
