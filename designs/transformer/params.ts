// The model's parameters: one structure for both numeric levels, a fixed flat list of named tensors for
// the optimizer, checkpoints and gradient checks, initialisation and conversion between levels.
import { initTTLinear, initTTMEmbedding, type TTLayerShape } from '../tt/index.js';
import type { TransformerConfig } from './config.js';
import type { Arr, Precision } from './precision.js';
import { Rng } from './rng.js';
import type { TTLinear, TTMEmbedding } from './tt-bridge.js';

export interface EncoderLayerParams {
  wq: TTLinear;
  wk: TTLinear;
  wv: TTLinear;
  wo: TTLinear;
  ln1Gamma: Arr;
  ln1Beta: Arr;
  w1: TTLinear;
  w2: TTLinear;
  ln2Gamma: Arr;
  ln2Beta: Arr;
}

export interface ModelParams {
  embedding: TTMEmbedding;
  /** Learned position embedding, maxTokens x dModel. */
  position: Arr;
  layers: EncoderLayerParams[];
  intentPooler: TTLinear;
  /** intents x dModel, and its bias. */
  intentW: Arr;
  intentB: Arr;
  slotPooler: TTLinear;
  slotLnGamma: Arr;
  slotLnBeta: Arr;
  /** slots x dModel, and its bias. */
  slotW: Arr;
  slotB: Arr;
}

export interface NamedTensor {
  name: string;
  data: Arr;
}

const ttTensors = (name: string, p: TTLinear): NamedTensor[] => [
  ...p.cores.map((data, k) => ({ name: `${name}.core${k}`, data })),
  { name: `${name}.bias`, data: p.bias },
];

/** Every parameter array, in a fixed order with stable names. The arrays are shared, not copied. */
export function tensors(p: ModelParams): NamedTensor[] {
  const out: NamedTensor[] = p.embedding.cores.map((data, k) => ({ name: `embedding.core${k}`, data }));
  out.push({ name: 'position', data: p.position });
  p.layers.forEach((l, i) => {
    const n = `layer${i}`;
    out.push(
      ...ttTensors(`${n}.wq`, l.wq),
      ...ttTensors(`${n}.wk`, l.wk),
      ...ttTensors(`${n}.wv`, l.wv),
      ...ttTensors(`${n}.wo`, l.wo),
      { name: `${n}.ln1.gamma`, data: l.ln1Gamma },
      { name: `${n}.ln1.beta`, data: l.ln1Beta },
      ...ttTensors(`${n}.w1`, l.w1),
      ...ttTensors(`${n}.w2`, l.w2),
      { name: `${n}.ln2.gamma`, data: l.ln2Gamma },
      { name: `${n}.ln2.beta`, data: l.ln2Beta },
    );
  });
  out.push(
    ...ttTensors('intent.pooler', p.intentPooler),
    { name: 'intent.W', data: p.intentW },
    { name: 'intent.b', data: p.intentB },
    ...ttTensors('slot.pooler', p.slotPooler),
    { name: 'slot.ln.gamma', data: p.slotLnGamma },
    { name: 'slot.ln.beta', data: p.slotLnBeta },
    { name: 'slot.W', data: p.slotW },
    { name: 'slot.b', data: p.slotB },
  );
  return out;
}

/** A structure of the same shape whose arrays come from `make(original)`. */
export function mapParams(p: ModelParams, make: (a: Arr) => Arr): ModelParams {
  const tt = (t: TTLinear): TTLinear => ({ shape: t.shape, cores: t.cores.map(make), bias: make(t.bias) });
  return {
    embedding: { shape: p.embedding.shape, cores: p.embedding.cores.map(make) },
    position: make(p.position),
    layers: p.layers.map((l) => ({
      wq: tt(l.wq),
      wk: tt(l.wk),
      wv: tt(l.wv),
      wo: tt(l.wo),
      ln1Gamma: make(l.ln1Gamma),
      ln1Beta: make(l.ln1Beta),
      w1: tt(l.w1),
      w2: tt(l.w2),
      ln2Gamma: make(l.ln2Gamma),
      ln2Beta: make(l.ln2Beta),
    })),
    intentPooler: tt(p.intentPooler),
    intentW: make(p.intentW),
    intentB: make(p.intentB),
    slotPooler: tt(p.slotPooler),
    slotLnGamma: make(p.slotLnGamma),
    slotLnBeta: make(p.slotLnBeta),
    slotW: make(p.slotW),
    slotB: make(p.slotB),
  };
}

/** Zero gradients (or optimizer moments) shaped like `p`. */
export const zerosLike = (P: Precision, p: ModelParams): ModelParams => mapParams(p, (a) => P.alloc(a.length));
/** The same values in level P (rounded to FP32 for fp32; exact the other way). */
export const convertParams = (P: Precision, p: ModelParams): ModelParams => mapParams(p, (a) => P.from(a));

/** Float64 initial values from a seed. Use convertParams for the FP32 level. */
export function initParams(cfg: TransformerConfig, seed: number): ModelParams {
  const rng = new Rng(seed);
  const d = cfg.dModel;
  const normal = (n: number, std: number) => Float64Array.from({ length: n }, () => rng.normal() * std);
  const ones = (n: number) => new Float64Array(n).fill(1);
  const tt = (shape: TTLayerShape): TTLinear => initTTLinear(shape, rng.fn);
  return {
    // Rows of unit scale: there is no LayerNorm on the embedding, the first post-LN normalises later.
    embedding: initTTMEmbedding(cfg.embedding, rng.fn, 1),
    position: normal(cfg.maxTokens * d, 0.1),
    layers: Array.from({ length: cfg.layers }, () => ({
      wq: tt(cfg.attn),
      wk: tt(cfg.attn),
      wv: tt(cfg.attn),
      wo: tt(cfg.attn),
      ln1Gamma: ones(d),
      ln1Beta: new Float64Array(d),
      w1: tt(cfg.ffn1),
      w2: tt(cfg.ffn2),
      ln2Gamma: ones(d),
      ln2Beta: new Float64Array(d),
    })),
    intentPooler: tt(cfg.intentPooler),
    intentW: normal(cfg.intents * d, 1 / Math.sqrt(d)),
    intentB: new Float64Array(cfg.intents),
    slotPooler: tt(cfg.slotPooler),
    slotLnGamma: ones(d),
    slotLnBeta: new Float64Array(d),
    slotW: normal(cfg.slots * d, 1 / Math.sqrt(d)),
    slotB: new Float64Array(cfg.slots),
  };
}

export const parameterCount = (p: ModelParams): number => tensors(p).reduce((s, t) => s + t.data.length, 0);
