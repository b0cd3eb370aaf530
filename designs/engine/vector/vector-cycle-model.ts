// Cycles of one vector instruction on the vector unit (vector-unit.ts), from the cycle in which `start`
// is high to the first cycle `done` is high. The hardware does not compute these numbers; simulations
// compare them with what they measure (test/designs/engine/vector/vector-unit.test.ts). The lanes'
// latencies come from the same dataflow descriptions the hardware is built from, counted without hardware.
//
//   cycle 0: start;  then per pass: setup 1, (first pass, adam: load the constants), setup 2, issue one
//   chunk of L elements a cycle (plus sumRows' row gaps), drain: the last issue t -> the last column
//   written at the end of t + issueToWrite + L; done (or the next pass's setup 1) one cycle later.
import type { VectorInstruction } from './isa.js';
import { activationLatency } from './vector-lane-activation.js';
import { arithLatency } from './vector-lane-arith.js';
import { optimizerLatency } from './vector-lane-optimizer.js';
import { reduceLatency } from './vector-lane-reduce.js';
import { layerNormTimes } from './vector-lane-layernorm.js';
import { softmaxTimes, sumSlots } from './vector-lane-softmax.js';
import type { VectorOp } from './isa.js';
import { HW_PLANS, type HwPass, type LaneFamily, passColumnSum, passPeriods, rowPeriodCount } from './vector-passes.js';

/** The families whose latency depends on the lane count (the row-sum rings). */
type FixedFamily = Exclude<LaneFamily, 'softmax' | 'layernorm'>;

export interface VectorTiming {
  /** Cycles through the family's lane: memory words in -> result out (vector-lane-*.ts). */
  laneLatency: number;
  /** Issue of a chunk -> its column-0 result presented to the memory. */
  issueToWrite: number;
  /** Least distance in issue cycles between a chunk's write and a read of the same words. */
  readAfterWrite: number;
  /** Cycles from a pass's last issue to done (or to the next pass). */
  drainCycles: number;
}

let latencies: Record<FixedFamily, number> | undefined;

/** Each lane family's latency (computed once). */
export function laneLatencies(): Record<FixedFamily, number> {
  latencies ??= {
    arith: arithLatency(),
    activation: activationLatency(),
    optimizer: optimizerLatency(),
    reduce: reduceLatency(),
  };
  return latencies;
}

/** The latency of a family's lane; the row-sum lane's depends on the lanes and the opcode. */
function laneLatencyOf(lanes: number, family: LaneFamily, op?: VectorOp): number {
  if (family === 'layernorm') return layerNormTimes(lanes).latency;
  if (family !== 'softmax') return laneLatencies()[family];
  const t = softmaxTimes(lanes);
  return op === 'rowSum' ? t.rowSumLatency : t.softmax;
}

export function vectorTiming(cfg: { lanes: number }, family: LaneFamily = 'arith', op?: VectorOp): VectorTiming {
  const laneLatency = laneLatencyOf(cfg.lanes, family, op);
  // 2 cycles to lane 0's word (registered lane addresses, synchronous RAM), then the lane.
  const issueToWrite = 2 + laneLatency;
  return {
    laneLatency,
    issueToWrite,
    readAfterWrite: issueToWrite + cfg.lanes,
    drainCycles: issueToWrite + cfg.lanes,
  };
}

/** Cycles of the constants load before the first pass: one read a word, the last arriving 2 later. */
export const constsLoadCycles = (words: number): number => (words > 0 ? words + 2 : 0);

/** Issue cycles of one pass over the block (the plan's first, or `pass`): chunks per row, and sumRows' bubbles between rows. */
export function vectorIssueCycles(
  cfg: { lanes: number },
  ins: Pick<VectorInstruction, 'op' | 'm' | 'n'>,
  pass?: HwPass,
): number {
  const chunks = Math.ceil(ins.n / cfg.lanes);
  const plan = HW_PLANS[ins.op];
  const ps = pass ?? plan?.passes[0];
  if (plan && passPeriods(plan, ps)) return rowPeriodCount(plan, ins.m, ps) * Math.max(chunks, sumSlots(cfg.lanes));
  const columnSum = ps ? passColumnSum(ins.op, ps) : ins.op === 'sumRows';
  const rmw = vectorTiming(cfg, plan?.family ?? 'arith', ins.op).readAfterWrite;
  const gap = columnSum ? Math.max(0, rmw - chunks) : 0;
  return ins.m * chunks + (ins.m - 1) * gap;
}

/** Cycles from start to done; an opcode without hardware ends after setup (`error`). */
export function vectorCycles(
  cfg: { lanes: number },
  ins: Pick<VectorInstruction, 'op' | 'm' | 'n'>,
  hardware: readonly string[],
): number {
  const plan = HW_PLANS[ins.op];
  if (!hardware.includes(ins.op) || !plan) return 2;
  const t = vectorTiming(cfg, plan.family, ins.op);
  const passes = plan.passes.reduce((sum, pass) => sum + 2 + vectorIssueCycles(cfg, ins, pass) + t.drainCycles, 0);
  return 1 + constsLoadCycles(plan.loadConsts ?? 0) + passes;
}
