// One SGD training step of a TT linear layer as the kernel runs it: the schedule's GEMM steps split
// into the FP, BP and PU stages of one engine program, and the data-memory layout the kernel's
// stage FSM uses (where the inputs, targets, outputs and the parameter block live).
// Between FP and BP the kernel's error unit (not the engine) computes dY = Y - T and the loss.
import type { TTLayerShape } from '../transformer/config.js';
import type { BufferDecl, GemmStep } from '../tt/gemm-step.js';
import { planTTLinear, type TTSchedule } from '../tt/tt-planner.js';
import { ttLayerDims } from '../tt/tt-shape.js';
import { layoutBuffers, type DataLayout } from '../engine/data-layout.js';
import { compileProgram, encodeProgram } from '../engine/program.js';
import { type EngineConfig, checkConfig } from '../engine/engine-config.js';
import type { Instruction } from '../engine/instruction.js';
import { programCycles } from '../engine/cycle-model.js';

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
  layout: DataLayout;
  /** GEMM steps per stage, in order. */
  steps: Record<Stage, GemmStep[]>;
  /** The whole program: FP, BP and PU back to back, each stage's last instruction flagged `last`. */
  program: Instruction[];
  image: bigint[];
  /** First instruction of each stage. */
  stagePc: Record<Stage, number>;
  /** Modelled engine cycles per stage (fetch included). */
  stageCycles: Record<Stage, number>;
  /** Parameter buffers in memory order (cores, then bias): one contiguous block. */
  params: { name: string; words: number }[];
  paramWords: number;
  /** Word addresses in the data memory. */
  addr: { x: number; tgt: number; y: number; dY: number; one: number; negLr: number; params: number };
}

export function planTraining(shape: TTLayerShape, K: number, engine: EngineConfig): TrainingPlan {
  checkConfig(engine);
  if (!Number.isInteger(K) || K < 1) throw new Error(`tokens K must be a positive integer, got ${K}`);
  const schedule = planTTLinear(shape, K, 'sgd');
  const d = ttLayerDims(shape);
  const buffers: BufferDecl[] = [...schedule.buffers, { name: 'Tgt', words: K * d.N, role: 'input' }];
  const layout = layoutBuffers(buffers);
  const base = (n: string) => layout.base.get(n)!;

  const steps: Record<Stage, GemmStep[]> = {
    fp: schedule.forward,
    bp: schedule.backward,
    pu: schedule.update.map((u) => {
      if (u.op !== 'gemm') throw new Error('the training kernel runs SGD only: every update step must be a GEMM');
      return u;
    }),
  };
  const program: Instruction[] = [];
  const stagePc = {} as Record<Stage, number>;
  const stageCycles = {} as Record<Stage, number>;
  for (const st of STAGES) {
    stagePc[st] = program.length;
    const part = compileProgram(engine, steps[st], layout);
    stageCycles[st] = programCycles(part.map((i) => i.stepCycles));
    program.push(...part);
  }

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
    steps,
    program,
    image: encodeProgram(program),
    stagePc,
    stageCycles,
    params,
    paramWords: at - base(params[0]!.name),
    addr: {
      x: base('X'),
      tgt: base('Tgt'),
      y: base('Y'),
      dY: base('dY'),
      one: base('one'),
      negLr: base('negLr'),
      params: base(params[0]!.name),
    },
  };
}

/** Program memory depth for a plan: the next power of two (at least 4). */
export function programDepth(plan: TrainingPlan): number {
  let d = 4;
  while (d < plan.program.length) d *= 2;
  return d;
}
