// The LayerNorm lane (docs/vector-unit.md "LayerNorm"). layerNormFwd: three passes in row periods of
// R = max(C, 64/L) issue cycles, each writing one destination through the one write port:
//  1. rstd (w): stream a = row r (x into ring A: the row sum of x), stream b = row r-1 (t = r(x - mean)
//     with the unit's mean of that row, r(t t) into ring B); the unit turns ring A's total into
//     mean = r(sum invD) and ring B's into rstd = rsqrt(r(r(sum invD) + eps)), and the last column
//     writes rstd (one word a row, like rowSum);
//  2. xhat (z): the same streams, and port f reads row r-1's rstd from w (broadcast): xhat = r(t rstd);
//  3. y: element-wise from xhat (a), gamma (b) and beta (f): y = r(r(xhat gamma) + beta).
// layerNormBwd: four passes: dBeta = r(dBeta + dy) and dGamma = r(dGamma + r(dy xhat)) (the y path,
// rows spaced like sumRows'), then u = r(r(g - m1) - r(xhat m2)) with g = r(dy gamma) in alternating sum
// and result periods (as softmaxBwd: the rings sum g and r(g xhat) of row i, the result period writes
// row i-1 with the unit's m1 = r(sumA invD), m2 = r(sumB invD) of the sum period before), and
// dx = r(u rstd) (the xhat multiplier fed with u). Every value is the interpreter's in its order: the
// sums are the 64-way order (the shared ring, vector-lane-row-sum.ts), the row scalars come from the
// same units once a row. The forward's rstd write needs the lane latency to be exactly rstd's
// (layerNormTimes), so every other result waits in delay registers until then.
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
  /** Static: the result is r(r(a b) + c) (forward y; backward dGamma), or r(a + c) with `addOnly` (dBeta). */
  opY: Timed;
  addOnly: Timed;
  /** Static: layerNormBwd (the rings sum g = r(a c) and r(g b); the multiply by c takes a: dx = r(u rstd)). */
  bwd: Timed;
  /** Static: the backward's u = r(r(g - m1) - r(b m2)). */
  opU: Timed;
  /** The unit's mean of stream b's row (forward), and the previous sum period's m1, m2 (backward). */
  meanB: Timed;
  m1: Timed;
  m2: Timed;
}

/** Both rings' inputs (masked to +0) and the written result. */
function elementPaths(df: LaneDataflow, x: ElementInputs): { ringA: Timed; ringB: Timed; result: Timed } {
  const zero = UInt(32).lit(0);
  const mask = (name: string, en: Timed, v: Timed) => df.comb(name, (e, u) => mux(e!, u!, zero), en, v);
  const t = df.op('sub', 'x_minus_mean', x.b, x.meanB);
  const g = df.op('mul', 'g', x.a, x.c);
  const gx = df.op('mul', 'g_xhat', g, x.b);
  const ringA = mask('ring_a_in', x.enA, df.mux(x.bwd, g, x.a, 'ring_a_value'));
  const ringB = mask('ring_b_in', x.enB, df.mux(x.bwd, gx, df.op('mul', 't_t', t, t), 'ring_b_value'));
  // xhat = r(t rstd) (forward), dx = r(u rstd) (backward, u read back on a): one multiplier.
  const xhat = df.op('mul', 'times_rstd', df.mux(x.bwd, x.a, t, 'a_or_t'), x.c);
  const product = df.op('mul', 'a_times_b', x.a, x.b);
  const y = df.op('add', 'plus_c', df.mux(x.addOnly, x.a, product, 'addend'), x.c);
  const u = df.op('sub', 'u', df.op('sub', 'g_minus_m1', g, x.m1), df.op('mul', 'xhat_m2', x.b, x.m2));
  return { ringA, ringB, result: df.mux(x.opY, y, df.mux(x.opU, u, xhat, 'u_or_xhat'), 'result') };
}

/** The unit's per-row scalars from the cross-lane totals: mean (= m1), var (= m2) and rstd, once a row. */
export function rowScalars(
  df: LaneDataflow,
  sumA: Timed,
  sumB: Timed,
  invD: Timed,
  eps: Timed,
): { mean: Timed; variance: Timed; rstd: Timed } {
  const mean = df.op('mul', 'ln_mean', sumA, invD);
  const variance = df.op('mul', 'ln_var', sumB, invD);
  const rstd = df.op('rsqrt', 'ln_rstd', df.op('add', 'ln_var_eps', variance, eps));
  return { mean, variance, rstd };
}

export interface LayerNormTimes {
  /** Lane cycles of the rings' inputs. */
  ringAAt: number;
  ringBAt: number;
  /**
   * The period's last position -> the register inputs of mean (m1: ring A), var (m2) and rstd (ring B);
   * a lane reads each at that lane cycle after its element's words (the next period's row).
   */
  meanReady: number;
  varReady: number;
  rstdReady: number;
  /** The lane latency of every pass: the forward's rstd write, latency + L - 1 after the row's last chunk. */
  latency: number;
  /** The element result's own cycle, before it waits for `latency`. */
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
  const count = (meanAt: number, varAt: number) => {
    const df = new LaneDataflow();
    const i = (n: string) => df.input(undefined, n);
    const k = (n: string) => df.constant(undefined, n);
    return elementPaths(df, {
      a: i('a'),
      b: i('b'),
      c: i('c'),
      enA: i('en_a'),
      enB: i('en_b'),
      opY: k('op_y'),
      addOnly: k('add_only'),
      bwd: k('bwd'),
      opU: k('op_u'),
      meanB: df.inputAt(undefined, meanAt, 'mean_b'),
      m1: df.inputAt(undefined, meanAt, 'm1'),
      m2: df.inputAt(undefined, varAt, 'm2'),
    });
  };
  // Ring A does not wait for the mean, ring B does (forward), and nothing waits for var but u.
  const tree = ringTreeCycles(lanes) + cross;
  const ringAAt = count(0, 0).ringA.t;
  const meanReady = ringAAt + tree + scalars.mean.t;
  const ringBAt = count(meanReady, 0).ringB.t;
  const varReady = ringBAt + tree + scalars.variance.t;
  const rstdReady = ringBAt + tree + scalars.rstd.t;
  const resultAt = count(meanReady, varReady).result.t;
  // The forward's rstd write: the last column writes latency + L - 1 after the row's last chunk, which lies
  // up to P - 1 positions before the row's last; the rstd register holds a row's value for a period.
  // (16 lanes are not built, rowSumLanesOk; the cost model still counts them: the later of the two.)
  let latency = rstdReady + P + 1 - lanes;
  if (resultAt > latency && rowSumLanesOk(lanes))
    throw new Error('layernorm lane: the element result is later than rstd');
  if (resultAt > latency) latency = resultAt;
  const t: LayerNormTimes = { ringAAt, ringBAt, meanReady, varReady, rstdReady, latency, resultAt };
  cache.set(lanes, t);
  return t;
}

export class VectorLaneLayerNorm extends VectorLane {
  /** The rings' rows: element in range (forward: a = row r, b = row r-1; backward: both the sum period's row). */
  readonly enA = this.input(Bool(), 'en_a');
  readonly enB = this.input(Bool(), 'en_b');
  /** The position is among the row's first P (both rings restart). */
  readonly ringFirst = this.input(Bool(), 'ring_first');
  readonly opY = this.input(Bool(), 'op_y');
  readonly addOnly = this.input(Bool(), 'add_only');
  readonly bwd = this.input(Bool(), 'bwd');
  readonly opU = this.input(Bool(), 'op_u');
  /** Broadcast by the unit (layerNormTimes): stream b's row mean; the previous sum period's m1 and m2. */
  readonly meanB = this.input(UInt(32), 'mean_b');
  readonly m1 = this.input(UInt(32), 'm1');
  readonly m2 = this.input(UInt(32), 'm2');
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
      addOnly: df.constant(this.addOnly, 'add_only'),
      bwd: df.constant(this.bwd, 'bwd'),
      opU: df.constant(this.opU, 'op_u'),
      meanB: df.inputAt(this.meanB, times.meanReady, 'mean_b'),
      m1: df.inputAt(this.m1, times.meanReady, 'm1'),
      m2: df.inputAt(this.m2, times.varReady, 'm2'),
    });
    if (ringA.t !== times.ringAAt || ringB.t !== times.ringBAt)
      throw new Error('layernorm lane: ring times differ from layerNormTimes');
    const first = df.input(this.ringFirst, 'ring_first');
    const hw = this.hardware();
    this.laneSumA.set(ringSum(hw, df.at(ringA, ringA.t)!, df.at(first, ringA.t)!, lanes, 'a_'));
    this.laneSumB.set(ringSum(hw, df.at(ringB, ringB.t)!, df.at(first, ringB.t)!, lanes, 'b_'));
    this.finish(df, result, times.latency);
  }
}
