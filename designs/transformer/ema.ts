// Exponential moving average of the parameters (Polyak averaging) for evaluation. Batch-1 Adam leaves
// the weights of any one step noisy; their running average generalises better at the same training
// cost. The average after step t is
//   a = r(r(d_t * a) + r((1 - d_t) * p)),   d_t = min(decay, (1 + t) / (10 + t))
// (d_t computed on the host in float64; the ramp lets the first steps' average follow the weights
// instead of staying near the initial values). The training itself never reads the average.
import { convertParams, tensors, type ModelParams } from './params.js';
import type { Precision } from './precision.js';

/** A fresh average equal to the current parameters. */
export const initEma = (P: Precision, params: ModelParams): ModelParams => convertParams(P, params);

/** Folds the parameters after step `t` (1-based) into the average. */
export function emaUpdate(P: Precision, decay: number, t: number, ema: ModelParams, params: ModelParams): void {
  const r = P.r;
  const dt = Math.min(decay, (1 + t) / (10 + t));
  const d = r(dt),
    c = r(1 - dt);
  const as = tensors(ema),
    ps = tensors(params);
  for (let k = 0; k < as.length; k++) {
    const a = as[k]!.data,
      p = ps[k]!.data;
    for (let i = 0; i < a.length; i++) a[i] = r(r(d * a[i]!) + r(c * p[i]!));
  }
}
