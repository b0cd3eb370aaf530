// The planner's output. Per tensor it names the primitive kind, the aspect each instance is configured
// with, the banks and where in the pool of identical primitives they sit, so that a generator can
// instantiate exactly the planned primitives (see instances.ts).
import type { Aspect, DeviceBudget, PrimitiveKind } from './primitives.js';
import type { PlacementPolicy } from './policy.js';

export interface TensorPlacement {
  name: string;
  group: string;
  shape: number[] | null;
  words: number;
  width: number;
  /** words * width. */
  dataBits: number;
  live: string[];
  kind: PrimitiveKind;
  /** Why this kind (the policy rule that fired). */
  reason: string;
  /** Configuration of every instance; null for fabric. */
  aspect: Aspect | null;
  pack: number;
  banks: number;
  /** Rows used in each bank. */
  rows: number;
  cascade: number;
  columns: number;
  /** Primitive instances this tensor occupies (0 for fabric). */
  count: number;
  /** Budget consumed if it had its instances alone (RAMB18 = 0.5). */
  bram36: number;
  uram288: number;
  luts: number;
  ffs: number;
  /** Pool the instances come from, e.g. 'RAMB36 1024x36'; null for fabric. */
  pool: string | null;
  /** First physical instance in the pool; bank b, cascade step r, column c is offset + (b*cascade + r)*columns + c. */
  offset: number;
  /** dataBits / allocated bits of its own instances (1 for fabric). */
  fill: number;
  /** Tensors whose instance ranges overlap this one (at other times). */
  sharesWith: string[];
}

export interface PoolSummary {
  key: string;
  kind: Extract<PrimitiveKind, 'URAM288' | 'RAMB36' | 'RAMB18'>;
  aspect: Aspect;
  /** Physical instances after sharing. */
  size: number;
  /** Instances the tensors would need without sharing. */
  demand: number;
  tensors: number;
}

export interface PlanTotals {
  ramb36: number;
  ramb18: number;
  /** RAMB36 + RAMB18 / 2. */
  bram36: number;
  uram288: number;
  luts: number;
  ffs: number;
  /** What the same placement would need without sharing. */
  bram36Unshared: number;
  uram288Unshared: number;
  bramMiB: number;
  uramMiB: number;
  /** bramMiB + uramMiB: the on-chip block memory the plan allocates. */
  mib: number;
  bramPct: number;
  uramPct: number;
  /** Share of the device's whole BRAM + URAM capacity. */
  totalPct: number;
  /** Sum of every tensor's data. */
  dataMiB: number;
  /** The most data live in any one stage: a lower bound for any plan. */
  peakLiveMiB: number;
  peakStage: string;
  fits: boolean;
}

export interface MemoryPlan {
  design: string;
  device: DeviceBudget;
  /** The policy the plan was made with (after balancing). */
  policy: PlacementPolicy;
  /** What the planner did beyond the policy (balancing). */
  notes: string[];
  stages: string[];
  tensors: TensorPlacement[];
  pools: PoolSummary[];
  /** Per group: tensors, data and budget if alone (before sharing). */
  groups: { group: string; tensors: number; dataMiB: number; bram36: number; uram288: number }[];
  totals: PlanTotals;
}
