// One TT schedule through the engine and through the FP32 model, compared word for word: every buffer
// of the data memory (inputs, intermediates, outputs, gradients) must hold the same bits afterwards.
import type { GemmStep } from '../tt/gemm-step.js';
import type { TTSchedule } from '../tt/tt-planner.js';
import { allocateBuffers32, runSteps32 } from '../tt/schedule-exec32.js';
import { Rng } from '../transformer/rng.js';
import { layoutBuffers, packBuffers, type DataLayout } from './data-layout.js';
import { compileProgram, encodeProgram, type ProgramOptions } from './program.js';
import { instructionCycles, utilization } from './cycle-model.js';
import type { EngineConfig } from './engine-config.js';
import { runEngine, type CompiledEngine } from './engine-sim.js';

/** Inputs, parameters and the learning rate filled with seeded values in [-1, 1); the rest zero. */
export function randomScheduleBuffers(s: TTSchedule, seed: number, lr = 0.01): Map<string, Float32Array> {
  const rng = new Rng(seed);
  const buf = allocateBuffers32(s, lr);
  for (const b of s.buffers) {
    if (b.role !== 'input' && b.role !== 'param') continue;
    const a = buf.get(b.name)!;
    for (let i = 0; i < a.length; i++) a[i] = Math.fround(rng.next() * 2 - 1);
  }
  return buf;
}

/** The GEMM steps of a schedule: forward, backward and (SGD) update, in execution order. */
export function scheduleGemms(
  s: TTSchedule,
  parts: readonly ('forward' | 'backward' | 'update')[] = ['forward', 'backward'],
): GemmStep[] {
  return parts.flatMap((p) => s[p]).filter((x): x is GemmStep => x.op === 'gemm');
}

export interface StepReport {
  label: string;
  m: number;
  n: number;
  k: number;
  transposed: boolean;
  macs: number;
  /** Cycles of the step, fetch included: from the cycle model and (when run) from simulation. */
  modelCycles: number;
  simCycles?: number;
}

export interface ScheduleRun {
  layout: DataLayout;
  steps: StepReport[];
  modelCycles: number;
  simCycles: number;
  macs: number;
  utilization: number;
  /** Buffers whose bits differ from the FP32 model, with the first differing index. */
  mismatches: string[];
}

export function layoutFor(s: TTSchedule): DataLayout {
  return layoutBuffers(s.buffers);
}

/** Runs `steps` on the compiled engine and on the FP32 model, from the same buffers. */
export async function runScheduleOnEngine(
  ce: CompiledEngine,
  cfg: EngineConfig,
  s: TTSchedule,
  steps: GemmStep[],
  buffers: Map<string, Float32Array>,
  opts: ProgramOptions = {},
): Promise<ScheduleRun> {
  const layout = layoutFor(s);
  if (layout.depth > ce.dataDepth)
    throw new Error(`schedule needs ${layout.depth} words, the engine has ${ce.dataDepth}`);
  const image = new Float32Array(ce.dataDepth);
  image.set(packBuffers(layout, buffers));
  const prog = compileProgram(cfg, steps, layout, opts);
  const run = await runEngine(ce, image, encodeProgram(prog));

  const model = new Map([...buffers].map(([k, v]) => [k, Float32Array.from(v)]));
  runSteps32(steps, model);
  const mismatches: string[] = [];
  for (const [name, want] of model) {
    const at = layout.base.get(name)!;
    const got = new Uint32Array(run.image.buffer, at * 4, want.length);
    const w = new Uint32Array(want.buffer, want.byteOffset, want.length);
    const bad = w.findIndex((x, i) => x !== got[i]);
    if (bad >= 0) mismatches.push(`${name}[${bad}]: engine ${got[bad]!.toString(16)}, model ${w[bad]!.toString(16)}`);
  }
  const reports: StepReport[] = prog.map((ins, i) => ({
    label: ins.label,
    m: ins.m,
    n: ins.n,
    k: ins.k,
    transposed: ins.transposed,
    macs: ins.m * ins.n * ins.k,
    modelCycles: instructionCycles(ins.stepCycles),
    simCycles: run.stepCycles[i],
  }));
  const macs = reports.reduce((a, r) => a + r.macs, 0);
  const modelCycles = reports.reduce((a, r) => a + r.modelCycles, 0);
  return {
    layout,
    steps: reports,
    modelCycles,
    simCycles: run.cycles,
    macs,
    utilization: utilization(cfg, macs, run.cycles),
    mismatches,
  };
}
