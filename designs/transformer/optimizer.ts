// SGD and Adam over the flat tensor list, in both numeric levels. Per-step scalars (Adam's bias
// corrections) are computed once in float64 on the host and rounded once to the level; every
// per-element operation is rounded in the order written:
//   SGD:  p = r(p - r(lr * g))
//   Adam: m = r(r(b1 * m) + r(c1 * g));  v = r(r(b2 * v) + r(r(c2 * g) * g))       c1 = 1-b1, c2 = 1-b2
//         p = r(p - r(lr_t * div(m, r(sqrt(v) + eps_t))))
//         lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t),  eps_t = eps * sqrt(1 - b2^t)
// which is Adam with eps added to sqrt(v_hat), rewritten so no per-element bias correction is needed.
import { mapParams, tensors, type ModelParams } from './params.js';
import type { Arr, Precision } from './precision.js';

/**
 * `lrDecay`: the learning rate of epoch e (0-based) is lr * lrDecay^e (default 1: constant).
 * `warmupSteps`: the learning rate of step t (1-based) is further scaled by min(1, t / warmupSteps).
 * `cosineSteps`: after the warmup, the rate follows half a cosine from the peak down to 0 at step
 * cosineSteps (and stays 0 after it): a schedule sized to the steps a run will take, where a per-epoch
 * decay either leaves the last epochs at a still high rate or freezes the model long before the end.
 * `emaDecay`: also keep an exponential moving average of the parameters (Polyak averaging, see ema.ts),
 * which evaluation then uses; the training itself is unchanged.
 * `wordDropout`: each word of a training utterance (never the classification token) is replaced by
 * `unkToken` with this probability, a fresh draw every step (the trainer's random stream): the model
 * learns to use the context of words it has never seen, as in the test split.
 */
interface Schedule {
  lrDecay?: number;
  warmupSteps?: number;
  cosineSteps?: number;
  emaDecay?: number;
  wordDropout?: number;
  unkToken?: number;
}
export interface AdamSettings extends Schedule {
  kind: 'adam';
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}
export interface SgdSettings extends Schedule {
  kind: 'sgd';
  lr: number;
}
export type OptimizerSettings = AdamSettings | SgdSettings;

/** The GPU reference's Adam (0.9, 0.98, eps 1e-6, lr 1e-3). */
export const defaultAdam = (lr = 1e-3): AdamSettings => ({ kind: 'adam', lr, beta1: 0.9, beta2: 0.98, eps: 1e-6 });

/** The settings in force during epoch `epoch` (0-based): the learning rate after the per-epoch decay. */
export const settingsForEpoch = (s: OptimizerSettings, epoch: number): OptimizerSettings =>
  s.lrDecay === undefined || s.lrDecay === 1 ? s : { ...s, lr: s.lr * s.lrDecay ** epoch };

/** Linear warmup factor of step t (1-based); computed in float64 on the host like every per-step scalar. */
export const warmupFactor = (s: OptimizerSettings, t: number): number =>
  s.warmupSteps && s.warmupSteps > 0 && t < s.warmupSteps ? t / s.warmupSteps : 1;

/** Cosine decay factor of step t (1-based): 1 up to the warmup's end, 0 from cosineSteps on. */
export function cosineFactor(s: OptimizerSettings, t: number): number {
  if (!s.cosineSteps) return 1;
  const start = s.warmupSteps ?? 0;
  if (t <= start) return 1;
  const f = Math.min(1, (t - start) / Math.max(1, s.cosineSteps - start));
  return 0.5 * (1 + Math.cos(Math.PI * f));
}

/** The learning rate's factor at step t: warmup, then the cosine decay when set (float64, on the host). */
export const rateFactor = (s: OptimizerSettings, t: number): number => warmupFactor(s, t) * cosineFactor(s, t);

export interface OptimizerState {
  step: number;
  /** Adam moments, shaped like the parameters (absent for SGD). */
  m?: ModelParams;
  v?: ModelParams;
}

export function initOptimizerState(P: Precision, settings: OptimizerSettings, params: ModelParams): OptimizerState {
  if (settings.kind === 'sgd') return { step: 0 };
  const zeros = (a: Arr) => P.alloc(a.length);
  return { step: 0, m: mapParams(params, zeros), v: mapParams(params, zeros) };
}

/** One update of every parameter from `grads`. */
export function optimizerStep(
  P: Precision,
  settings: OptimizerSettings,
  state: OptimizerState,
  params: ModelParams,
  grads: ModelParams,
): void {
  state.step++;
  const ps = tensors(params),
    gs = tensors(grads);
  if (settings.kind === 'sgd') {
    const lr = sgdRate(P, settings, state.step);
    for (let k = 0; k < ps.length; k++) sgdUpdate(P, lr, ps[k]!.data, gs[k]!.data);
    return;
  }
  const c = adamConstants(P, settings, state.step);
  const ms = tensors(state.m!),
    vs = tensors(state.v!);
  if (P.name === 'fp64') {
    // The same operations without the rounding hook (the identity here): bit-identical, inlinable.
    const { beta1, beta2 } = settings;
    for (let k = 0; k < ps.length; k++)
      adam64(ps[k]!.data, gs[k]!.data, ms[k]!.data, vs[k]!.data, beta1, beta2, 1 - beta1, 1 - beta2, c.lrT, c.epsT);
    return;
  }
  for (let k = 0; k < ps.length; k++) adamUpdate(P, c, ps[k]!.data, gs[k]!.data, ms[k]!.data, vs[k]!.data);
}

/** SGD's learning rate of step t (1-based), warmup included, rounded once to the level. */
export const sgdRate = (P: Precision, s: SgdSettings, t: number): number => P.r(s.lr * rateFactor(s, t));

/** Adam's per-step scalars of step t (1-based), computed in float64 and each rounded once to the level. */
export function adamConstants(P: Precision, s: AdamSettings, t: number): AdamConstants {
  const r = P.r;
  const { beta1, beta2, eps, lr } = s;
  const corr2 = Math.sqrt(1 - beta2 ** t);
  return {
    b1: r(beta1),
    b2: r(beta2),
    c1: r(1 - beta1),
    c2: r(1 - beta2),
    lrT: r((lr * rateFactor(s, t) * corr2) / (1 - beta1 ** t)),
    epsT: r(eps * corr2),
  };
}

/** One tensor's SGD update, p = r(p - r(lr * g)), lr already rounded to the level. */
export function sgdUpdate(P: Precision, lr: number, p: Arr, g: Arr): void {
  const r = P.r;
  for (let i = 0; i < p.length; i++) p[i] = r(p[i]! - r(lr * g[i]!));
}

/** The per-step Adam scalars, each rounded once to the level (c1 = 1-b1, c2 = 1-b2). */
export interface AdamConstants {
  b1: number;
  b2: number;
  c1: number;
  c2: number;
  lrT: number;
  epsT: number;
}

/** One tensor's Adam update in the documented order (m, then v, then p). */
export function adamUpdate(P: Precision, c: AdamConstants, p: Arr, g: Arr, m: Arr, v: Arr): void {
  const r = P.r;
  const { b1, b2, c1, c2, lrT, epsT } = c;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = r(r(b1 * m[i]!) + r(c1 * gi));
    const vi = r(r(b2 * v[i]!) + r(r(c2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    p[i] = r(p[i]! - r(lrT * P.div(mi, r(P.sqrt(vi) + epsT))));
  }
}

function adam64(
  p: Arr,
  g: Arr,
  m: Arr,
  v: Arr,
  b1: number,
  b2: number,
  c1: number,
  c2: number,
  lrT: number,
  epsT: number,
): void {
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = b1 * m[i]! + c1 * gi;
    const vi = b2 * v[i]! + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i]! - lrT * (mi / (Math.sqrt(vi) + epsT));
  }
}
