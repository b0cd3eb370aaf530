// The fp32 ATIS run beside the fp64 one (issue #18.5): test intent accuracy, slot F1 and ms per training
// sample of both levels, taken from the fp64 run's out/bench/atis.json only when that run used the same
// settings (data, budget, schedule, seed); otherwise the record says why there is no fp64 side.
import { existsSync, readFileSync } from 'node:fs';

export interface AtisSettings {
  data: string;
  limit: number | null;
  minutes: number;
  epochs: number;
  lr: number;
  lrDecay: number;
  warmupSteps: number;
  cosineEpochs?: number | null;
  emaDecay: number | null;
  intentLabelSmoothing: number | null;
  wordDropout: number | null;
  intentPooling?: string;
  seed: number;
  clock?: string;
}

interface LevelFigures {
  testIntentAccuracy: number | null;
  testSlotF1: number | null;
  msPerTrainingSample: number | null;
  epochs: number | null;
}

interface RunJson {
  settings?: AtisSettings;
  precision?: string;
  epochs?: number;
  msPerTrainingSample?: number | null;
  final?: { test?: { intentAccuracy: number; slotF1: number } } | null;
}

const figures = (r: RunJson): LevelFigures => ({
  testIntentAccuracy: r.final?.test?.intentAccuracy ?? null,
  testSlotF1: r.final?.test?.slotF1 ?? null,
  msPerTrainingSample: r.msPerTrainingSample ?? null,
  epochs: r.epochs ?? null,
});

export function fp64SideBySide(
  fp32Run: RunJson,
  fp64Json: string,
): { fp32: LevelFigures; fp64: LevelFigures | null; fp64Source: string; note?: string } {
  const fp32 = figures(fp32Run);
  const none = (note: string) => ({ fp32, fp64: null, fp64Source: fp64Json, note });
  if (!existsSync(fp64Json)) return none('no fp64 run: run npm run bench atis (fp64) with the same settings first');
  const fp64Run = JSON.parse(readFileSync(fp64Json, 'utf8')) as RunJson;
  if (fp64Run.precision !== 'fp64') return none(`${fp64Json} is not an fp64 run (${fp64Run.precision})`);
  if (!fp64Run.settings) return none(`${fp64Json} records no settings (made before they were recorded): rerun it`);
  const a = JSON.stringify(fp64Run.settings);
  const b = JSON.stringify(fp32Run.settings);
  if (a !== b) return none(`settings differ: fp64 ${a}, fp32 ${b}`);
  const f64 = figures(fp64Run);
  const ratio =
    fp32.msPerTrainingSample !== null && f64.msPerTrainingSample
      ? fp32.msPerTrainingSample / f64.msPerTrainingSample
      : null;
  return { fp32, fp64: f64, fp64Source: fp64Json, note: `fp32/fp64 time per sample: ${ratio?.toFixed(2) ?? '?'}x` };
}
