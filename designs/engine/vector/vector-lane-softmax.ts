// The row-sum lane: rowSum and softmax (docs/vector-unit.md "Row sum and softmax"). Rows stream through
// the unit in periods of R = max(C, P) issue cycles (C chunks, P = 64/L partials per lane, gap cycles
// masked), and up to three rows at once, one per read port: a = row r (its maximum, the reduce lane's
// loop and chain), b = row r-1 (e = exp(r(x - max)) into the 64-way sum), c = row r-2 (e again, then
// p = div(e, sum)). Per lane:
//  - the sum ring: partial k = s*L + l lives in slot s = chunk mod P; the adder and P-5 registers make a
//    P-cycle loop, so slot s comes round exactly when chunk s + P arrives; the first P positions of a row
//    start from +0 (the ring needs P >= 5: up to 8 lanes);
//  - the in-lane halving tree (levels h >= L): the row's last P ring outputs arrive one a cycle, in slot
//    order rotated by R mod P; level h adds the value h cycles back to the current one, so it pairs
//    window positions i, i+h, which are slots s, s+h (mod rotation; the adder is commutative, bits
//    included), and its h results stream on to the next level; one adder a level;
//  - the cross-lane levels (h < L) are the unit's (crossLaneSum), over the lanes' sums l cycles apart.
// The unit broadcasts each row's maximum and sum back to lane l l cycles after lane 0, at the cycles
// softmaxTimes says, so every value a row needs is registered once and read by the dataflow's delays.
import { Bool, UInt, mux } from '../../../dsl/index.js';
import { LaneDataflow, type Timed } from './vector-lane-dataflow.js';
import { crossLaneCycles, ringSum, ringTreeCycles, rowSumLanesOk, sumSlots } from './vector-lane-row-sum.js';
import { VectorLaneReduce, reduceLatency } from './vector-lane-reduce.js';
import { VectorLane } from './vector-lane.js';

export { ADD_CYCLES, crossLaneSum, rowSumLanesOk, sumSlots } from './vector-lane-row-sum.js';

interface ElementInputs {
  a: Timed;
  b: Timed;
  c: Timed;
  enB: Timed;
  /** Static: rowSum (the ring sums b itself, not e); softmaxBwd (the ring sums r(a b); dx from a, b). */
  rowSum: Timed;
  bwd: Timed;
  maxB: Timed;
  maxF: Timed;
  sumF: Timed;
  /** softmaxBwd's row sum for its dx row (the row before the one being summed). */
  sumD: Timed;
}

/** The element paths: the ring's input (masked to +0) and the written result (p, or softmaxBwd's dx). */
function elementPaths(df: LaneDataflow, x: ElementInputs): { ring: Timed; p: Timed } {
  const eB = df.op('exp', 'e_b', df.op('sub', 'x_minus_max_b', x.b, x.maxB));
  const pdp = df.op('mul', 'p_dp', x.a, x.b);
  const value = df.mux(x.bwd, pdp, df.mux(x.rowSum, x.b, eB, 'sum_or_exp'), 'ring_value');
  const ring = df.comb('ring_in', (en, v) => mux(en!, v!, UInt(32).lit(0)), x.enB, value);
  const eF = df.op('exp', 'e_f', df.op('sub', 'x_minus_max_f', x.c, x.maxF));
  const p = df.op('div', 'p', eF, x.sumF);
  const dx = df.op('mul', 'dx', x.a, df.op('sub', 'dp_minus_s', x.b, x.sumD));
  return { ring, p: df.mux(x.bwd, dx, p, 'result') };
}

export interface SoftmaxTimes {
  /** Lane cycle (after the element's words) at which the unit delivers its row's maximum. */
  maxAt: number;
  /** ... and its row's sum (stream c: the row two periods back). */
  sumAt: number;
  /** Lane cycle of the ring's input; the lane's sum leaves `laneSum` cycles after the row's last position. */
  ringAt: number;
  laneSum: number;
  /** Lane 0's last position -> the cross-lane result (before its register). */
  rowSum: number;
  /** Lane latencies: softmax and softmaxBwd (p, dx), rowSum (the result written by the last column). */
  softmax: number;
  rowSumLatency: number;
}

const cache = new Map<number, SoftmaxTimes>();

/** Every fixed time of the family at `lanes` lanes, counted from the dataflow without hardware. */
export function softmaxTimes(lanes: number): SoftmaxTimes {
  const hit = cache.get(lanes);
  if (hit) return hit;
  const P = sumSlots(lanes);
  // The maximum: the last lane's chain result (reduceLatency after its words), registered, then lane l
  // gets it l cycles later; lane 0's words of the next row's chunk 0 arrive 1 cycle after this row's last.
  const maxAt = reduceLatency() + lanes - 1;
  const count = (sumAt: number) => {
    const df = new LaneDataflow();
    const i = (n: string) => df.input(undefined, n);
    return elementPaths(df, {
      a: i('a'),
      b: i('b'),
      c: i('c'),
      enB: i('en_b'),
      rowSum: df.constant(undefined, 'row_sum'),
      bwd: df.constant(undefined, 'bwd'),
      maxB: df.inputAt(undefined, maxAt, 'max_b'),
      maxF: df.inputAt(undefined, maxAt, 'max_f'),
      sumF: df.inputAt(undefined, sumAt, 'sum_f'),
      sumD: df.inputAt(undefined, sumAt, 'sum_d'),
    });
  };
  const ringAt = count(0).ring.t;
  const laneSum = ringAt + ringTreeCycles(lanes);
  const cross = crossLaneCycles(() => new LaneDataflow(), lanes);
  const rowSum = laneSum + cross;
  // The sum register (one after the tree) holds a row's sum for a period from rowSum + 1 after the
  // row's last position; stream c's row starts a period after that row's and reads it from sumAt on.
  const sumAt = rowSum;
  const softmax = count(sumAt).p.t;
  // rowSum's result: the last column writes Lat + L - 1 after the row's last chunk; the gap positions
  // (up to P - 1 of them) come first, so the write waits P cycles past the sum and still sees it.
  const t: SoftmaxTimes = {
    maxAt,
    sumAt,
    ringAt,
    laneSum,
    rowSum,
    softmax,
    rowSumLatency: rowSum + P + 1 - lanes,
  };
  cache.set(lanes, t);
  return t;
}

export class VectorLaneSoftmax extends VectorLane {
  /** Stream a (row r): element in range, first and last chunk of its row (the maximum). */
  readonly enA = this.input(Bool(), 'en_a');
  readonly firstA = this.input(Bool(), 'first_a');
  readonly lastA = this.input(Bool(), 'last_a');
  /** Stream b (row r-1): element in range; its position is among the row's first P (the ring restarts). */
  readonly enB = this.input(Bool(), 'en_b');
  readonly ringFirst = this.input(Bool(), 'ring_first');
  readonly opRowSum = this.input(Bool(), 'op_row_sum');
  readonly opBwd = this.input(Bool(), 'op_softmax_bwd');
  /** The maximum chain (lane l-1's; lane 0: -Infinity) and this lane's link of it. */
  readonly chainIn = this.input(UInt(32), 'chain_in');
  readonly chainOut = this.output(UInt(32), 'chain_out');
  readonly chainValid = this.output(Bool(), 'chain_valid');
  /** Broadcast by the unit: stream b's row maximum, stream c's row maximum and sum (softmaxTimes). */
  readonly maxB = this.input(UInt(32), 'max_b');
  readonly maxF = this.input(UInt(32), 'max_f');
  readonly sumF = this.input(UInt(32), 'sum_f');
  readonly sumD = this.input(UInt(32), 'sum_d');
  /** This lane's sum of its partials, valid softmaxTimes.laneSum cycles after the row's last position. */
  readonly laneSum = this.output(UInt(32), 'lane_sum');

  constructor(readonly lanes: number) {
    super({ lanes });
    if (!rowSumLanesOk(lanes)) throw new RangeError(`the row-sum lane needs at most 8 lanes, got ${lanes}`);
    const times = softmaxTimes(lanes);
    // The maximum: the reduce lane on stream a.
    const max = this.instance(new VectorLaneReduce(), 'max');
    max.a.set(this.a);
    max.b.set(UInt(32).lit(0));
    max.c.set(UInt(32).lit(0));
    max.en.set(this.enA);
    max.first.set(this.firstA);
    max.last.set(this.lastA);
    max.chainIn.set(this.chainIn);
    this.chainOut.set(max.y);
    this.chainValid.set(max.valid);

    const df = this.dataflow();
    const { ring, p } = elementPaths(df, {
      a: df.input(this.a, 'a'),
      b: df.input(this.b, 'b'),
      c: df.input(this.c, 'c'),
      enB: df.input(this.enB, 'en_b'),
      rowSum: df.constant(this.opRowSum, 'op_row_sum'),
      bwd: df.constant(this.opBwd, 'op_softmax_bwd'),
      maxB: df.inputAt(this.maxB, times.maxAt, 'max_b'),
      maxF: df.inputAt(this.maxF, times.maxAt, 'max_f'),
      sumF: df.inputAt(this.sumF, times.sumAt, 'sum_f'),
      sumD: df.inputAt(this.sumD, times.sumAt, 'sum_d'),
    });
    if (ring.t !== times.ringAt) throw new Error('row-sum lane: ring time differs from softmaxTimes');
    const first = df.at(df.input(this.ringFirst, 'ring_first'), ring.t)!;
    this.laneSum.set(ringSum(this.hardware(), df.at(ring, ring.t)!, first, lanes));
    this.finish(df, p);
    if (this.latency !== times.softmax) throw new Error('row-sum lane: latency differs from softmaxTimes');
  }
}
