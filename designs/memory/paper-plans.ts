// Plans for the paper's configurations (1 to 3 encoder layers, d = 768, 32 tokens, TT ranks 10 and 20,
// SGD and Adam), each beside the dense FP32 training memory of the same model and the reduction factor.
import { paperConfig } from '../transformer/config.js';
import { planMemory } from '../../rtl-lib/mem/plan/planner.js';
import type { MemoryPlan } from '../../rtl-lib/mem/plan/plan-types.js';
import { DEFAULT_POLICY, type PlacementPolicy } from '../../rtl-lib/mem/plan/policy.js';
import { MIB_BITS } from '../../rtl-lib/mem/plan/primitives.js';
import { denseTrainingMemory, type DenseTrainingMemory } from './dense-reference.js';
import {
  DEFAULT_INVENTORY,
  GROUPS,
  transformerInventory,
  type InventoryOptions,
  type Optimizer,
} from './transformer-inventory.js';

export interface PaperCase {
  layers: number;
  rank: number;
  optimizer: Optimizer;
}

export const PAPER_CASES: PaperCase[] = [1, 2, 3].flatMap((layers) =>
  [10, 20].flatMap((rank) => (['sgd', 'adam'] as const).map((optimizer) => ({ layers, rank, optimizer }))),
);

/** The paper's claims, to set beside ours. */
export const PAPER_CLAIMS = { reduction: [30, 51], bramMiB: 5.9, uramMiB: 22.5, modelMB: [36.7, 93.5] } as const;

export interface PaperPlanResult {
  case: PaperCase;
  plan: MemoryPlan;
  dense: DenseTrainingMemory;
  /** The tensorized model counted like the dense one: parameters, gradients, optimizer state, saved activations. */
  compressedMiB: number;
  /** dense.totalMiB / allocated block RAM of the plan. */
  reductionVsPlan: number;
  /** dense.totalMiB / compressedMiB (same accounting on both sides). */
  reductionVsData: number;
}

/** Groups counted on the compressed side of the like-for-like comparison. */
const LIKE_FOR_LIKE = new Set<string>([
  GROUPS.ttCore,
  GROUPS.denseParam,
  GROUPS.ttCoreGrad,
  GROUPS.denseGrad,
  GROUPS.activation,
  GROUPS.ttZ,
  'adam-m',
  'adam-v',
  'momentum',
]);

export function planPaperCase(
  c: PaperCase,
  inventory: Partial<InventoryOptions> = {},
  policy: PlacementPolicy = DEFAULT_POLICY,
): PaperPlanResult {
  const cfg = paperConfig({ layers: c.layers, rank: c.rank });
  const opts: InventoryOptions = { ...DEFAULT_INVENTORY, ...inventory, optimizer: c.optimizer };
  const design = transformerInventory(cfg, opts);
  const plan = planMemory(design, policy);
  const dense = denseTrainingMemory(cfg, opts);
  const compressedMiB =
    design.tensors.filter((t) => LIKE_FOR_LIKE.has(t.group)).reduce((s, t) => s + t.words * t.width, 0) / MIB_BITS;
  return {
    case: c,
    plan,
    dense,
    compressedMiB,
    reductionVsPlan: dense.totalMiB / plan.totals.mib,
    reductionVsData: dense.totalMiB / compressedMiB,
  };
}
