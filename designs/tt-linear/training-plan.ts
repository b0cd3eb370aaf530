// One SGD training step of a TT linear layer as the kernel runs it: the schedule's steps split into the
// FP, BP and PU stages of one program of the combined core (designs/engine/combined-core.ts), the bias
// add and the bias gradient on its vector unit, every other step on the engine (combined-schedule.ts),
// and the data-memory layout the kernel's stage FSM uses (where the inputs, targets, outputs and the
// parameter block live). Between FP and BP the kernel's error unit computes dY = Y - T and the loss
// from Y + bias (the buffer Yb in the vector region).
import type { TTLayerShape } from '../transformer/config.js';
import type { BufferDecl, GemmStep } from '../tt/gemm-step.js';
import { planTTLinear, type TTSchedule } from '../tt/tt-planner.js';
import { ttLayerDims } from '../tt/tt-shape.js';
import type { DataLayout } from '../engine/data-layout.js';
import { type EngineConfig, checkConfig } from '../engine/engine-config.js';
import { type CombinedConfig, defaultVectorLanes } from '../engine/combined-core.js';
import {
  type CombinedEntry,
  type CombinedInstruction,
  combinedTiming,
  compileCombinedProgram,
} from '../engine/combined-program.js';
import { type CombinedLayout, combinedLayout, combinedStage } from '../engine/combined-schedule.js';

export const STAGES = ['fp', 'bp', 'pu'] as const;
export type Stage = (typeof STAGES)[number];

export interface TrainingPlan {
  shape: TTLayerShape;
  /** Tokens per sample (rows of X). */
  K: number;
  M: number;
  N: number;
  engine: EngineConfig;
  schedule: TTSchedule;
  /** The schedule's buffers plus the target Tgt. */
  buffers: BufferDecl[];
  /** Every buffer's address; depth = E + V (the two regions), words = the words used in both. */
  layout: DataLayout;
  regions: CombinedLayout;
  /** The combined core the kernel builds: the engine, `lanes` arith vector lanes, the two regions. */
  core: CombinedConfig;
  /** GEMM steps per stage, in order (the FP32 model runs these). */
  steps: Record<Stage, GemmStep[]>;
  /** The whole program: FP, BP and PU back to back, each stage's last instruction flagged `last`. */
  program: CombinedInstruction[];
  entries: CombinedEntry[];
  image: bigint[];
  /** First instruction of each stage. */
  stagePc: Record<Stage, number>;
  /** Modelled cycles per stage, from the start cycle to the first cycle `done` is high. */
  stageCycles: Record<Stage, number>;
  /** Parameter buffers in memory order (cores, then bias): one contiguous block. */
  params: { name: string; words: number }[];
  paramWords: number;
  /** Word addresses in the data memory (y: the output with its bias, Yb, which the error pass reads). */
  addr: { x: number; tgt: number; y: number; dY: number; one: number; negLr: number; params: number };
}

export function planTraining(shape: TTLayerShape, K: number, engine: EngineConfig): TrainingPlan {
  checkConfig(engine);
  if (!Number.isInteger(K) || K < 1) throw new Error(`tokens K must be a positive integer, got ${K}`);
  const schedule = planTTLinear(shape, K, 'sgd');
  const d = ttLayerDims(shape);
  const buffers: BufferDecl[] = [...schedule.buffers, { name: 'Tgt', words: K * d.N, role: 'input' }];
  const regions = combinedLayout(buffers, K, d.N);
  const layout: DataLayout = {
    base: regions.base,
    words: regions.engineWords + regions.vectorWords,
    depth: regions.engineDepth + regions.vectorDepth,
  };
  const base = (n: string) => layout.base.get(n)!;

  const steps: Record<Stage, GemmStep[]> = {
    fp: schedule.forward,
    bp: schedule.backward,
    pu: schedule.update.map((u) => {
      if (u.op !== 'gemm') throw new Error('the training kernel runs SGD only: every update step must be a GEMM');
      return u;
    }),
  };
  const stagePrograms = STAGES.map((st) => combinedStage(steps[st], regions));
  const length = stagePrograms.reduce((a, p) => a + p.length, 0);
  const core: CombinedConfig = {
    engine,
    lanes: defaultVectorLanes(engine),
    engineDepth: regions.engineDepth,
    vectorDepth: regions.vectorDepth,
    vectorWindow: regions.vectorWindow,
    progDepth: programDepthFor(length),
    families: ['arith'],
  };
  const program: CombinedInstruction[] = [];
  const entries: CombinedEntry[] = [];
  const image: bigint[] = [];
  const stagePc = {} as Record<Stage, number>;
  const stageCycles = {} as Record<Stage, number>;
  STAGES.forEach((st, i) => {
    stagePc[st] = program.length;
    const part = compileCombinedProgram({ ...core, progDepth: 2 ** 24 }, stagePrograms[i]!);
    stageCycles[st] = combinedTiming(core, part.entries).cycles;
    program.push(...stagePrograms[i]!);
    entries.push(...part.entries);
    image.push(...part.words);
  });

  const params = [...d.coreWords.map((w, k) => ({ name: `core${k}`, words: w })), { name: 'bias', words: d.N }];
  let at = base(params[0]!.name);
  for (const p of params) {
    if (base(p.name) !== at) throw new Error(`parameter buffer ${p.name} is not contiguous with the one before it`);
    at += p.words;
  }
  return {
    shape,
    K,
    M: d.M,
    N: d.N,
    engine,
    schedule,
    buffers,
    layout,
    regions,
    core,
    steps,
    program,
    entries,
    image,
    stagePc,
    stageCycles,
    params,
    paramWords: at - base(params[0]!.name),
    addr: {
      x: base('X'),
      tgt: base('Tgt'),
      y: base('Yb'),
      dY: base('dY'),
      one: base('one'),
      negLr: base('negLr'),
      params: base(params[0]!.name),
    },
  };
}

/** Program memory depth for a program of this length: the next power of two (at least 4). */
function programDepthFor(length: number): number {
  let d = 4;
  while (d < length) d *= 2;
  return d;
}

/** Program memory depth for a plan. */
export const programDepth = (plan: TrainingPlan): number => plan.core.progDepth;
