// The two heads' forward and their cross-entropy gradients as program instructions (model.ts):
//   intent: logits = W_i tanh(TT_i(u)) + b_i;  dz = r(r(p - q) * 1), q from the label smoothing;
//           u = X[0], or with intentPooling 'mean' r(sumRows(X) * r(1/T)) (intent-pooling.ts)
//   slots:  logits = W_s LN(GELU(TT_s(X[1..T-1]))) + b_s;  dz = r(r(p - onehot) * r(1/scored))
// The labels (as FP32 values, -1 for an unscored position) and the slot weight are written by the host
// into the 'host.*' regions before the run: the program does not depend on them.
import type { TransformerConfig } from '../transformer/config.js';
import type { ProgramBuilder } from './builder.js';
import { intentCeConstants, intentMeanScales, zeroConstant } from './compile-constants.js';
import { type TTForwardTrace, type TTRegions, emitTTForward } from './compile-tt.js';
import { type LayerNormTrace, emitLayerNorm } from './compile-layer.js';
import { broadcastRow, column, rowMajor, transposedView } from './isa.js';

export interface HeadRegions {
  intentPooler: TTRegions;
  intentW: number;
  intentB: number;
  slotPooler: TTRegions;
  slotLnGamma: number;
  slotLnBeta: number;
  slotW: number;
  slotB: number;
}

export interface HeadTrace {
  intentPool: TTForwardTrace;
  intentTanh: number;
  intentLogits: number;
  intentProbs: number;
  dIntentLogits: number;
  slot?: {
    pool: TTForwardTrace;
    G: number;
    geluT: number;
    ln: LayerNormTrace;
    logits: number;
    probs: number;
    dLogits: number;
  };
}

/** The host's per-sample words: intent label, slot labels (T-1), slot cross-entropy constants. */
export const HOST_INTENT_LABEL = 'host.intentLabel';
export const HOST_SLOT_LABELS = 'host.slotLabels';
export const HOST_SLOT_CE = 'host.slotCE';

/** Y (K x N) = X (K x M) W^T + b, W stored N x M (dense.ts). */
function emitDense(
  b: ProgramBuilder,
  name: string,
  X: number,
  K: number,
  M: number,
  N: number,
  W: number,
  bias: number,
  Y: number,
): void {
  b.gemm(`${name} = X W^T`, K, N, M, rowMajor(X, M), transposedView(W, M), rowMajor(Y, N));
  b.vector({
    op: 'add',
    label: `${name} += b`,
    m: K,
    n: N,
    a: rowMajor(Y, N),
    b: broadcastRow(bias),
    y: rowMajor(Y, N),
  });
}

/** The address of r(1/T) in the constants (intentPooling 'mean'). */
export const meanScaleConstant = (b: ProgramBuilder, cfg: TransformerConfig, T: number): number =>
  b.constant(intentMeanScales(cfg)) + T - 1;

/** u = r(r(sum_t X[t]) * r(1/T)): the T rows summed ascending from +0, then scaled (intent-pooling.ts). */
function emitMeanRow(b: ProgramBuilder, cfg: TransformerConfig, X: number, T: number): number {
  const d = cfg.dModel,
    u = b.layout.alloc('fwd.intent.mean', d, 'activation');
  b.vector({ op: 'sumRows', label: 'intent mean: sum of the rows', m: T, n: d, a: rowMajor(X, d), y: broadcastRow(u) });
  b.vector({
    op: 'scale',
    label: 'intent mean: x 1/T',
    m: 1,
    n: d,
    k: meanScaleConstant(b, cfg, T),
    a: rowMajor(u, d),
    y: rowMajor(u, d),
  });
  return u;
}

/** A host region: the input record's (declared before seal, one program) or a new one per sample. */
const hostRegion = (b: ProgramBuilder, name: string, words: number): number =>
  b.layout.has(name) ? b.layout.base(name) : b.layout.alloc(name, words, 'host');

export function emitHeadsForward(
  b: ProgramBuilder,
  cfg: TransformerConfig,
  p: HeadRegions,
  X: number,
  T: number,
): HeadTrace {
  const d = cfg.dModel,
    nI = cfg.intents,
    nS = cfg.slots;
  const L = b.layout;
  b.stage('intent head');
  const intentIn = cfg.intentPooling === 'mean' ? emitMeanRow(b, cfg, X, T) : X;
  const intentPool = emitTTForward(
    b,
    'fwd.intent.pooler',
    cfg.intentPooler,
    p.intentPooler,
    intentIn,
    1,
    L.alloc('fwd.intent.pool', d, 'activation'),
  );
  const intentTanh = L.alloc('fwd.intent.tanh', d, 'activation');
  b.vector({
    op: 'tanhFwd',
    label: 'intent tanh',
    m: 1,
    n: d,
    a: rowMajor(intentPool.Y, d),
    y: rowMajor(intentTanh, d),
  });
  const intentLogits = L.alloc('fwd.intent.logits', nI, 'activation');
  emitDense(b, 'intent logits', intentTanh, 1, d, nI, p.intentW, p.intentB, intentLogits);
  const intentCE = b.constant(intentCeConstants(cfg));
  const label = hostRegion(b, HOST_INTENT_LABEL, 1);
  const intentProbs = L.alloc('fwd.intent.probs', nI, 'activation');
  const dIntentLogits = L.alloc('bwd.intent.dLogits', nI, 'activation');
  b.vector({
    op: 'crossEntropyGrad',
    label: 'intent cross-entropy gradient',
    m: 1,
    n: nI,
    k: intentCE,
    a: rowMajor(intentLogits, nI),
    b: column(label),
    y: rowMajor(intentProbs, nI),
    z: rowMajor(dIntentLogits, nI),
  });
  const trace: HeadTrace = { intentPool, intentTanh, intentLogits, intentProbs, dIntentLogits };
  const W = T - 1;
  if (W === 0) return trace;
  b.stage('slot head');
  const pool = emitTTForward(
    b,
    'fwd.slot.pooler',
    cfg.slotPooler,
    p.slotPooler,
    X + d,
    W,
    L.alloc('fwd.slot.pool', W * d, 'activation'),
  );
  const G = L.alloc('fwd.slot.G', W * d, 'activation'),
    geluT = L.alloc('fwd.slot.geluT', W * d, 'activation');
  b.vector({
    op: 'geluFwd',
    label: 'slot GELU',
    m: W,
    n: d,
    a: rowMajor(pool.Y, d),
    y: rowMajor(G, d),
    z: rowMajor(geluT, d),
  });
  const ln = emitLayerNorm(
    b,
    'fwd.slot.ln',
    cfg,
    W,
    G,
    p.slotLnGamma,
    p.slotLnBeta,
    L.alloc('fwd.slot.norm', W * d, 'activation'),
  );
  const logits = L.alloc('fwd.slot.logits', W * nS, 'activation');
  emitDense(b, 'slot logits', ln.y, W, d, nS, p.slotW, p.slotB, logits);
  const labels = hostRegion(b, HOST_SLOT_LABELS, W);
  const ce = hostRegion(b, HOST_SLOT_CE, 3);
  const probs = L.alloc('fwd.slot.probs', W * nS, 'activation');
  const dLogits = L.alloc('bwd.slot.dLogits', W * nS, 'activation');
  // crossEntropyGrad leaves unscored rows alone; the model's arrays start at +0, and so must these
  // (a carried image holds the previous sample's words there).
  const zero = { off: b.constant(zeroConstant), row: 0, col: 0 };
  for (const [what, at] of [
    ['probabilities', probs],
    ['gradients', dLogits],
  ] as const)
    b.vector({ op: 'copy', label: `zero slot ${what}`, m: W, n: nS, a: zero, y: rowMajor(at, nS) });
  b.vector({
    op: 'crossEntropyGrad',
    label: 'slot cross-entropy gradients',
    m: W,
    n: nS,
    k: ce,
    a: rowMajor(logits, nS),
    b: column(labels),
    y: rowMajor(probs, nS),
    z: rowMajor(dLogits, nS),
  });
  trace.slot = { pool, G, geluT, ln, logits, probs, dLogits };
  return trace;
}
