// The ATIS bench over several seeds (issue #20): each seed is the one-seed bench in a child process of
// its own (its JSON out/bench/<name>-seed<s>.json, its run folder beside it), `jobs` at a time so the
// two cores train two seeds at once; then one record with per-seed and mean figures, the spread, the
// targets, and one SVG of every seed's loss and dev/test intent curves.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { seedCurvesSvg } from '../../designs/transformer/seed-curves-svg.js';

interface EvalJson {
  intentAccuracy: number;
  slotF1: number;
  slotSpanF1?: number;
  loss: number;
}
interface SeedJson {
  settings?: Record<string, unknown>;
  epochs?: number;
  msPerTrainingSample?: number | null;
  cpuMsPerTrainingSample?: number | null;
  final?: { epoch: number; test?: EvalJson; dev?: EvalJson } | null;
  devSelected?: { epoch: number; test?: EvalJson; dev?: EvalJson } | null;
  history?: { epoch: number; trainLoss: number; eval: { dev?: EvalJson; test?: EvalJson } }[];
  skipped?: string;
}

export const INTENT_TARGET = 0.94;
export const MEAN_INTENT_TARGET = 0.945;
export const SLOT_F1_TARGET = 0.88;

/** Runs each seed's bench in a child, `jobs` at a time, then writes the combined record and SVG. */
export async function runSeeds(seeds: number[], runName: string, outDir: string, jobs: number): Promise<unknown> {
  const script = fileURLToPath(new URL('./atis.bench.ts', import.meta.url));
  const queue = [...seeds];
  const runOne = async (seed: number) => {
    const child = execa(process.execPath, [...process.execArgv, script], {
      env: { ...process.env, TTFORGE_ATIS_SEEDS: String(seed), TTFORGE_ATIS_OUT: `${runName}-seed${seed}` },
      all: true,
      buffer: false,
    });
    // Every line of a child tagged with its seed, so interleaved progress stays readable.
    let rest = '';
    child.all?.on('data', (b: Buffer) => {
      const lines = (rest + b.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) console.log(`[seed ${seed}] ${l}`);
    });
    await child;
    if (rest) console.log(`[seed ${seed}] ${rest}`);
  };
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, seeds.length)) }, async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) await runOne(s);
  });
  await Promise.all(workers);

  const perSeed = seeds.map((seed) => {
    const file = path.join(outDir, `${runName}-seed${seed}.json`);
    const j = JSON.parse(readFileSync(file, 'utf8')) as SeedJson;
    return { seed, file, json: j };
  });
  if (perSeed.some((p) => p.json.skipped)) return { skipped: perSeed.find((p) => p.json.skipped)!.json.skipped };
  const rows = perSeed.map(({ seed, file, json: j }) => ({
    seed,
    json: path.relative(path.join(outDir, '..', '..'), file),
    epochs: j.epochs ?? null,
    msPerTrainingSample: j.msPerTrainingSample ?? null,
    cpuMsPerTrainingSample: j.cpuMsPerTrainingSample ?? null,
    testIntentAccuracy: j.final?.test?.intentAccuracy ?? null,
    testSlotF1: j.final?.test?.slotF1 ?? null,
    testSpanF1: j.final?.test?.slotSpanF1 ?? null,
    devIntentAccuracy: j.final?.dev?.intentAccuracy ?? null,
    devSlotF1: j.final?.dev?.slotF1 ?? null,
    devLoss: j.final?.dev?.loss ?? null,
    devSelected: j.devSelected
      ? {
          epoch: j.devSelected.epoch,
          devIntentAccuracy: j.devSelected.dev?.intentAccuracy ?? null,
          testIntentAccuracy: j.devSelected.test?.intentAccuracy ?? null,
          testSlotF1: j.devSelected.test?.slotF1 ?? null,
        }
      : null,
  }));
  const stat = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    if (!v.length) return null;
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return { mean, min: Math.min(...v), max: Math.max(...v), spread: Math.max(...v) - Math.min(...v) };
  };
  const intent = stat(rows.map((r) => r.testIntentAccuracy));
  const slot = stat(rows.map((r) => r.testSlotF1));
  const svgPath = path.join(outDir, `${runName}-seeds.svg`);
  writeFileSync(
    svgPath,
    seedCurvesSvg(
      perSeed.map(({ seed, json }) => ({
        label: `seed ${seed}`,
        epochs: (json.history ?? []).map((h) => ({
          epoch: h.epoch,
          trainLoss: h.trainLoss,
          devIntent: h.eval.dev?.intentAccuracy ?? Number.NaN,
          testIntent: h.eval.test?.intentAccuracy ?? Number.NaN,
        })),
      })),
      `ATIS, paper model: ${seeds.length} seeds`,
      INTENT_TARGET,
    ),
  );
  return {
    seeds,
    settings: { ...perSeed[0]!.json.settings, seed: undefined },
    perSeed: rows,
    testIntentAccuracy: intent,
    testSlotF1: slot,
    testSpanF1: stat(rows.map((r) => r.testSpanF1)),
    devIntentAccuracy: stat(rows.map((r) => r.devIntentAccuracy)),
    targets: {
      everySeedIntent: INTENT_TARGET,
      meanIntent: MEAN_INTENT_TARGET,
      everySeedSlotF1: SLOT_F1_TARGET,
      met:
        intent !== null &&
        slot !== null &&
        intent.min >= INTENT_TARGET &&
        intent.mean >= MEAN_INTENT_TARGET &&
        slot.min >= SLOT_F1_TARGET,
    },
    svg: path.relative(path.join(outDir, '..', '..'), svgPath),
  };
}
