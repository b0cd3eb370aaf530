// Time per training sample of the paper model (2 layers, d 768, TT rank 10, Adam) at both numeric levels,
// measured one after the other on the same samples from the same initial values (issue #18.4: the FP32
// level within 1.5x of float64). Each level runs in a process of its own, as a training run does: in one
// process the second level found the shared code (layers, optimizer, views) already compiled for the
// first level's array type, and ran 1.3-1.6x slower than alone (measured 2026-12-04: 2.3x in one
// process, 1.7x apart). Reports CPU ms/sample (process.cpuUsage: what a shared
// machine's other jobs do not inflate as much as wall time) and wall ms/sample, after a warm-up, and a
// fingerprint of the parameters after the run, checked against the recorded ones (RECORDED below:
// speed work must not change them).
// Writes out/bench/train-speed.json. Environment: TTFORGE_SPEED_SAMPLES (default 60), TTFORGE_ATIS_DIR
// (default ../shared/data/atis; synthetic when absent or 'synthetic').
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { atisCorpusFromEnv, fitModelToAtis } from '../../designs/atis/paper-data.js';
import { defaultAdam } from '../../designs/transformer/optimizer.js';
import { tensors } from '../../designs/transformer/params.js';
import { FP32, FP64, type Precision } from '../../designs/transformer/precision.js';
import { printChildResult, resultFromChild } from './child-result.js';
import { presetConfig } from '../../designs/transformer/presets.js';
import { Trainer } from '../../designs/transformer/trainer.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const samples = Number(env.TTFORGE_SPEED_SAMPLES ?? 60);
const warmup = 5;
const { source, corpus } = atisCorpusFromEnv(repo);
const base = presetConfig('paper', { layers: 2, rank: 10 });
const { data, cfg } = fitModelToAtis(base, corpus);
if (data.train.length < warmup + samples) throw new Error(`only ${data.train.length} training sentences`);

/** FNV-1a over the parameters' bytes: equal fingerprints mean bit-identical parameters. */
function fingerprint(t: Trainer): string {
  let h = 0x811c9dc5;
  for (const x of tensors(t.params)) {
    const bytes = new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function measure(P: Precision) {
  const t = Trainer.create(P, cfg, defaultAdam(1e-3), 1);
  for (let i = 0; i < warmup; i++) t.trainStep(data.train[i]!);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < samples; i++) t.trainStep(data.train[warmup + i]!);
  const cpu = process.cpuUsage(c0);
  const r = {
    precision: P.name,
    cpuMsPerSample: (cpu.user + cpu.system) / 1000 / samples,
    wallMsPerSample: (performance.now() - w0) / samples,
    paramFingerprint: fingerprint(t),
  };
  console.log(
    `${P.name}: ${r.cpuMsPerSample.toFixed(1)} CPU ms/sample, ${r.wallMsPerSample.toFixed(1)} wall ms/sample (${samples} samples)`,
  );
  return r;
}

/**
 * Parameter fingerprints recorded for (data, samples): speed work must keep them. Real ATIS from
 * 2026-12-04 (FP32 3e3b2dc9 at 40 samples since the blocked GEMM, kept by the WebAssembly GEMM).
 */
const RECORDED: Record<string, { fp64: string; fp32: string }> = {
  'atis/40': { fp64: '90892231', fp32: '3e3b2dc9' },
  'atis/60': { fp64: 'e74a83a6', fp32: '55a1640d' },
  'synthetic/60': { fp64: '893d4bfd', fp32: '0303573b' },
};

const RESULT_MARK = 'train-speed-result ';
const level = process.argv[2];
if (level === 'fp32' || level === 'fp64') {
  printChildResult(RESULT_MARK, measure(level === 'fp32' ? FP32 : FP64));
  process.exit(0);
}
type LevelResult = ReturnType<typeof measure>;
const fp64 = await resultFromChild<LevelResult>(import.meta.url, 'fp64', RESULT_MARK);
const fp32 = await resultFromChild<LevelResult>(import.meta.url, 'fp32', RESULT_MARK);
const result = {
  bench: 'train-speed',
  date: new Date().toISOString(),
  cpu: os.cpus()[0]?.model,
  loadAverage: os.loadavg(),
  data: source,
  model: { preset: 'paper', layers: 2, dModel: cfg.dModel, rank: 10 },
  samples,
  warmup,
  method: 'each level in its own process, fp64 first, then fp32; CPU time of the measured samples',
  fp64,
  fp32,
  cpuRatio: fp32.cpuMsPerSample / fp64.cpuMsPerSample,
  target: 'fp32 within 1.5x of fp64 (issue #18.4)',
};
console.log(`fp32 / fp64 CPU time per sample: ${result.cpuRatio.toFixed(2)}x`);
const recorded = RECORDED[`${source === 'synthetic' ? 'synthetic' : 'atis'}/${samples}`];
const changed = recorded
  ? (['fp64', 'fp32'] as const).filter((l) => result[l].paramFingerprint !== recorded[l])
  : undefined;
mkdirSync(path.join(repo, 'out', 'bench'), { recursive: true });
writeFileSync(
  path.join(repo, 'out', 'bench', 'train-speed.json'),
  `${JSON.stringify({ ...result, recordedFingerprints: recorded ?? 'none for these data and samples' }, null, 2)}\n`,
);
console.log('wrote out/bench/train-speed.json');
if (changed?.length)
  throw new Error(
    `parameter fingerprint changed for ${changed.map((l) => `${l} (${result[l].paramFingerprint}, recorded ${recorded![l]})`).join(', ')}: the run no longer computes the same bits`,
  );
console.log(
  recorded ? 'parameter fingerprints: as recorded' : 'parameter fingerprints: none recorded for these data and samples',
);
