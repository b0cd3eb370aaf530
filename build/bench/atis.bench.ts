// ATIS bench: the paper-size model (2 layers, d 768, TT rank 10) trained with batch 1 on the real ATIS
// train split for the epochs that fit in a time budget (default one hour), then intent accuracy and
// slot F1 on the test split, and the time per training sample. Writes out/bench/atis.json, and the run's
// checkpoint, metrics and loss curve under out/bench/atis/.
// Environment: TTFORGE_ATIS_DIR (default ../shared/data/atis), TTFORGE_ATIS_MINUTES (default 60),
// TTFORGE_ATIS_PRECISION (fp64 | fp32, default fp64), TTFORGE_ATIS_LR (peak, default 1e-3),
// TTFORGE_ATIS_WARMUP (linear warmup steps, default 1000), TTFORGE_ATIS_LR_DECAY (per-epoch learning-rate
// factor, default 0.8), TTFORGE_ATIS_EMA (per-step decay of the evaluated parameter average, default 0.9998;
// 0 = evaluate the training weights), TTFORGE_ATIS_SMOOTHING (intent label smoothing, default 0.1),
// TTFORGE_ATIS_WORD_DROPOUT (probability of a training word becoming UNK, default 0.1),
// TTFORGE_ATIS_COSINE_EPOCHS (N: the rate falls from the peak to 0 along half a cosine over N epochs after
// the warmup, instead of the per-epoch decay, and N bounds the epochs; default 0 = off); the settings and
// their evidence are in docs/transformer.md. TTFORGE_ATIS_OUT
// (run directory under out/bench and name of its JSON, default atis -> out/bench/atis.json),
// TTFORGE_ATIS_EPOCHS (upper bound, default 100), TTFORGE_ATIS_RESUME=1 to continue a previous run,
// TTFORGE_ATIS_DRIFT_STEPS (default 100; 0 = skip): FP32 vs float64 side by side on the paper model.
// TTFORGE_ATIS_SEEDS (default 1; a list such as 1,2,3 runs each seed as this bench in a child process,
// TTFORGE_ATIS_JOBS at a time (default 2), then writes the combined record and an SVG of every seed's
// curves: atis-seeds.ts); TTFORGE_ATIS_CLOCK (cpu | wall, default cpu: the budget counts this process's
// CPU seconds, so other jobs on the machine do not shorten the run; on a quiet machine the two agree).
// TTFORGE_ATIS_DIR=synthetic trains on the synthetic corpus (a quick end-to-end check); TTFORGE_ATIS_LIMIT
// trains on the first N sentences only. An fp32 run's JSON defaults to out/bench/atis-fp32.json and puts
// its test metrics and ms/sample beside the fp64 run's from out/bench/atis.json when that run used the same
// settings (atis-compare.ts).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultAtisDir } from '../../designs/atis/load.js';
import { measureDrift } from '../../designs/transformer/level-drift.js';
import { defaultAdam } from '../../designs/transformer/optimizer.js';
import { runTraining } from '../../designs/transformer/train-run.js';
import { type AtisSettings, fp64SideBySide } from './atis-compare.js';
import { runSeeds } from './atis-seeds.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(repo, 'out', 'bench');
mkdirSync(outDir, { recursive: true });
const env = process.env;
const synthetic = env.TTFORGE_ATIS_DIR === 'synthetic';
const dataDir = synthetic ? undefined : (env.TTFORGE_ATIS_DIR ?? defaultAtisDir(repo));
const precision = env.TTFORGE_ATIS_PRECISION ?? 'fp64';
const runName = env.TTFORGE_ATIS_OUT ?? (precision === 'fp32' ? 'atis-fp32' : 'atis');
const jsonPath = path.join(outDir, `${runName}.json`);
const result: Record<string, unknown> = {
  bench: 'atis',
  date: new Date().toISOString(),
  cpu: os.cpus()[0]?.model,
  node: process.version,
};

const seeds = (env.TTFORGE_ATIS_SEEDS ?? '1').split(',').map((x) => Number(x.trim()));
if (seeds.some((x) => !Number.isInteger(x) || x < 0)) {
  console.error(
    `atis bench: TTFORGE_ATIS_SEEDS must be a comma-separated list of integers, got '${env.TTFORGE_ATIS_SEEDS}'`,
  );
  process.exit(1);
}
const clock = env.TTFORGE_ATIS_CLOCK ?? 'cpu';
if (clock !== 'cpu' && clock !== 'wall') {
  console.error(`atis bench: TTFORGE_ATIS_CLOCK must be cpu or wall, got '${clock}'`);
  process.exit(1);
}

if (seeds.length > 1) {
  const jobs = Number(env.TTFORGE_ATIS_JOBS ?? 2);
  console.log(`atis bench: seeds ${seeds.join(', ')}, ${jobs} at a time (each in its own process)`);
  Object.assign(result, await runSeeds(seeds, runName, outDir, jobs));
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  const r = result as { testIntentAccuracy?: { mean: number; min: number; spread: number } | null };
  if (r.testIntentAccuracy)
    console.log(
      `atis seeds: test intent mean ${(100 * r.testIntentAccuracy.mean).toFixed(2)}%, min ${(100 * r.testIntentAccuracy.min).toFixed(2)}%, spread ${(100 * r.testIntentAccuracy.spread).toFixed(2)} points`,
    );
} else if (!synthetic && (!dataDir || !existsSync(dataDir))) {
  console.log('atis bench: no ATIS data (set TTFORGE_ATIS_DIR or place it at ../shared/data/atis); skipped');
  writeFileSync(jsonPath, `${JSON.stringify({ ...result, skipped: 'no ATIS data' }, null, 2)}\n`);
} else {
  const minutes = Number(env.TTFORGE_ATIS_MINUTES ?? 60);
  const lr = Number(env.TTFORGE_ATIS_LR ?? 1e-3);
  // A cosine decay sized to this many epochs replaces the per-epoch decay and bounds the epochs.
  const cosineEpochs = Number(env.TTFORGE_ATIS_COSINE_EPOCHS ?? 0) || undefined;
  const lrDecay = Number(env.TTFORGE_ATIS_LR_DECAY ?? (cosineEpochs ? 1 : 0.8));
  const warmupSteps = Number(env.TTFORGE_ATIS_WARMUP ?? 1000);
  const emaDecay = Number(env.TTFORGE_ATIS_EMA ?? 0.9998) || undefined;
  const intentLabelSmoothing = Number(env.TTFORGE_ATIS_SMOOTHING ?? 0.1) || undefined;
  const wordDropout = Number(env.TTFORGE_ATIS_WORD_DROPOUT ?? 0.1) || undefined;
  const intentPooling = env.TTFORGE_ATIS_INTENT_POOLING ?? 'first';
  if (intentPooling !== 'first' && intentPooling !== 'mean') {
    console.error(`atis bench: TTFORGE_ATIS_INTENT_POOLING must be first or mean, got '${intentPooling}'`);
    process.exit(1);
  }
  const limit = Number(env.TTFORGE_ATIS_LIMIT ?? 0) || undefined;
  const epochs = Number(env.TTFORGE_ATIS_EPOCHS ?? cosineEpochs ?? 100);
  // Everything but the precision that decides the result: runs with equal settings are comparable.
  const settings: AtisSettings = {
    data: dataDir ?? 'synthetic',
    limit: limit ?? null,
    minutes,
    epochs,
    lr,
    lrDecay,
    warmupSteps,
    cosineEpochs: cosineEpochs ?? null,
    emaDecay: emaDecay ?? null,
    intentLabelSmoothing: intentLabelSmoothing ?? null,
    wordDropout: wordDropout ?? null,
    intentPooling,
    seed: seeds[0]!,
    clock,
  };
  const t0 = Date.now();
  const run = runTraining({
    dataDir,
    limit,
    preset: 'paper',
    layers: 2,
    rank: 10,
    epochs,
    precision,
    optimizer: 'adam',
    lr,
    lrDecay,
    warmupSteps,
    cosineEpochs,
    emaDecay,
    intentLabelSmoothing,
    intentPooling,
    wordDropout,
    seed: seeds[0]!,
    outDir: path.join(outDir, runName),
    resume: env.TTFORGE_ATIS_RESUME === '1',
    timeBudgetSeconds: minutes * 60,
    budgetClock: clock,
    log: (l) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${l}`),
  });
  const last = run.history.at(-1);
  const best = [...run.history].sort((a, b) => b.eval.test!.intentAccuracy - a.eval.test!.intentAccuracy)[0];
  const secondsTraining = run.history.reduce((s, h) => s + h.seconds, 0);
  const cpuSecondsTraining = run.history.reduce((s, h) => s + (h.cpuSeconds ?? Number.NaN), 0);
  const trainSentences = limit ? Math.min(limit, run.data.train.length) : run.data.train.length;
  const samples = run.history.length * trainSentences;
  // The epoch a dev-only choice would keep: best dev intent, ties to the lower dev loss.
  const devBest = [...run.history].sort(
    (a, b) => b.eval.dev!.intentAccuracy - a.eval.dev!.intentAccuracy || a.eval.dev!.loss - b.eval.dev!.loss,
  )[0];
  Object.assign(result, {
    settings,
    data: dataDir ?? 'synthetic',
    model: 'paper',
    layers: 2,
    dModel: 768,
    rank: 10,
    precision,
    optimizer: run.trainer.optimizer,
    loadAverageAtEnd: os.loadavg(),
    timeBudgetMinutes: minutes,
    epochs: run.history.length,
    trainSentences,
    secondsTraining,
    cpuSecondsTraining,
    msPerTrainingSample: samples ? (1000 * secondsTraining) / samples : null,
    cpuMsPerTrainingSample:
      samples && Number.isFinite(cpuSecondsTraining) ? (1000 * cpuSecondsTraining) / samples : null,
    final: last ? { epoch: last.epoch, test: last.eval.test, dev: last.eval.dev } : null,
    devSelected: devBest ? { epoch: devBest.epoch, test: devBest.eval.test, dev: devBest.eval.dev } : null,
    bestTestIntentEpoch: best?.epoch ?? null,
    target: { intentAccuracy: 0.94, met: last ? last.eval.test!.intentAccuracy >= 0.94 : false },
    history: run.history,
    files: run.files,
  });
  if (precision === 'fp32') result.sideBySide = fp64SideBySide(result, path.join(outDir, 'atis.json'));
  writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  const driftSteps = Number(env.TTFORGE_ATIS_DRIFT_STEPS ?? 100);
  if (driftSteps > 0) {
    console.log(`FP32 vs float64: ${driftSteps} Adam steps of the paper model side by side on ATIS train sentences`);
    const t1 = Date.now();
    const drift = measureDrift(run.trainer.cfg, defaultAdam(lr), 1, run.data.train, driftSteps);
    result.fp32VsFp64 = {
      ...drift,
      seconds: (Date.now() - t1) / 1000,
      note: 'same FP32 initial values and samples; see docs/transformer.md',
    };
    console.log(
      `  worst per-step relative loss difference ${drift.worstLossRelDiff.toExponential(2)}, parameter relative L2 ${drift.paramRelL2.toExponential(2)}`,
    );
    writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  }
  if (last)
    console.log(
      `atis: ${run.history.length} epoch(s), test intent ${(100 * last.eval.test!.intentAccuracy).toFixed(2)}%, ` +
        `slot F1 ${(100 * last.eval.test!.slotF1).toFixed(2)}%, ${(result.msPerTrainingSample as number).toFixed(1)} ms/sample`,
    );
}
console.log(`wrote ${jsonPath}`);
