// Float64 TTM embedding: the row of token v is the left-merged chain of the core slices G_k[:, v_k, :, :]
// (v_k the mixed-radix digits of v, v_1 most significant); only those slices receive gradient.
import { leftMerge64, leftMergeBackward64 } from './chain64.js';
import type { TTMEmbeddingParams } from './tt-params.js';
import { mixedRadixDigits, ttmDims } from './tt-shape.js';

/** One contiguous run of gradient: add `grad` to cores[core] starting at `offset`. */
export interface TTMSliceGrad<A> {
  core: number;
  offset: number;
  grad: A;
}

/** Where slice G_k[a, v_k, :, :] starts in core k (a contiguous run of D_k * r_{k+1} words). */
export function ttmSliceOffset(V: number, Dr: number, a: number, v: number): number {
  return (a * V + v) * Dr;
}

/** The slice G_k[:, v_k, :, :] copied to a contiguous [r_k, D_k, r_{k+1}] array. */
export function ttmSlices<A extends Float64Array | Float32Array>(
  cores: A[],
  shape: TTMEmbeddingParams['shape'],
  token: number,
  make: (n: number) => A,
): A[] {
  const dims = ttmDims(shape);
  if (!Number.isInteger(token) || token < 0 || token >= dims.V)
    throw new Error(`token ${token} outside 0..${dims.V - 1}`);
  const digits = mixedRadixDigits(token, shape.rowShape);
  return cores.map((core, k) => {
    const r0 = dims.ranks[k]!;
    const Dr = shape.colShape[k]! * dims.ranks[k + 1]!;
    const out = make(r0 * Dr);
    for (let a = 0; a < r0; a++) {
      const off = ttmSliceOffset(shape.rowShape[k]!, Dr, a, digits[k]!);
      out.set(core.subarray(off, off + Dr), a * Dr);
    }
    return out;
  });
}

export function ttmRow64(p: TTMEmbeddingParams, token: number): Float64Array {
  const slices = ttmSlices(p.cores, p.shape, token, (n) => new Float64Array(n));
  return leftMerge64(slices, p.shape.colShape, p.shape.ranks).at(-1)!;
}

/** Gradient of the touched slices only, one entry per contiguous run (r_k runs per core). */
export function ttmRowBackward64(
  p: TTMEmbeddingParams,
  token: number,
  dRow: Float64Array,
): TTMSliceGrad<Float64Array>[] {
  const dims = ttmDims(p.shape);
  if (dRow.length !== dims.D) throw new Error(`dRow has ${dRow.length} values, expected D = ${dims.D}`);
  const slices = ttmSlices(p.cores, p.shape, token, (n) => new Float64Array(n));
  const prefixes = leftMerge64(slices, p.shape.colShape, p.shape.ranks);
  const grads = leftMergeBackward64(slices, prefixes, p.shape.colShape, p.shape.ranks, dRow);
  return splitSliceGrads(grads, p.shape, token);
}

/** Splits each slice gradient [r_k, D_k, r_{k+1}] into its r_k contiguous runs inside core k. */
export function splitSliceGrads<A extends Float64Array | Float32Array>(
  grads: A[],
  shape: TTMEmbeddingParams['shape'],
  token: number,
): TTMSliceGrad<A>[] {
  const digits = mixedRadixDigits(token, shape.rowShape);
  const out: TTMSliceGrad<A>[] = [];
  grads.forEach((g, k) => {
    const r0 = shape.ranks[k]!;
    const Dr = shape.colShape[k]! * shape.ranks[k + 1]!;
    for (let a = 0; a < r0; a++) {
      out.push({
        core: k,
        offset: ttmSliceOffset(shape.rowShape[k]!, Dr, a, digits[k]!),
        grad: g.slice(a * Dr, (a + 1) * Dr) as A,
      });
    }
  });
  return out;
}
