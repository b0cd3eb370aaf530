// One post-LayerNorm encoder layer's forward as program instructions, in encoder-layer.ts's order:
// Q, K, V (TT); per head S = softmax(r(Q_h K_h^T * s)), A_h = S V_h (GEMMs over strided head views);
// O = LN(A W_o + X); Y = LN(W_2 GELU(W_1 O) + O), the FFN in blocks of tokens (compile-ffn.ts).
import type { TransformerConfig } from '../transformer/config.js';
import type { ProgramBuilder } from './builder.js';
import { attentionScaleConstant, lnForwardConstants } from './compile-constants.js';
import { type FfnSchedule, type FfnTrace, emitFfnForward } from './compile-ffn.js';
import { type TTForwardTrace, type TTRegions, emitTTForward } from './compile-tt.js';
import { broadcastRow, column, rowMajor } from './isa.js';
import { conflictFreeStride } from './layout.js';

export interface LayerRegions {
  wq: TTRegions;
  wk: TTRegions;
  wv: TTRegions;
  wo: TTRegions;
  ln1Gamma: number;
  ln1Beta: number;
  w1: TTRegions;
  w2: TTRegions;
  ln2Gamma: number;
  ln2Beta: number;
}

export interface LayerNormTrace {
  x: number;
  y: number;
  xhat: number;
  rstd: number;
}

export interface LayerTrace {
  X: number;
  q: TTForwardTrace;
  k: TTForwardTrace;
  v: TTForwardTrace;
  /** Softmax probabilities, heads x T x T. */
  probs: number;
  A: number;
  o: TTForwardTrace;
  ln1: LayerNormTrace;
  /** W1, GELU, W2 in blocks of tokens (compile-ffn.ts). */
  ffn: FfnTrace;
  ln2: LayerNormTrace;
}

/** out = LN(r(a + b)) over T rows of d; keeps xhat and rstd. */
export function emitResidualLayerNorm(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  T: number,
  branch: number,
  skip: number,
  gamma: number,
  beta: number,
  out: number,
): LayerNormTrace {
  const d = cfg.dModel;
  const x = b.layout.alloc(`${name}.sum`, T * d, 'activation');
  b.vector({
    op: 'add',
    label: `${name} residual`,
    m: T,
    n: d,
    a: rowMajor(branch, d),
    b: rowMajor(skip, d),
    y: rowMajor(x, d),
  });
  return emitLayerNorm(b, name, cfg, T, x, gamma, beta, out);
}

export function emitLayerNorm(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  T: number,
  x: number,
  gamma: number,
  beta: number,
  y: number,
): LayerNormTrace {
  const d = cfg.dModel;
  const k = b.constant(lnForwardConstants(cfg));
  const xhat = b.layout.alloc(`${name}.xhat`, T * d, 'activation');
  const rstd = b.layout.alloc(`${name}.rstd`, T, 'activation');
  b.vector({
    op: 'layerNormFwd',
    label: name,
    m: T,
    n: d,
    k,
    a: rowMajor(x, d),
    b: broadcastRow(gamma),
    c: broadcastRow(beta),
    y: rowMajor(y, d),
    z: rowMajor(xhat, d),
    w: column(rstd),
  });
  return { x, y, xhat, rstd };
}

function emitAttention(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  T: number,
  Q: number,
  K: number,
  V: number,
  A: number,
): number {
  const d = cfg.dModel,
    H = cfg.heads,
    dh = d / H;
  // T x T blocks with a row stride the banks can serve down the columns (conflictFreeStride), planned
  // for the builder's row capacity (one program for every length: the same stride and head blocks).
  const cap = b.rowCapacity(T);
  const ts = conflictFreeStride(cap);
  const probs = b.layout.alloc(`${name}.probs`, H * cap * ts, 'activation');
  const scores = b.layout.alloc(`${name}.scores`, cap * ts, 'scratch');
  const scale = b.constant(attentionScaleConstant(cfg));
  for (let h = 0; h < H; h++) {
    const c0 = h * dh;
    const p = probs + h * cap * ts;
    b.gemm(
      `${name} h${h} S = Q K^T`,
      T,
      T,
      dh,
      { off: Q + c0, row: d, col: 1 },
      { off: K + c0, row: 1, col: d },
      rowMajor(scores, ts),
    );
    b.vector({
      op: 'scale',
      label: `${name} h${h} S *= s`,
      m: T,
      n: T,
      k: scale,
      a: rowMajor(scores, ts),
      y: rowMajor(scores, ts),
    });
    b.vector({
      op: 'softmax',
      label: `${name} h${h} softmax`,
      m: T,
      n: T,
      a: rowMajor(scores, ts),
      y: rowMajor(p, ts),
    });
    b.gemm(
      `${name} h${h} A = P V`,
      T,
      dh,
      T,
      rowMajor(p, ts),
      { off: V + c0, row: d, col: 1 },
      { off: A + c0, row: d, col: 1 },
    );
  }
  return probs;
}

export interface AttentionTrace {
  q: TTForwardTrace;
  k: TTForwardTrace;
  v: TTForwardTrace;
  probs: number;
  A: number;
}

/** Q, K, V from X, then every head's probabilities and A (the input of W_o). */
export function emitAttentionForward(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  p: LayerRegions,
  X: number,
  T: number,
): AttentionTrace {
  const d = cfg.dModel;
  const act = (what: string, words: number) => b.layout.alloc(`${name}.${what}`, words, 'activation');
  const q = emitTTForward(b, `${name}.wq`, cfg.attn, p.wq, X, T, act('Q', T * d));
  const k = emitTTForward(b, `${name}.wk`, cfg.attn, p.wk, X, T, act('K', T * d));
  const v = emitTTForward(b, `${name}.wv`, cfg.attn, p.wv, X, T, act('V', T * d));
  const A = act('A', T * d);
  const probs = emitAttention(b, `${name}.attn`, cfg, T, q.Y, k.Y, v.Y, A);
  return { q, k, v, probs, A };
}

export function emitLayerForward(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  p: LayerRegions,
  X: number,
  T: number,
  Y: number,
  ffnSchedule?: FfnSchedule,
): LayerTrace {
  const d = cfg.dModel;
  const act = (what: string, words: number) => b.layout.alloc(`${name}.${what}`, words, 'activation');
  const { q, k, v, probs, A } = emitAttentionForward(b, name, cfg, p, X, T);
  const o = emitTTForward(b, `${name}.wo`, cfg.attn, p.wo, A, T, act('attnOut', T * d));
  const O = act('O', T * d);
  const ln1 = emitResidualLayerNorm(b, `${name}.ln1`, cfg, T, o.Y, X, p.ln1Gamma, p.ln1Beta, O);
  const F2 = act('F2', T * d);
  const ffn = emitFfnForward(b, name, cfg, p.w1, p.w2, O, T, F2, ffnSchedule);
  const ln2 = emitResidualLayerNorm(b, `${name}.ln2`, cfg, T, F2, O, p.ln2Gamma, p.ln2Beta, Y);
  return { X, q, k, v, probs, A, o, ln1, ffn, ln2 };
}
