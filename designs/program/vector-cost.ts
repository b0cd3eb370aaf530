// Cycles of one vector instruction of a whole-model program. Opcodes with hardware follow the vector
// unit's own cycle model (vector-cycle-model.ts, checked against simulation) pass for pass (rowSum,
// softmax, softmaxBwd and layerNormFwd/Bwd in row periods, their last gap included). The fused op still
// without hardware (crossEntropyGrad) has MODEL_PLANS below: a model of hardware not built, one pass
// per destination or per row result the documented order needs before the next step (docs/vector-unit.md),
// in the same form as the built passes.
//
// With one copy of the lane memory (docs/memory.md: one read port per bank), a pass that reads several
// block-shaped sources from it reads them in turn: `laneReads` sources make each chunk take that many
// issue cycles. With a copy per source (the vector unit as built: three copies) every chunk is one cycle.
import { ROW_SUM_WAYS } from '../transformer/row-reduce.js';
import { OP_SPECS, type VectorInstruction, type VectorOp, type ViewOperand } from '../engine/vector/isa.js';
import { constsLoadCycles, vectorIssueCycles, vectorTiming } from '../engine/vector/vector-cycle-model.js';
import {
  HW_PLANS,
  type HwPass,
  type LaneFamily,
  passColumnSum,
  passOrder,
  passPeriods,
} from '../engine/vector/vector-passes.js';

export interface ModelPass {
  family: LaneFamily;
  /** Block operands this pass reads (constants excluded). */
  sources: readonly ViewOperand[];
  /** The destination this pass writes ('row' for a per-row result kept in the lanes: no memory write). */
  y: ViewOperand | 'row';
  /** A row reduction: the last row's halving tree drains after the pass's last issue. */
  reduce?: boolean;
  /** Accumulates down the rows (sumRows-like): rows spaced by the read-after-write distance. */
  columnSum?: boolean;
  /** Writes one word per row (a col destination): m issue cycles. */
  perRow?: boolean;
  /** The unit's row periods (vector-passes.ts `rowPeriods`): its own issue count. */
  rowPeriods?: boolean;
  /** The hardware's pass (its own row-period lags). */
  hwPass?: HwPass;
}

const p = (
  family: LaneFamily,
  sources: ViewOperand[],
  y: ModelPass['y'],
  extra: Partial<ModelPass> = {},
): ModelPass => ({
  family,
  sources,
  y,
  ...extra,
});

// Softmax's order: max, e = exp(r(x - max)) with its row sum, p = div(e, s). exp and div are not in any
// lane yet; the activation lane's latency stands in for them.
const SOFTMAX: ModelPass[] = [
  p('arith', ['a'], 'row', { reduce: true }),
  p('activation', ['a'], 'y', { reduce: true }),
  p('activation', ['y'], 'y'),
];

/** Passes of the opcodes without hardware (a model of hardware not built yet). */
export const MODEL_PLANS: Partial<Record<VectorOp, readonly ModelPass[]>> = {
  // softmax of the logits into p, then dz = r(r(p - q) weight) from p and the label.
  crossEntropyGrad: [...SOFTMAX, p('arith', ['y'], 'z')],
};

/** One level of the row-sum tree: the 4-stage FP32 adder and its register (docs/vector-unit.md). */
export const TREE_LEVEL_CYCLES = 5;
export const treeCycles = (): number => Math.log2(ROW_SUM_WAYS) * TREE_LEVEL_CYCLES;

/** The passes of any opcode: the hardware's (as the unit runs them) or the model's. */
export function passesOf(ins: VectorInstruction): readonly ModelPass[] {
  const hw = HW_PLANS[ins.op];
  if (hw) {
    return passOrder(ins).map((q) => ({
      family: hw.family,
      sources: [q.a, q.b, q.f].filter((s): s is ViewOperand => s !== undefined && s !== 'k'),
      y: q.y,
      columnSum: passColumnSum(ins.op, q),
      rowPeriods: passPeriods(hw, q) !== undefined,
      hwPass: q,
    }));
  }
  const model = MODEL_PLANS[ins.op];
  if (!model) throw new Error(`vector opcode '${ins.op}' has neither hardware nor a cycle model`);
  return model;
}

export const hasHardware = (op: VectorOp): boolean => HW_PLANS[op] !== undefined;

/**
 * Cycles from start to done. `laneReads(operand)` says whether an operand is read from the lane memory
 * through its one read port (one copy); give `() => false` for the unit as built (a copy per source).
 */
export function vectorInstructionCycles(
  lanes: number,
  ins: VectorInstruction,
  laneReads: (operand: ViewOperand) => boolean = () => false,
): number {
  const cfg = { lanes };
  const chunks = Math.ceil(ins.n / lanes);
  const load = constsLoadCycles(HW_PLANS[ins.op]?.loadConsts ?? 0);
  let cycles = 1 + load;
  for (const pass of passesOf(ins)) {
    const t = vectorTiming(cfg, pass.family, ins.op);
    // Col-shaped sources (one word a row: rstd, a label) are not counted against the port.
    const serial = pass.sources.filter((s) => OP_SPECS[ins.op].operands[s] !== 'col' && laneReads(s)).length;
    const perChunk = Math.max(1, serial);
    const issue = pass.perRow
      ? ins.m
      : pass.rowPeriods
        ? vectorIssueCycles(cfg, ins, pass.hwPass) * perChunk
        : ins.m * chunks * perChunk;
    const gap = pass.columnSum ? Math.max(0, t.readAfterWrite - chunks * perChunk) * (ins.m - 1) : 0;
    cycles += 2 + issue + gap + t.drainCycles + (pass.reduce ? treeCycles() : 0);
  }
  return cycles;
}
