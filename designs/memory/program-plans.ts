// Plans of the whole-model kernel's memory for the paper's configurations: the training program
// compiled at the longest sample (maxTokens, so the lane memory is the largest any sample needs), its
// memories (program-memory.ts) planned into BRAM36/URAM288, beside the dense FP32 training memory of
// the same model (dense-reference.ts) and the reduction factor. Reports: the planner's JSON/Markdown/
// SVG of the memories, and where each region lives and when (<name>.regions.{json,md,svg}).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planMemory } from '../../rtl-lib/mem/plan/planner.js';
import type { MemoryPlan } from '../../rtl-lib/mem/plan/plan-types.js';
import { DEFAULT_POLICY, type PlacementPolicy } from '../../rtl-lib/mem/plan/policy.js';
import { writePlanReports } from '../../rtl-lib/mem/plan/report-files.js';
import { DEFAULT_FFN_SCHEDULE, type FfnSchedule } from '../program/compile-ffn.js';
import { compileTrainingStep } from '../program/compile-model.js';
import type { OptimizerKind } from '../program/compile-update.js';
import { paperConfig } from '../transformer/config.js';
import { type DenseTrainingMemory, denseTrainingMemory } from './dense-reference.js';
import {
  DEFAULT_PROGRAM_MEMORY,
  type ProgramMemory,
  type ProgramMemoryOptions,
  programMemory,
} from './program-memory.js';
import { regionsToMarkdown, regionsToSvg } from './program-map.js';
import { DEFAULT_INVENTORY } from './transformer-inventory.js';

export interface ProgramCase {
  layers: number;
  rank: number;
  optimizer: OptimizerKind;
}

export const PROGRAM_CASES: ProgramCase[] = [1, 2, 3].flatMap((layers) =>
  [10, 20].flatMap((rank) => (['sgd', 'adam'] as const).map((optimizer) => ({ layers, rank, optimizer }))),
);

/** The kernel's default optimizer (docs/memory.md says why). */
export const DEFAULT_OPTIMIZER: OptimizerKind = 'adam';

/** The paper's reduction targets at rank 10, by layers. */
export const REDUCTION_TARGETS: Record<number, number> = { 1: 30, 2: 40, 3: 51 };

/** The FFN schedules a plan chooses from, fastest first (compile-ffn.ts, docs/memory.md). */
export const FFN_SCHEDULES: readonly FfnSchedule[] = [DEFAULT_FFN_SCHEDULE, { blockTokens: 4, passes: 2 }];

export interface ProgramPlanResult {
  case: ProgramCase;
  /** The FFN schedule the program is compiled with (the fastest of the smallest plans). */
  ffn: FfnSchedule;
  memory: ProgramMemory;
  plan: MemoryPlan;
  dense: DenseTrainingMemory;
  /** dense.totalMiB / the block RAM the plan allocates. */
  reduction: number;
}

export const caseName = (c: ProgramCase): string => `L${c.layers}-r${c.rank}-${c.optimizer}`;

export function planProgramCase(
  c: ProgramCase,
  options: ProgramMemoryOptions = DEFAULT_PROGRAM_MEMORY,
  policy: PlacementPolicy = DEFAULT_POLICY,
): ProgramPlanResult {
  const cfg = paperConfig({ layers: c.layers, rank: c.rank });
  // Any tokens: the layout and the live ranges depend only on the length.
  const tokens = Array.from({ length: cfg.maxTokens }, (_, i) => i % cfg.vocab);
  // The fastest FFN schedule whose plan is the smallest (the memory steps in whole URAM288 banks, so a
  // slower schedule often saves nothing): the kernel runs the program compiled with that schedule.
  let best: { ffn: FfnSchedule; memory: ProgramMemory; plan: MemoryPlan } | undefined;
  for (const ffn of FFN_SCHEDULES) {
    const prog = compileTrainingStep(cfg, tokens, c.optimizer, { ffn });
    const memory = programMemory(prog, caseName(c), options);
    const plan = planMemory(memory.design, policy);
    if (!best || plan.totals.mib < best.plan.totals.mib) best = { ffn, memory, plan };
  }
  const { ffn, memory, plan } = best!;
  const dense = denseTrainingMemory(cfg, { ...DEFAULT_INVENTORY, optimizer: c.optimizer });
  return { case: c, ffn, memory, plan, dense, reduction: dense.totalMiB / plan.totals.mib };
}

/** The planner's three reports plus the region map: <base>.{json,md,svg} and <base>.regions.{json,md,svg}. */
export function writeProgramPlanReports(r: ProgramPlanResult, dir: string, base: string): string[] {
  const files = writePlanReports(r.plan, dir, base);
  mkdirSync(dir, { recursive: true });
  const out = [files.json, files.md, files.svg];
  const regions = {
    design: r.memory.design.name,
    banks: r.memory.banks,
    options: r.memory.options,
    words: r.memory.words,
    regions: r.memory.regions,
  };
  for (const [ext, text] of [
    ['json', `${JSON.stringify(regions, null, 2)}\n`],
    ['md', regionsToMarkdown(r.memory)],
    ['svg', regionsToSvg(r.memory)],
  ] as const) {
    const f = path.join(dir, `${base}.regions.${ext}`);
    writeFileSync(f, text);
    out.push(f);
  }
  return out;
}
