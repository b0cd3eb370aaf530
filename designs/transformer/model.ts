// The whole model on one utterance (batch 1): embedding, encoder layers, intent and slot heads, loss,
// and the backward pass into a gradient structure shaped like the parameters.
//   X0[t] = TTM(token_t) + P[t]
//   intent: logits = W_i tanh(TT_i(u)) + b_i, u = X[0] or the rows' mean  (one cross-entropy)
//   slots:  logits = W_s LN(GELU(TT_s(X[1..T-1]))) + b_s              (mean cross-entropy over words)
//   loss = CE_intent + mean_t CE_slot(t)     (the intent target optionally label-smoothed for training)
import { crossEntropyRow, geluBackward, geluForward, tanhBackward, tanhForward } from './activations.js';
import type { TransformerConfig } from './config.js';
import { denseBackward, denseForward } from './dense.js';
import {
  accumulate,
  accumulateTT,
  encoderLayerBackward,
  encoderLayerForward,
  type EncoderLayerCache,
} from './encoder-layer.js';
import { poolIntentInput, poolIntentInputBackward } from './intent-pooling.js';
import { layerNormBackward, layerNormForward, type LayerNormCache } from './layernorm.js';
import type { ModelParams } from './params.js';
import type { Arr, Precision } from './precision.js';
import { ttKernels } from './tt-bridge.js';

export interface Sample {
  tokens: Int32Array;
  /** Slot class per position; negative = not scored (position 0, the classification token). */
  slots: Int32Array;
  intent: number;
}

export interface ForwardResult {
  loss: number;
  intentLoss: number;
  slotLoss: number;
  intentPred: number;
  /** Predicted slot class per position (position 0 is -1). */
  slotPred: Int32Array;
}

interface Cache {
  T: number;
  layers: { X: Arr; cache: EncoderLayerCache }[];
  intentPoolCache: unknown;
  intentTanh: Arr;
  dIntentLogits: Arr;
  slotPoolCache: unknown;
  slotPre: Arr;
  slotGeluT: Arr;
  slotLn: LayerNormCache;
  slotNorm: Arr;
  dSlotLogits: Arr;
}

function argmax(a: Arr, o: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (a[o + j]! > a[o + best]!) best = j;
  return best;
}

export class TransformerModel {
  constructor(
    readonly P: Precision,
    readonly cfg: TransformerConfig,
    public params: ModelParams,
  ) {}

  private forwardCached(s: Sample): { result: ForwardResult; cache: Cache } {
    const { P, cfg, params: p } = this;
    const r = P.r;
    const tt = ttKernels(P);
    const d = cfg.dModel;
    const T = Math.min(s.tokens.length, cfg.maxTokens);
    if (T < 1) throw new Error('empty sample');
    // Embedding + position
    let X = P.alloc(T * d);
    for (let t = 0; t < T; t++) {
      const row = tt.embRow(p.embedding, s.tokens[t]!);
      for (let c = 0; c < d; c++) X[t * d + c] = r(row[c]! + p.position[t * d + c]!);
    }
    const layers: Cache['layers'] = [];
    for (const lp of p.layers) {
      const f = encoderLayerForward(P, cfg, lp, X, T);
      layers.push({ X, cache: f.cache });
      X = f.Y;
    }
    // Intent head on position 0 or the mean of all positions
    const ip = tt.forward(p.intentPooler, poolIntentInput(P, cfg.intentPooling ?? 'first', X, T, d), 1);
    const intentTanh = P.alloc(d);
    tanhForward(P, ip.Y, intentTanh);
    const nI = cfg.intents;
    const iLogits = P.alloc(nI);
    denseForward(P, intentTanh, 1, d, nI, p.intentW, p.intentB, iLogits);
    const dIntentLogits = P.alloc(nI);
    const intentLoss = crossEntropyRow(
      P,
      iLogits,
      0,
      nI,
      s.intent,
      1,
      P.alloc(nI),
      dIntentLogits,
      cfg.intentLabelSmoothing ?? 0,
    );
    // Slot head on positions 1..T-1
    const W = T - 1;
    const nS = cfg.slots;
    const slotPred = new Int32Array(T).fill(-1);
    let slotLoss = 0;
    let slotPoolCache: unknown;
    const slotPre = P.alloc(W * d),
      slotGeluT = P.alloc(W * d),
      slotNorm = P.alloc(W * d),
      dSlotLogits = P.alloc(W * nS);
    let slotLn: LayerNormCache = { xhat: slotNorm, rstd: P.alloc(0), rows: 0 };
    if (W > 0) {
      const sp = tt.forward(p.slotPooler, X.subarray(d, T * d), W);
      slotPoolCache = sp.cache;
      slotPre.set(sp.Y);
      const G = P.alloc(W * d);
      geluForward(P, slotPre, G, slotGeluT);
      slotLn = layerNormForward(P, G, W, d, p.slotLnGamma, p.slotLnBeta, cfg.lnEps, slotNorm);
      const sLogits = P.alloc(W * nS);
      denseForward(P, slotNorm, W, d, nS, p.slotW, p.slotB, sLogits);
      const probs = P.alloc(W * nS);
      let scored = 0;
      for (let t = 1; t < T; t++) if (s.slots[t]! >= 0) scored++;
      const weight = scored > 0 ? 1 / scored : 0;
      for (let t = 1; t < T; t++) {
        const o = (t - 1) * nS;
        slotPred[t] = argmax(sLogits, o, nS);
        if (s.slots[t]! < 0) continue;
        slotLoss += crossEntropyRow(P, sLogits, o, nS, s.slots[t]!, weight, probs, dSlotLogits) * weight;
      }
    }
    return {
      result: { loss: intentLoss + slotLoss, intentLoss, slotLoss, intentPred: argmax(iLogits, 0, nI), slotPred },
      cache: {
        T,
        layers,
        intentPoolCache: ip.cache,
        intentTanh,
        dIntentLogits,
        slotPoolCache,
        slotPre,
        slotGeluT,
        slotLn,
        slotNorm,
        dSlotLogits,
      },
    };
  }

  /** Loss and predictions only. */
  forward(s: Sample): ForwardResult {
    return this.forwardCached(s).result;
  }

  /** Loss and predictions; gradients of the loss are added into `grads` (zero it first for a fresh step). */
  forwardBackward(s: Sample, grads: ModelParams): ForwardResult {
    const { P, cfg, params: p } = this;
    const tt = ttKernels(P);
    const d = cfg.dModel;
    const { result, cache: c } = this.forwardCached(s);
    const T = c.T;
    const dX = P.alloc(T * d);
    // Intent head
    const dTanh = P.alloc(d);
    denseBackward(P, c.intentTanh, 1, d, cfg.intents, p.intentW, c.dIntentLogits, dTanh, grads.intentW, grads.intentB);
    const dPool = P.alloc(d);
    tanhBackward(P, c.intentTanh, dTanh, dPool);
    const bi = tt.backward(p.intentPooler, c.intentPoolCache, dPool);
    accumulateTT(P, grads.intentPooler, bi);
    const pooling = cfg.intentPooling ?? 'first';
    poolIntentInputBackward(P, pooling, bi.dX, T, d, dX);
    // Slot head
    const W = T - 1;
    if (W > 0) {
      const dNorm = P.alloc(W * d);
      denseBackward(P, c.slotNorm, W, d, cfg.slots, p.slotW, c.dSlotLogits, dNorm, grads.slotW, grads.slotB);
      const dG = P.alloc(W * d);
      layerNormBackward(P, c.slotLn, d, p.slotLnGamma, dNorm, dG, grads.slotLnGamma, grads.slotLnBeta);
      const dPre = P.alloc(W * d);
      geluBackward(P, c.slotPre, c.slotGeluT, dG, dPre);
      const bs = tt.backward(p.slotPooler, c.slotPoolCache, dPre);
      accumulateTT(P, grads.slotPooler, bs);
      if (pooling === 'first') dX.set(bs.dX, d);
      else for (let i = 0; i < W * d; i++) dX[d + i] = P.r(dX[d + i]! + bs.dX[i]!);
    }
    // Encoder layers, last first
    let dCur: Arr = dX;
    for (let i = p.layers.length - 1; i >= 0; i--) {
      dCur = encoderLayerBackward(P, cfg, p.layers[i]!, grads.layers[i]!, c.layers[i]!.cache, dCur);
    }
    // Position and embedding (positions ascending)
    accumulate(P, grads.position, dCur.subarray(0, T * d));
    for (let t = 0; t < T; t++) {
      for (const run of tt.embRowBackward(p.embedding, s.tokens[t]!, dCur.subarray(t * d, (t + 1) * d))) {
        accumulate(P, grads.embedding.cores[run.core]!, run.grad, run.offset);
      }
    }
    return result;
  }
}
