// The float64 TT layer and TTM embedding row of the training hot path: designs/tt's algorithms (written
// once over the GEMM kernel) run on the blocked float64 kernel of gemm64.ts, whose per-output summation
// order is the reference's, so the results are bit-identical to designs/tt's float64 reference (a test
// checks this).
import {
  type TTLayerShape,
  type TTMEmbeddingShape,
  type TTMSliceGrad,
  ttLinearBackward,
  ttLinearForward,
  ttmRow,
  ttmRowBackward,
} from '../tt/index.js';
import { FP64_FAST_GEMM as G } from './gemm64.js';

export interface TTLinear64 {
  shape: TTLayerShape;
  cores: Float64Array[];
  bias: Float64Array;
}
export interface TTMEmbedding64 {
  shape: TTMEmbeddingShape;
  cores: Float64Array[];
}

/** Y = X W + b for X (K x M, row-major): Z = X L, Y = Z R + b. */
export function ttForward64(p: TTLinear64, X: Float64Array, K: number): { Y: Float64Array; cache: unknown } {
  return ttLinearForward(G, p, X, K);
}

export function ttBackward64(
  p: TTLinear64,
  cache: unknown,
  dY: Float64Array,
): { dX: Float64Array; dCores: Float64Array[]; dBias: Float64Array } {
  return ttLinearBackward(G, p, cache, dY);
}

export const ttmRowFast64 = (p: TTMEmbedding64, token: number): Float64Array => ttmRow(G, p, token);

export const ttmRowBackwardFast64 = (
  p: TTMEmbedding64,
  token: number,
  dRow: Float64Array,
): TTMSliceGrad<Float64Array>[] => ttmRowBackward(G, p, token, dRow);
