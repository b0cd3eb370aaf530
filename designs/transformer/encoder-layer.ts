// One post-LayerNorm encoder layer, forward and backward:
//   Q,K,V = X W_q, X W_k, X W_v (TT);  A = attention(Q, K, V);  O = LN(A W_o + X)
//   Y = LN(GELU(O W_1) W_2 + O)
// Residual sums are rounded as r(branch + skip); gradients meeting at a fork are summed in a fixed
// order (skip first, then the branches in the order W_q, W_k, W_v).
import { geluBackward, geluForward } from './activations.js';
import { attentionBackward, attentionForward, type AttentionCache } from './attention.js';
import type { TransformerConfig } from './config.js';
import { layerNormBackward, layerNormForward, type LayerNormCache } from './layernorm.js';
import type { EncoderLayerParams } from './params.js';
import type { Arr, Precision } from './precision.js';
import { ttKernels, type TTLinear } from './tt-bridge.js';

export interface EncoderLayerCache {
  T: number;
  Q: Arr;
  K: Arr;
  V: Arr;
  cq: unknown;
  ck: unknown;
  cv: unknown;
  co: unknown;
  c1: unknown;
  c2: unknown;
  attn: AttentionCache;
  ln1: LayerNormCache;
  ln2: LayerNormCache;
  F1: Arr;
  geluT: Arr;
}

/** a + b elementwise, rounded, into a new array. */
export function addArrays(P: Precision, a: Arr, b: Arr): Arr {
  const r = P.r;
  const out = P.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = r(a[i]! + b[i]!);
  return out;
}

/** acc += d elementwise, rounded (gradient accumulation). */
export function accumulate(P: Precision, acc: Arr, d: Arr, offset = 0): void {
  const r = P.r;
  for (let i = 0; i < d.length; i++) acc[offset + i] = r(acc[offset + i]! + d[i]!);
}

/** Adds a TT layer's core and bias gradients into its gradient structure. */
export function accumulateTT(P: Precision, g: TTLinear, d: { dCores: Arr[]; dBias: Arr }): void {
  d.dCores.forEach((dc, k) => accumulate(P, g.cores[k]!, dc));
  accumulate(P, g.bias, d.dBias);
}

export function encoderLayerForward(
  P: Precision,
  cfg: TransformerConfig,
  p: EncoderLayerParams,
  X: Arr,
  T: number,
): { Y: Arr; cache: EncoderLayerCache } {
  const tt = ttKernels(P);
  const d = cfg.dModel;
  const q = tt.forward(p.wq, X, T),
    k = tt.forward(p.wk, X, T),
    v = tt.forward(p.wv, X, T);
  const A = P.alloc(T * d);
  const attn = attentionForward(P, q.Y, k.Y, v.Y, T, d, cfg.heads, A);
  const o = tt.forward(p.wo, A, T);
  const O = P.alloc(T * d);
  const ln1 = layerNormForward(P, addArrays(P, o.Y, X), T, d, p.ln1Gamma, p.ln1Beta, cfg.lnEps, O);
  const f1 = tt.forward(p.w1, O, T);
  const G = P.alloc(T * cfg.dFF);
  const geluT = P.alloc(T * cfg.dFF);
  geluForward(P, f1.Y, G, geluT);
  const f2 = tt.forward(p.w2, G, T);
  const Y = P.alloc(T * d);
  const ln2 = layerNormForward(P, addArrays(P, f2.Y, O), T, d, p.ln2Gamma, p.ln2Beta, cfg.lnEps, Y);
  return {
    Y,
    cache: {
      T,
      Q: q.Y,
      K: k.Y,
      V: v.Y,
      cq: q.cache,
      ck: k.cache,
      cv: v.cache,
      co: o.cache,
      c1: f1.cache,
      c2: f2.cache,
      attn,
      ln1,
      ln2,
      F1: f1.Y,
      geluT,
    },
  };
}

/** dX from dY; parameter gradients are added into `g`. */
export function encoderLayerBackward(
  P: Precision,
  cfg: TransformerConfig,
  p: EncoderLayerParams,
  g: EncoderLayerParams,
  c: EncoderLayerCache,
  dY: Arr,
): Arr {
  const tt = ttKernels(P);
  const d = cfg.dModel,
    T = c.T;
  const dH2 = P.alloc(T * d);
  layerNormBackward(P, c.ln2, d, p.ln2Gamma, dY, dH2, g.ln2Gamma, g.ln2Beta);
  const b2 = tt.backward(p.w2, c.c2, dH2);
  accumulateTT(P, g.w2, b2);
  const dF1 = P.alloc(T * cfg.dFF);
  geluBackward(P, c.F1, c.geluT, b2.dX, dF1);
  const b1 = tt.backward(p.w1, c.c1, dF1);
  accumulateTT(P, g.w1, b1);
  const dO = addArrays(P, dH2, b1.dX);
  const dH1 = P.alloc(T * d);
  layerNormBackward(P, c.ln1, d, p.ln1Gamma, dO, dH1, g.ln1Gamma, g.ln1Beta);
  const bo = tt.backward(p.wo, c.co, dH1);
  accumulateTT(P, g.wo, bo);
  const dQ = P.alloc(T * d),
    dK = P.alloc(T * d),
    dV = P.alloc(T * d);
  attentionBackward(P, c.attn, c.Q, c.K, c.V, T, d, cfg.heads, bo.dX, dQ, dK, dV);
  const bq = tt.backward(p.wq, c.cq, dQ);
  const bk = tt.backward(p.wk, c.ck, dK);
  const bv = tt.backward(p.wv, c.cv, dV);
  accumulateTT(P, g.wq, bq);
  accumulateTT(P, g.wk, bk);
  accumulateTT(P, g.wv, bv);
  const dX = addArrays(P, dH1, bq.dX);
  accumulate(P, dX, bk.dX);
  accumulate(P, dX, bv.dX);
  return dX;
}
