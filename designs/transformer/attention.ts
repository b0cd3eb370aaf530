// Multi-head scaled dot-product attention between projected Q, K, V (each T x d, head h owns columns
// h*dh .. h*dh+dh-1): S_h = softmax(Q_h K_h^T * s), s = 1/sqrt(dh); A_h = S_h V_h. No mask: the model
// runs on the utterance's own length, never on padding.
import { softmaxRow, softmaxRowBackward } from './activations.js';
import { gemm, view } from './gemm.js';
import type { Arr, Precision } from './precision.js';

export interface AttentionCache {
  /** Softmax probabilities, heads x T x T. */
  probs: Arr;
}

export const attentionScale = (dh: number): number => 1 / Math.sqrt(dh);

export function attentionForward(
  P: Precision,
  Q: Arr,
  Kx: Arr,
  V: Arr,
  T: number,
  d: number,
  heads: number,
  A: Arr,
): AttentionCache {
  const r = P.r;
  const dh = d / heads;
  const scale = r(attentionScale(dh));
  const probs = P.alloc(heads * T * T);
  const scores = P.alloc(T * T);
  for (let h = 0; h < heads; h++) {
    const c0 = h * dh;
    gemm(P, T, T, dh, view(Q, c0, d, 1), view(Kx, c0, 1, d), view(scores, 0, T, 1));
    for (let i = 0; i < T * T; i++) scores[i] = r(scores[i]! * scale);
    const po = h * T * T;
    for (let i = 0; i < T; i++) softmaxRow(P, scores, scores, i * T, T);
    probs.set(scores, po);
    gemm(P, T, dh, T, view(probs, po, T, 1), view(V, c0, d, 1), view(A, c0, d, 1));
  }
  return { probs };
}

/** dQ, dK, dV (T x d each, overwritten) from dA. */
export function attentionBackward(
  P: Precision,
  cache: AttentionCache,
  Q: Arr,
  Kx: Arr,
  V: Arr,
  T: number,
  d: number,
  heads: number,
  dA: Arr,
  dQ: Arr,
  dK: Arr,
  dV: Arr,
): void {
  const r = P.r;
  const dh = d / heads;
  const scale = r(attentionScale(dh));
  const dP = P.alloc(T * T);
  const dS = P.alloc(T * T);
  for (let h = 0; h < heads; h++) {
    const c0 = h * dh;
    const po = h * T * T;
    // dP = dA_h V_h^T; dV_h = P^T dA_h
    gemm(P, T, T, dh, view(dA, c0, d, 1), view(V, c0, 1, d), view(dP, 0, T, 1));
    gemm(P, T, dh, T, view(cache.probs, po, 1, T), view(dA, c0, d, 1), view(dV, c0, d, 1));
    for (let i = 0; i < T; i++) softmaxRowBackward(P, cache.probs.subarray(po, po + T * T), dP, dS, i * T, T);
    for (let i = 0; i < T * T; i++) dS[i] = r(dS[i]! * scale);
    // dQ_h = dS K_h; dK_h = dS^T Q_h
    gemm(P, T, dh, T, view(dS, 0, T, 1), view(Kx, c0, d, 1), view(dQ, c0, d, 1));
    gemm(P, T, dh, T, view(dS, 0, 1, T), view(Q, c0, d, 1), view(dK, c0, d, 1));
  }
}
