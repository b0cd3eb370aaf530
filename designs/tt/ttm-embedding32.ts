// FP32 hardware-order TTM embedding row and its gradient: the float64 flow with matmul32 products.
import { leftMerge32, leftMergeBackward32 } from './chain32.js';
import type { TTMEmbeddingParams32 } from './tt-params.js';
import { ttmDims } from './tt-shape.js';
import { splitSliceGrads, ttmSlices, type TTMSliceGrad } from './ttm-embedding64.js';

export function ttmRow32(p: TTMEmbeddingParams32, token: number): Float32Array {
  const slices = ttmSlices(p.cores, p.shape, token, (n) => new Float32Array(n));
  return leftMerge32(slices, p.shape.colShape, p.shape.ranks).at(-1)!;
}

export function ttmRowBackward32(
  p: TTMEmbeddingParams32,
  token: number,
  dRow: Float32Array,
): TTMSliceGrad<Float32Array>[] {
  const dims = ttmDims(p.shape);
  if (dRow.length !== dims.D) throw new Error(`dRow has ${dRow.length} values, expected D = ${dims.D}`);
  const slices = ttmSlices(p.cores, p.shape, token, (n) => new Float32Array(n));
  const prefixes = leftMerge32(slices, p.shape.colShape, p.shape.ranks);
  const grads = leftMergeBackward32(slices, prefixes, p.shape.colShape, p.shape.ranks, dRow);
  return splitSliceGrads(grads, p.shape, token);
}
