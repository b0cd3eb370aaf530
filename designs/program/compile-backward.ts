// Backward through the whole model as program instructions, in model.ts's and encoder-layer.ts's order:
// both heads (dense, tanh / LayerNorm + GELU, poolers), the encoder layers last first (LayerNorms,
// FFN, attention per head, Q/K/V fan-in: skip first, then W_q, W_k, W_v), positions, then the TTM
// embedding's slices token by token. Gradients are added into the 'grad.*' regions as the model adds
// them into its gradient structure (zeroed by the program's first stage, compile-update.ts).
import type { TransformerConfig } from '../transformer/config.js';
import { mixedRadixDigits } from '../tt/tt-shape.js';
import type { ProgramBuilder } from './builder.js';
import type { ForwardTrace, ModelRegions } from './compile-model.js';
import {
  type AttentionTrace,
  type LayerNormTrace,
  type LayerRegions,
  type LayerTrace,
  emitAttentionForward,
  emitLayerForward,
} from './compile-layer.js';
import { emitTTBackward } from './compile-tt-backward.js';
import { emitFfnBackward } from './compile-ffn.js';
import { emitTokenPrefixes, gatherSlice } from './compile-embedding.js';
import { meanScaleConstant } from './compile-heads.js';
import { attentionScaleConstant, lnBackwardConstants } from './compile-constants.js';
import { broadcastRow, column, rowMajor, type View } from './isa.js';
import { conflictFreeStride } from './layout.js';

const tr = (off: number, cols: number): View => ({ off, row: 1, col: cols });

function emitLayerNormBackward(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  T: number,
  ln: LayerNormTrace,
  gamma: number,
  dGamma: number,
  dBeta: number,
  dy: number,
  dx: number,
): void {
  const d = cfg.dModel;
  const k = b.constant(lnBackwardConstants(cfg));
  b.vector({
    op: 'layerNormBwd',
    label: `${name} backward`,
    m: T,
    n: d,
    k,
    a: rowMajor(dy, d),
    b: rowMajor(ln.xhat, d),
    c: column(ln.rstd),
    d: broadcastRow(gamma),
    y: rowMajor(dx, d),
    z: rowMajor(dGamma, d),
    w: rowMajor(dBeta, d),
  });
}

/** dX (K x M) = dY W; dW += dY^T X; db += column sums of dY (dense.ts). */
function emitDenseBackward(
  b: ProgramBuilder,
  name: string,
  X: number,
  K: number,
  M: number,
  N: number,
  W: number,
  dY: number,
  dX: number,
  dW: number,
  db: number,
): void {
  b.gemm(`${name} dX = dY W`, K, M, N, rowMajor(dY, N), rowMajor(W, M), rowMajor(dX, M));
  b.gemm(`${name} dW += dY^T X`, N, M, K, tr(dY, N), rowMajor(X, M), rowMajor(dW, M), true);
  b.vector({
    op: 'sumRows',
    label: `${name} db +=`,
    m: K,
    n: N,
    a: rowMajor(dY, N),
    y: rowMajor(db, N),
    accumulate: true,
  });
}

function emitAttentionBackward(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  T: number,
  lt: AttentionTrace,
  dA: number,
  dQ: number,
  dK: number,
  dV: number,
): void {
  const d = cfg.dModel,
    H = cfg.heads,
    dh = d / H;
  const cap = b.rowCapacity(T);
  const ts = conflictFreeStride(cap); // the T x T blocks' row stride, as the forward's probabilities
  const dP = b.layout.alloc(`${name}.dP`, cap * ts, 'scratch'),
    dS = b.layout.alloc(`${name}.dS`, cap * ts, 'scratch');
  const scale = b.constant(attentionScaleConstant(cfg));
  const head = (off: number, c0: number): View => ({ off: off + c0, row: d, col: 1 });
  for (let h = 0; h < H; h++) {
    const c0 = h * dh,
      p = lt.probs + h * cap * ts;
    b.gemm(`${name} h${h} dP = dA V^T`, T, T, dh, head(dA, c0), { off: lt.v.Y + c0, row: 1, col: d }, rowMajor(dP, ts));
    b.gemm(`${name} h${h} dV = P^T dA`, T, dh, T, tr(p, ts), head(dA, c0), head(dV, c0));
    b.vector({
      op: 'softmaxBwd',
      label: `${name} h${h} softmax backward`,
      m: T,
      n: T,
      a: rowMajor(p, ts),
      b: rowMajor(dP, ts),
      y: rowMajor(dS, ts),
    });
    b.vector({
      op: 'scale',
      label: `${name} h${h} dS *= s`,
      m: T,
      n: T,
      k: scale,
      a: rowMajor(dS, ts),
      y: rowMajor(dS, ts),
    });
    b.gemm(`${name} h${h} dQ = dS K`, T, dh, T, rowMajor(dS, ts), head(lt.k.Y, c0), head(dQ, c0));
    b.gemm(`${name} h${h} dK = dS^T Q`, T, dh, T, tr(dS, ts), head(lt.q.Y, c0), head(dK, c0));
  }
}

function emitLayerBackward(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  T: number,
  p: LayerRegions,
  g: LayerRegions,
  lt: LayerTrace,
  dY: number,
  dX: number,
): void {
  const d = cfg.dModel;
  const a = (what: string, words: number) => b.layout.alloc(`${name}.${what}`, words, 'activation');
  const dH2 = a('dH2', T * d);
  emitLayerNormBackward(b, `${name}.ln2`, cfg, T, lt.ln2, p.ln2Gamma, g.ln2Gamma, g.ln2Beta, dY, dH2);
  const dO1 = a('dO1', T * d);
  emitFfnBackward(b, name, cfg, T, p.w1, p.w2, g.w1, g.w2, lt.ffn, dH2, dO1);
  const dO = a('dO', T * d);
  b.vector({
    op: 'add',
    label: `${name} dO = dH2 + dO1`,
    m: T,
    n: d,
    a: rowMajor(dH2, d),
    b: rowMajor(dO1, d),
    y: rowMajor(dO, d),
  });
  const dH1 = a('dH1', T * d);
  emitLayerNormBackward(b, `${name}.ln1`, cfg, T, lt.ln1, p.ln1Gamma, g.ln1Gamma, g.ln1Beta, dO, dH1);
  // Q, K, V, the probabilities and A again from the layer's input (the same instructions on the same
  // words): the recomputed forward's die at W_o, so they are not live through the FFN's backward.
  const at = emitAttentionForward(b, `${name}.re2`, cfg, p, lt.X, T);
  const dA = a('dA', T * d);
  emitTTBackward(b, `${name}.wo`, p.wo, g.wo, { ...lt.o, X: at.A }, dH1, dA);
  const dQ = a('dQ', T * d),
    dK = a('dK', T * d),
    dV = a('dV', T * d);
  emitAttentionBackward(b, `${name}.attn`, cfg, T, at, dA, dQ, dK, dV);
  const dXq = a('dXq', T * d),
    dXk = a('dXk', T * d),
    dXv = a('dXv', T * d);
  emitTTBackward(b, `${name}.wq`, p.wq, g.wq, at.q, dQ, dXq);
  emitTTBackward(b, `${name}.wk`, p.wk, g.wk, at.k, dK, dXk);
  emitTTBackward(b, `${name}.wv`, p.wv, g.wv, at.v, dV, dXv);
  const all = rowMajor(dX, d);
  b.vector({
    op: 'add',
    label: `${name} dX = dH1 + dXq`,
    m: T,
    n: d,
    a: rowMajor(dH1, d),
    b: rowMajor(dXq, d),
    y: all,
  });
  b.vector({ op: 'add', label: `${name} dX += dXk`, m: T, n: d, a: all, b: rowMajor(dXk, d), y: all });
  b.vector({ op: 'add', label: `${name} dX += dXv`, m: T, n: d, a: all, b: rowMajor(dXv, d), y: all });
}

function emitEmbeddingBackward(
  b: ProgramBuilder,
  cfg: TransformerConfig,
  tokens: ArrayLike<number>,
  p: ModelRegions,
  g: ModelRegions,
  prefixes: number[][],
  dX: number,
): void {
  const { rowShape, colShape, ranks } = cfg.embedding;
  const d = cfg.dModel,
    n = rowShape.length;
  for (let t = 0; t < tokens.length; t++) {
    const digits = mixedRadixDigits(tokens[t]!, rowShape);
    // The prefixes again (emitTokenPrefixes says why); with one core there are none to recompute.
    const pre = n === 1 ? prefixes[t]! : emitTokenPrefixes(b, cfg, tokens[t]!, t, p.embedding, `bwd.emb.t${t}.re`);
    const slice = (cores: number[], k: number): View => {
      const Dr = colShape[k]! * ranks[k + 1]!;
      return { off: cores[k]! + digits[k]! * Dr, row: rowShape[k]! * Dr, col: 1 };
    };
    // r(grad slice + dF), the slice's r_k runs as the rows of one strided view.
    const addSlice = (k: number, dF: number) => {
      const Dr = colShape[k]! * ranks[k + 1]!;
      const gv = slice(g.embedding, k);
      b.vector({
        op: 'add',
        label: `emb token ${t} grad core${k}`,
        m: ranks[k]!,
        n: Dr,
        a: gv,
        b: rowMajor(dF, Dr),
        y: gv,
      });
      gatherSlice(b, cfg, k, t, ['a', 'y']);
    };
    let gk = dX + t * d;
    let rows = d;
    for (let k = n - 1; k >= 1; k--) {
      rows /= colShape[k]!;
      const cols = colShape[k]! * ranks[k + 1]!;
      const dF = b.layout.alloc(`bwd.emb.t${t}.dcore${k}`, ranks[k]! * cols, 'scratch');
      b.gemm(
        `emb token ${t} dG${k} = P^T g`,
        ranks[k]!,
        cols,
        rows,
        tr(pre[k - 1]!, ranks[k]!),
        rowMajor(gk, cols),
        rowMajor(dF, cols),
      );
      if (k === 1) gatherSlice(b, cfg, 0, t, ['a']); // P_0 is the core-0 slice itself
      const next = b.layout.alloc(`bwd.emb.t${t}.g${k}`, rows * ranks[k]!, 'scratch');
      const F = slice(p.embedding, k);
      b.gemm(
        `emb token ${t} g = g G${k}^T`,
        rows,
        ranks[k]!,
        cols,
        rowMajor(gk, cols),
        { off: F.off, row: 1, col: F.row },
        rowMajor(next, ranks[k]!),
      );
      gatherSlice(b, cfg, k, t, ['b']);
      addSlice(k, dF);
      gk = next;
    }
    addSlice(0, gk);
  }
}

/** Backward of the whole sample; `g` are the gradient regions (allocModelParams with role 'grad'). */
export function emitModelBackward(
  b: ProgramBuilder,
  cfg: TransformerConfig,
  tokens: ArrayLike<number>,
  p: ModelRegions,
  g: ModelRegions,
  f: ForwardTrace,
  embPrefixes: number[][],
): void {
  const d = cfg.dModel,
    T = tokens.length,
    W = T - 1;
  const L = b.layout;
  const h = f.heads;
  b.stage('heads backward');
  const dXtop = L.alloc('bwd.heads.dX', T * d, 'activation');
  const dTanh = L.alloc('bwd.intent.dTanh', d, 'activation'),
    dPool = L.alloc('bwd.intent.dPool', d, 'activation');
  emitDenseBackward(
    b,
    'intent dense',
    h.intentTanh,
    1,
    d,
    cfg.intents,
    p.intentW,
    h.dIntentLogits,
    dTanh,
    g.intentW,
    g.intentB,
  );
  b.vector({
    op: 'tanhBwd',
    label: 'intent tanh backward',
    m: 1,
    n: d,
    a: rowMajor(h.intentTanh, d),
    b: rowMajor(dTanh, d),
    y: rowMajor(dPool, d),
  });
  const mean = cfg.intentPooling === 'mean';
  // 'mean': the pooler's input gradient is scaled by r(1/T) into every row, and the slot head's is added.
  const dMean = mean ? L.alloc('bwd.intent.dMean', d, 'activation') : dXtop;
  emitTTBackward(b, 'bwd.intent.pooler', p.intentPooler, g.intentPooler, h.intentPool, dPool, dMean);
  if (mean)
    b.vector({
      op: 'scale',
      label: 'intent mean backward: x 1/T to every row',
      m: T,
      n: d,
      k: meanScaleConstant(b, cfg, T),
      a: broadcastRow(dMean),
      y: rowMajor(dXtop, d),
    });
  if (W > 0 && h.slot) {
    const s = h.slot;
    const dNorm = L.alloc('bwd.slot.dNorm', W * d, 'activation'),
      dG = L.alloc('bwd.slot.dG', W * d, 'activation'),
      dPre = L.alloc('bwd.slot.dPre', W * d, 'activation');
    emitDenseBackward(b, 'slot dense', s.ln.y, W, d, cfg.slots, p.slotW, s.dLogits, dNorm, g.slotW, g.slotB);
    emitLayerNormBackward(b, 'slot.ln', cfg, W, s.ln, p.slotLnGamma, g.slotLnGamma, g.slotLnBeta, dNorm, dG);
    b.vector({
      op: 'geluBwd',
      label: 'slot GELU backward',
      m: W,
      n: d,
      a: rowMajor(s.pool.Y, d),
      b: rowMajor(s.geluT, d),
      c: rowMajor(dG, d),
      y: rowMajor(dPre, d),
    });
    const dSlotX = mean ? L.alloc('bwd.slot.dX', W * d, 'activation') : dXtop + d;
    emitTTBackward(b, 'bwd.slot.pooler', p.slotPooler, g.slotPooler, s.pool, dPre, dSlotX);
    if (mean)
      b.vector({
        op: 'add',
        label: 'slot head gradient onto the intent mean gradient',
        m: W,
        n: d,
        a: rowMajor(dXtop + d, d),
        b: rowMajor(dSlotX, d),
        y: rowMajor(dXtop + d, d),
      });
  }
  let dCur = dXtop;
  for (let i = cfg.layers - 1; i >= 0; i--) {
    // The layer's forward again from its kept input (the same instructions on the same words, so the
    // same bits): the forward's activations then die inside their layer's forward, and only one
    // layer's are live at a time in backward. Its output Y is not read (LN2's backward needs xhat, rstd).
    b.stage(`layer ${i} recompute`);
    const reY = L.alloc(`bwd.layer${i}.re.Y`, T * d, 'scratch');
    const fl = f.layers[i]!;
    const lt = emitLayerForward(b, `bwd.layer${i}.re`, cfg, p.layers[i]!, fl.X, T, reY, fl.ffn.schedule);
    b.stage(`layer ${i} backward`);
    const dX = L.alloc(`bwd.layer${i}.dX`, T * d, 'activation');
    emitLayerBackward(b, `bwd.layer${i}`, cfg, T, p.layers[i]!, g.layers[i]!, lt, dCur, dX);
    dCur = dX;
  }
  b.stage('embedding backward');
  b.vector({
    op: 'add',
    label: 'grad position rows',
    m: T,
    n: d,
    a: rowMajor(g.position, d),
    b: rowMajor(dCur, d),
    y: rowMajor(g.position, d),
  });
  emitEmbeddingBackward(b, cfg, tokens, p, g, embPrefixes, dCur);
}
