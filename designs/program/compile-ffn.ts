// An encoder layer's FFN, W2 GELU(W1 O), forward and backward in blocks of tokens, so its T x dFF
// tensors (F1, G, GELU's t, dG) exist only one block at a time. Bit-exact with the model's whole-tensor
// TT linears: every GEMM and vector instruction over rows computes each row as before, and the
// reductions over tokens (W2's dL = G^T T, W1's dR = Z^T dF1, W1's bias gradient) accumulate block
// after block in token order, the p-ascending order of FP32_GEMM_ORDER and of sumRows.
import type { TransformerConfig } from '../transformer/config.js';
import { ttLayerDims } from '../tt/tt-shape.js';
import type { ProgramBuilder } from './builder.js';
import { type TTForwardTrace, type TTRegions, emitMerges } from './compile-tt.js';
import { addInto, emitCoreGradients } from './compile-tt-backward.js';
import { type View, broadcastRow, rowMajor } from './isa.js';

/**
 * How the FFN is cut: tokens per block (the T x dFF buffers shrink to this many rows) and the passes of
 * the backward over the blocks (2: W2's dL first, then the rest, so W2's dL and W1's dR are never live
 * together, at the cost of F1 and GELU once more per block). Smaller blocks and two passes need less
 * memory and more cycles (docs/memory.md); the memory plan picks one per configuration.
 */
export interface FfnSchedule {
  blockTokens: number;
  passes: 1 | 2;
}

/** The fastest of the schedules the plans choose from. */
export const DEFAULT_FFN_SCHEDULE: FfnSchedule = { blockTokens: 8, passes: 1 };

export interface FfnBlock {
  t0: number;
  rows: number;
  /** rows x dFF each: W1's output (bias added), GELU's output and its t. */
  F1: number;
  G: number;
  geluT: number;
}

export interface FfnTrace {
  /** W1 (X = O): merges and Z; its output F1 exists only in blocks. */
  w1: Omit<TTForwardTrace, 'Y'>;
  /** W2 (Y = F2): merges and Z; its input G exists only in blocks. */
  w2: Omit<TTForwardTrace, 'X'>;
  blocks: FfnBlock[];
  schedule: FfnSchedule;
}

const tr = (off: number, cols: number): View => ({ off, row: 1, col: cols });

export function ffnBlocks(T: number, n: number): { t0: number; rows: number }[] {
  const out: { t0: number; rows: number }[] = [];
  for (let t0 = 0; t0 < T; t0 += n) out.push({ t0, rows: Math.min(n, T - t0) });
  return out;
}

/** One block's F1 = r(Z1 R1 + b1) and G, t = GELU(F1) from W1's Z (T x mid) and right merge R1; G into gInto if given. */
function emitF1Block(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  bias1: number,
  Z1: number,
  R1: number,
  t0: number,
  rows: number,
  gInto?: number,
): FfnBlock {
  const F = cfg.dFF,
    mid = ttLayerDims(cfg.ffn1).mid;
  const s = (what: string) => b.layout.alloc(`${name}.${what}`, rows * F, 'scratch');
  const F1 = s('F1'),
    G = gInto ?? s('G'),
    geluT = s('geluT');
  b.gemm(`${name} F1 = Z R`, rows, F, mid, rowMajor(Z1 + t0 * mid, mid), rowMajor(R1, F), rowMajor(F1, F));
  b.vector({
    op: 'add',
    label: `${name} F1 += b`,
    m: rows,
    n: F,
    a: rowMajor(F1, F),
    b: broadcastRow(bias1),
    y: rowMajor(F1, F),
  });
  b.vector({
    op: 'geluFwd',
    label: `${name} GELU`,
    m: rows,
    n: F,
    a: rowMajor(F1, F),
    y: rowMajor(G, F),
    z: rowMajor(geluT, F),
  });
  return { t0, rows, F1, G, geluT };
}

/** F2 (T x d at F2) = W2 GELU(W1 O) with both biases. */
export function emitFfnForward(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  w1: TTRegions,
  w2: TTRegions,
  O: number,
  T: number,
  F2: number,
  schedule: FfnSchedule = DEFAULT_FFN_SCHEDULE,
): FfnTrace {
  const d1 = ttLayerDims(cfg.ffn1),
    d2 = ttLayerDims(cfg.ffn2);
  const F = cfg.dFF,
    d = cfg.dModel;
  const m1 = emitMerges(b, `${name}.w1`, cfg.ffn1, w1, 'activation');
  const Z1 = b.layout.alloc(`${name}.w1.Z`, T * d1.mid, 'activation');
  b.gemm(`${name}.w1 Z = X L`, T, d1.mid, d, rowMajor(O, d), rowMajor(m1.lefts.at(-1)!, d1.mid), rowMajor(Z1, d1.mid));
  const m2 = emitMerges(b, `${name}.w2`, cfg.ffn2, w2, 'activation');
  const Z2 = b.layout.alloc(`${name}.w2.Z`, T * d2.mid, 'activation');
  const L2 = m2.lefts.at(-1)!;
  const blocks = ffnBlocks(T, schedule.blockTokens).map(({ t0, rows }, j) => {
    const blk = emitF1Block(b, `${name}.ffn.b${j}`, cfg, w1.bias, Z1, m1.rights[0]!, t0, rows);
    b.gemm(
      `${name}.w2 b${j} Z = X L`,
      rows,
      d2.mid,
      F,
      rowMajor(blk.G, F),
      rowMajor(L2, d2.mid),
      rowMajor(Z2 + t0 * d2.mid, d2.mid),
    );
    return blk;
  });
  b.gemm(`${name}.w2 Y = Z R`, T, d, d2.mid, rowMajor(Z2, d2.mid), rowMajor(m2.rights[0]!, d), rowMajor(F2, d));
  b.vector({
    op: 'add',
    label: `${name}.w2 Y += b`,
    m: T,
    n: d,
    a: rowMajor(F2, d),
    b: broadcastRow(w2.bias),
    y: rowMajor(F2, d),
  });
  return {
    w1: { shape: cfg.ffn1, K: T, X: O, ...m1, Z: Z1 },
    w2: { shape: cfg.ffn2, K: T, ...m2, Z: Z2, Y: F2 },
    blocks,
    schedule,
  };
}

/**
 * dX (T x d, at dX) from dY = dF2 (T x d); W1's and W2's gradients added into g1, g2. Each block's F1,
 * G and t again from W1's kept Z (the forward's instructions on the same words), then W2's dL and dX
 * (= dG) for the block, GELU's backward in place, and W1's reductions over the block's tokens.
 */
export function emitFfnBackward(
  b: ProgramBuilder,
  name: string,
  cfg: TransformerConfig,
  T: number,
  p1: TTRegions,
  p2: TTRegions,
  g1: TTRegions,
  g2: TTRegions,
  ft: FfnTrace,
  dY: number,
  dX: number,
): void {
  const d1 = ttLayerDims(cfg.ffn1),
    d2 = ttLayerDims(cfg.ffn2);
  const F = cfg.dFF,
    d = cfg.dModel;
  const tmp = (what: string, words: number) => b.layout.alloc(`${name}.${what}`, words, 'scratch');
  const { blockTokens, passes } = ft.schedule;
  const blocks = ffnBlocks(T, blockTokens);
  // The merges again, from the same cores (emitMerges says why); with two passes W2's twice, so that
  // its left merge (dFF x r) is not live during the first pass.
  const m1 = emitMerges(b, `${name}.w1.re`, cfg.ffn1, p1, 'scratch');
  const m2first = emitMerges(b, `${name}.w2.re`, cfg.ffn2, p2, 'scratch');
  const L1 = m1.lefts.at(-1)!,
    R1 = m1.rights[0]!,
    R2 = m2first.rights[0]!;
  const T2 = tmp('w2.T', T * d2.mid);
  b.gemm(`${name}.w2 T = dY R^T`, T, d2.mid, d, rowMajor(dY, d), tr(R2, d), rowMajor(T2, d2.mid));
  const dR2 = tmp('w2.dR', d2.mid * d);
  b.gemm(`${name}.w2 dR = Z^T dY`, d2.mid, d, T, tr(ft.w2.Z, d2.mid), rowMajor(dY, d), rowMajor(dR2, d));
  const dB2 = tmp('w2.dBias', d);
  b.vector({ op: 'sumRows', label: `${name}.w2 dBias`, m: T, n: d, a: rowMajor(dY, d), y: rowMajor(dB2, d) });
  addInto(b, g2.bias, dB2, d, `${name}.w2 grad bias`);
  const dL2 = tmp('w2.dL', F * d2.mid);
  const t2 = (t0: number) => rowMajor(T2 + t0 * d2.mid, d2.mid);
  const dL2Block = (G: number, t0: number, rows: number, j: number) =>
    b.gemm(`${name}.w2 b${j} dL += X^T T`, F, d2.mid, rows, tr(G, F), t2(t0), rowMajor(dL2, d2.mid), j > 0);
  let m2 = m2first;
  if (passes === 2) {
    // First pass: W2's dL over the blocks, then W2's core gradients (so W2's dL dies before W1's dR,
    // accumulated in the second pass, is born).
    blocks.forEach(({ t0, rows }, j) => {
      const blk = emitF1Block(b, `${name}.ffn.a${j}`, cfg, p1.bias, ft.w1.Z, R1, t0, rows);
      dL2Block(blk.G, t0, rows, j);
    });
    m2 = emitMerges(b, `${name}.w2.re2`, cfg.ffn2, p2, 'scratch');
    emitCoreGradients(b, `${name}.w2`, cfg.ffn2, p2, g2, m2.lefts, m2.rights, dL2, dR2);
  }
  const L2 = m2.lefts.at(-1)!;
  // (Second) pass: per block F1, t again, W2's dL (one pass), dG = T L^T, GELU's backward, W1's
  // reductions over the block.
  const dR1 = tmp('w1.dR', d1.mid * F),
    T1 = tmp('w1.T', T * d1.mid),
    dB1 = tmp('w1.dBias', F);
  blocks.forEach(({ t0, rows }, j) => {
    const acc = j > 0;
    const dG = tmp(`ffn.b${j}.dG`, rows * F);
    // With two passes G is not needed here: GELU writes it into dG's words, which the next GEMM overwrites.
    const blk = emitF1Block(b, `${name}.ffn.b${j}`, cfg, p1.bias, ft.w1.Z, R1, t0, rows, passes === 2 ? dG : undefined);
    if (passes === 1) dL2Block(blk.G, t0, rows, j);
    b.gemm(`${name}.w2 b${j} dX = T L^T`, rows, F, d2.mid, t2(t0), tr(L2, d2.mid), rowMajor(dG, F));
    // dF1 over dG, in place: element-wise, each dG word is read once, before its dF1 is written.
    b.vector({
      op: 'geluBwd',
      label: `${name} b${j} GELU backward`,
      m: rows,
      n: F,
      a: rowMajor(blk.F1, F),
      b: rowMajor(blk.geluT, F),
      c: rowMajor(dG, F),
      y: rowMajor(dG, F),
    });
    const z1 = ft.w1.Z + t0 * d1.mid;
    b.gemm(`${name}.w1 b${j} dR += Z^T dY`, d1.mid, F, rows, tr(z1, d1.mid), rowMajor(dG, F), rowMajor(dR1, F), acc);
    b.gemm(
      `${name}.w1 b${j} T = dY R^T`,
      rows,
      d1.mid,
      F,
      rowMajor(dG, F),
      tr(R1, F),
      rowMajor(T1 + t0 * d1.mid, d1.mid),
    );
    b.vector({
      op: 'sumRows',
      label: `${name}.w1 b${j} dBias`,
      m: rows,
      n: F,
      a: rowMajor(dG, F),
      y: rowMajor(dB1, F),
      accumulate: acc,
    });
  });
  if (passes === 1) emitCoreGradients(b, `${name}.w2`, cfg.ffn2, p2, g2, m2.lefts, m2.rights, dL2, dR2);
  const dL1 = tmp('w1.dL', d * d1.mid);
  b.gemm(`${name}.w1 dL = X^T T`, d, d1.mid, T, tr(ft.w1.X, d), rowMajor(T1, d1.mid), rowMajor(dL1, d1.mid));
  b.gemm(`${name}.w1 dX = T L^T`, T, d, d1.mid, rowMajor(T1, d1.mid), tr(L1, d1.mid), rowMajor(dX, d));
  emitCoreGradients(b, `${name}.w1`, cfg.ffn1, p1, g1, m1.lefts, m1.rights, dL1, dR1);
  addInto(b, g1.bias, dB1, F, `${name}.w1 grad bias`);
}
