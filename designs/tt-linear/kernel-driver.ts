// Trains the TT linear kernel on the regression task as a host would: the task lives in an AXI4
// memory model (HBM), the kernel is driven only through s_axi_control (arguments, ap_start, ap_done
// polls), and after every invocation the parameters and losses read back from that memory are compared
// bit for bit with the FP32 model that took the same steps. Used by the tests (builtin, Icarus),
// `npm run verify tt-linear` (Verilator, paper scale), the bench and the main job.
import { simulate } from '../../sim/simulate.js';
import type { BackendName } from '../../sim/backend.js';
import { AxiMemoryModel } from '../../rtl-lib/axi/sim/memory-model.js';
import { AxiLiteHost } from '../../rtl-lib/axi/sim/control-host.js';
import { nativeAxiLiteHost } from '../../rtl-lib/axi/sim/native-axi-lite-host.js';
import { nativeAxiMemory } from '../../rtl-lib/axi/sim/native-axi-memory.js';
import { FLAG_LOAD_PARAMS, FLAG_STORE_PARAMS, TtLinearTrainKernel, ttLinearSpec } from './tt-linear-kernel.js';
import { makeRegressionTask } from './regression-task.js';
import { TtLinearModel32 } from './training-model.js';

export interface KernelTrainOptions {
  backend: BackendName;
  layer: string;
  rank: number;
  tokens: number;
  engine: string;
  /** Training steps; samples are used in turn. */
  steps: number;
  /** Distinct (X, T) samples of the task (1: the same batch every step, so the loss falls monotonically). */
  samples?: number;
  /** Steps per kernel invocation (parameters are compared after each invocation). */
  stepsPerCall?: number;
  lr: number;
  seed?: number;
  /** AXI memory model: probability of offering READY/VALID in a cycle. */
  throughput?: number;
  maxBeats?: number;
  /**
   * Run the AXI memory model and the AXI4-Lite host inside the simulator where the back end can
   * (Verilator; default true): no process round trip per cycle. false: the TypeScript models.
   */
  nativeAgents?: boolean;
  /** Verilator model threads. */
  threads?: number;
  /** Simulator cache / work folder and progress log. */
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface StepRecord {
  step: number;
  loss: number;
  modelLoss: number;
  lossBitsEqual: boolean;
}

export interface CallRecord {
  firstStep: number;
  steps: number;
  /** Host view: cycles from writing ap_start to the poll that saw ap_done. */
  cycles: number;
  /** Simulated cycles of the whole invocation (arguments, run, polls) and the wall time they took. */
  simCycles: number;
  simSeconds: number;
  /** Kernel's own per-phase counters for this invocation. */
  phases: Record<'load' | 'fp' | 'error' | 'bp' | 'pu' | 'store', number>;
  /** Parameter words whose bits differ from the model after this invocation (first few listed). */
  paramMismatches: number;
  firstMismatch?: string;
}

export interface KernelTrainReport {
  layer: string;
  rank: number;
  tokens: number;
  engine: string;
  backend: BackendName;
  /** The AXI models ran inside the simulator. */
  nativeAgents: boolean;
  /** Elaboration to a running simulator: the build when not cached, else the cached start. */
  simStartSeconds: number;
  paramWords: number;
  dataWords: number;
  dataDepth: number;
  lossSlots: number;
  steps: StepRecord[];
  calls: CallRecord[];
  bitExact: boolean;
  lossFell: boolean;
  /** The plan's modelled engine cycles per stage, for comparison with the counters. */
  modelStageCycles: Record<'fp' | 'bp' | 'pu', number>;
  wallSeconds: number;
}

const PHASES = ['load', 'fp', 'error', 'bp', 'pu', 'store'] as const;
const f32bits = (v: number): number => new Uint32Array(new Float32Array([v]).buffer)[0]!;

export async function trainOnKernel(o: KernelTrainOptions): Promise<KernelTrainReport> {
  const t0 = Date.now();
  const log = o.log ?? (() => {});
  const kernel = new TtLinearTrainKernel({
    layer: o.layer,
    rank: o.rank,
    tokens: o.tokens,
    engine: o.engine,
    maxBeats: o.maxBeats ?? 64,
  });
  const plan = kernel.plan;
  const samples = o.samples ?? 1;
  const perCall = o.stepsPerCall ?? 1;
  const task = makeRegressionTask(plan, samples, o.seed ?? 1);
  const model = new TtLinearModel32(plan, o.lr, kernel.lossSlots);
  model.params = task.initial;

  // HBM layout: every region 4 KB aligned, the sample regions back to back.
  const xBytes = 4 * plan.K * plan.M;
  const tBytes = 4 * plan.K * plan.N;
  const align = (a: number) => Math.ceil(a / 4096) * 4096;
  const addr = { params: 0x1000, loss: 0, x: 0, t: 0 };
  addr.loss = align(addr.params + 4 * plan.paramWords);
  addr.x = align(addr.loss + 4 * o.steps);
  addr.t = align(addr.x + xBytes * samples);

  log(
    `elaborating ${ttLinearSpec.name}: layer ${o.layer}, rank ${o.rank}, K ${o.tokens}, engine ${o.engine}, data memory ${plan.layout.words} words`,
  );
  const tStart = performance.now();
  const sim = await simulate(kernel, {
    backend: o.backend,
    reset: 'ap_rst_n',
    ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}),
    ...(o.threads ? { threads: o.threads } : {}),
    // Only the phase counters are read inside the design: a model without full VPI builds much faster.
    internals: PHASES.map((p) => `cycles_${p}`),
    agents: o.nativeAgents === false ? [] : [nativeAxiMemory('m_axi_gmem', 32), nativeAxiLiteHost('s_axi_control')],
    log,
  });
  const simStartSeconds = (performance.now() - tStart) / 1000;
  const mem = new AxiMemoryModel(sim, {
    prefix: 'm_axi_gmem',
    dataBits: 32,
    throughput: o.throughput ?? 1,
    seed: o.seed ?? 1,
  });
  const host = new AxiLiteHost(sim);
  const nativeAgents = mem.isNative && host.isNative;
  const steps: StepRecord[] = [];
  const calls: CallRecord[] = [];
  try {
    host.idle();
    mem.start();
    await sim.reset(3, true);
    mem.writeF32(addr.params, task.initial);
    task.samples.forEach((s, i) => {
      mem.writeF32(addr.x + i * xBytes, s.X);
      mem.writeF32(addr.t + i * tBytes, s.T);
    });
    // The status line's estimate of an invocation: the engine stages plus the words moved.
    const perStep = plan.stageCycles.fp + plan.stageCycles.bp + plan.stageCycles.pu + plan.K * (plan.M + plan.N);

    for (let first = 0; first < o.steps; first += perCall) {
      const n = Math.min(perCall, o.steps - first);
      // Samples are used in turn; a call's samples must be consecutive in memory.
      const sample = first % samples;
      if (sample + n > samples && samples > 1)
        throw new Error(`steps per call (${n}) must not wrap around the ${samples} samples`);
      const c0 = sim.cycle;
      const w0 = performance.now();
      const run = await host.run(
        ttLinearSpec,
        {
          steps: n,
          flags: (first === 0 ? FLAG_LOAD_PARAMS : 0) | FLAG_STORE_PARAMS,
          lr: f32bits(o.lr),
          x: addr.x + sample * xBytes,
          t: addr.t + sample * tBytes,
          params: addr.params,
          loss: addr.loss + 4 * first,
        },
        n * perStep + 2 * plan.paramWords,
      );
      const phases = Object.fromEntries(
        await Promise.all(PHASES.map(async (p) => [p, Number(await sim.peek(`cycles_${p}`))])),
      ) as CallRecord['phases'];
      const hwLoss = await mem.readU32(addr.loss + 4 * first, n);
      for (let j = 0; j < n; j++) {
        const smp = task.samples[samples === 1 ? 0 : sample + j]!;
        const modelLoss = model.step(smp.X, smp.T);
        const got = new Float32Array(new Uint32Array([hwLoss[j]!]).buffer)[0]!;
        steps.push({ step: first + j, loss: got, modelLoss, lossBitsEqual: hwLoss[j] === f32bits(modelLoss) });
      }
      const want = new Uint32Array(model.params.buffer);
      const gotParams = await mem.readU32(addr.params, plan.paramWords);
      let bad = 0;
      let firstMismatch: string | undefined;
      for (let i = 0; i < want.length; i++) {
        if (gotParams[i] !== want[i]) {
          if (bad === 0)
            firstMismatch = `word ${i}: kernel ${gotParams[i]!.toString(16)}, model ${want[i]!.toString(16)}`;
          bad++;
        }
      }
      calls.push({
        firstStep: first,
        steps: n,
        cycles: run.cycles,
        simCycles: sim.cycle - c0,
        simSeconds: (performance.now() - w0) / 1000,
        phases,
        paramMismatches: bad,
        ...(firstMismatch ? { firstMismatch } : {}),
      });
      const last = steps.at(-1)!;
      log(
        `step ${last.step + 1}/${o.steps}: loss ${last.loss.toPrecision(6)} (model ${last.modelLoss.toPrecision(6)}), ` +
          `${run.cycles} cycles [${PHASES.map((p) => `${p} ${phases[p]}`).join(', ')}], parameters ${bad === 0 ? 'bit-exact' : `${bad} words differ`}`,
      );
    }
  } finally {
    await mem.stop();
    await sim.close();
  }
  const losses = steps.map((s) => s.loss);
  return {
    layer: o.layer,
    rank: o.rank,
    tokens: o.tokens,
    engine: o.engine,
    backend: o.backend,
    nativeAgents,
    simStartSeconds,
    paramWords: plan.paramWords,
    dataWords: plan.layout.words,
    dataDepth: plan.layout.depth,
    lossSlots: kernel.lossSlots,
    steps,
    calls,
    bitExact: steps.every((s) => s.lossBitsEqual) && calls.every((c) => c.paramMismatches === 0),
    lossFell: losses.length > 1 && losses.at(-1)! < losses[0]!,
    modelStageCycles: plan.stageCycles,
    wallSeconds: (Date.now() - t0) / 1000,
  };
}
