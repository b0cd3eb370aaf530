// Trains the FP32 model and the float64 reference side by side from the same (FP32) initial values on
// the same samples and reports how far apart they drift: the evidence for the documented tolerance,
// usable at any model size (tests: small model; ATIS bench: paper model on real data).
import type { TransformerConfig } from './config.js';
import type { Sample } from './model.js';
import type { OptimizerSettings } from './optimizer.js';
import { convertParams, tensors, type ModelParams } from './params.js';
import { FP32, FP64 } from './precision.js';
import { Trainer } from './trainer.js';

export interface DriftReport {
  steps: number;
  /** Largest |loss32 - loss64| / |loss64| over the steps. */
  worstLossRelDiff: number;
  /** ||p32 - p64|| / ||p64|| over all parameters after the last step. */
  paramRelL2: number;
  paramMaxAbsDiff: number;
}

export function paramDistance(a: ModelParams, b: ModelParams): { relL2: number; maxAbs: number } {
  let num = 0,
    den = 0,
    maxAbs = 0;
  const x = tensors(a),
    y = tensors(b);
  x.forEach((t, k) =>
    t.data.forEach((v, i) => {
      const w = y[k]!.data[i]!;
      num += (v - w) ** 2;
      den += w * w;
      maxAbs = Math.max(maxAbs, Math.abs(v - w));
    }),
  );
  return { relL2: Math.sqrt(num / den), maxAbs };
}

export function measureDrift(
  cfg: TransformerConfig,
  optimizer: OptimizerSettings,
  seed: number,
  samples: readonly Sample[],
  steps: number,
): DriftReport {
  const t32 = Trainer.create(FP32, cfg, optimizer, seed);
  const t64 = Trainer.create(FP64, cfg, optimizer, seed, convertParams(FP64, t32.params));
  let worst = 0;
  for (let i = 0; i < steps; i++) {
    const s = samples[i % samples.length]!;
    const a = t32.trainStep(s).loss,
      b = t64.trainStep(s).loss;
    worst = Math.max(worst, Math.abs(a - b) / Math.abs(b));
  }
  const d = paramDistance(convertParams(FP64, t32.params), t64.params);
  return { steps, worstLossRelDiff: worst, paramRelL2: d.relL2, paramMaxAbsDiff: d.maxAbs };
}
