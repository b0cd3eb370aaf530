// Core shapes and contraction-buffer sizes of tensor-train layers and TTM embeddings, from the config.
import { product, type TTLayerShape, type TTMEmbeddingShape } from '../transformer/config.js';

/** Cores [r_{k-1}, s_k, r_k] with s = [inShape..., outShape...]. */
export function ttCoreShapes(tt: TTLayerShape): number[][] {
  const s = [...tt.inShape, ...tt.outShape];
  return s.map((sk, k) => [tt.ranks[k]!, sk, tt.ranks[k + 1]!]);
}

/** Cores [r_{k-1}, V_k, D_k, r_k]. */
export function ttmCoreShapes(e: TTMEmbeddingShape): number[][] {
  return e.rowShape.map((v, k) => [e.ranks[k]!, v, e.colShape[k]!, e.ranks[k + 1]!]);
}

/** The middle rank r_d, where the left (input) and right (output) halves of the train meet. */
export function middleRank(tt: TTLayerShape): number {
  return tt.ranks[tt.inShape.length]!;
}

/**
 * Words of the largest partial merge on each side, used for the core gradients (e.g. G1G2 for dG3):
 * left prod(m_1..m_k) * r_k for k < d, right r_k * prod(n_{k+1}..n_d) for the output half.
 */
export function partialMergeWords(tt: TTLayerShape): number {
  const d = tt.inShape.length;
  let left = 0;
  for (let k = 1; k < d; k++) left = Math.max(left, product(tt.inShape.slice(0, k)) * tt.ranks[k]!);
  let right = 0;
  const e = tt.outShape.length;
  for (let k = 1; k < e; k++) right = Math.max(right, tt.ranks[d + k]! * product(tt.outShape.slice(k)));
  return left + right;
}

/** Largest per-token chain partial of a TTM row (prod(D_1..D_k) * r_k), recomputed in FP and BP. */
export function ttmPartialWords(e: TTMEmbeddingShape): number {
  let m = 0;
  for (let k = 1; k < e.colShape.length; k++) m = Math.max(m, product(e.colShape.slice(0, k)) * e.ranks[k]!);
  return 2 * m;
}
