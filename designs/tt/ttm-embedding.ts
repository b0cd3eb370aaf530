// A TTM embedding, written once over the GEMM kernel (gemm-kernel.ts): the row of token v is the
// left-merged chain of the core slices G_k[:, v_k, :, :] (v_k the mixed-radix digits of v, v_1 most
// significant); only those slices receive gradient. FP32 kernel: the hardware order; float64: the
// reference, or the training hot path's blocked kernel (same bits).
import { leftMerge, leftMergeBackward } from './chain.js';
import { type Arr, FP32_GEMM, FP64_GEMM, type GemmKernel } from './gemm-kernel.js';
import type { TTMEmbeddingShape } from '../transformer/config.js';
import { mixedRadixDigits, ttmDims } from './tt-shape.js';

/** Cores [r_k, V_k, D_k, r_{k+1}], row-major (tt-params.ts). */
export interface TTMEmbeddingOf<A extends Arr> {
  shape: TTMEmbeddingShape;
  cores: A[];
}

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
export function ttmSlices<A extends Arr>(
  cores: A[],
  shape: TTMEmbeddingShape,
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

/** The embedding row of `token` (length D). */
export function ttmRow<A extends Arr>(G: GemmKernel<A>, p: TTMEmbeddingOf<A>, token: number): A {
  const slices = ttmSlices(p.cores, p.shape, token, (n) => G.alloc(n));
  return leftMerge(G, slices, p.shape.colShape, p.shape.ranks).at(-1)!;
}

/** Gradient of the touched slices only, one entry per contiguous run (r_k runs per core). */
export function ttmRowBackward<A extends Arr>(
  G: GemmKernel<A>,
  p: TTMEmbeddingOf<A>,
  token: number,
  dRow: A,
): TTMSliceGrad<A>[] {
  const dims = ttmDims(p.shape);
  if (dRow.length !== dims.D) throw new Error(`dRow has ${dRow.length} values, expected D = ${dims.D}`);
  const slices = ttmSlices(p.cores, p.shape, token, (n) => G.alloc(n));
  const prefixes = leftMerge(G, slices, p.shape.colShape, p.shape.ranks);
  const grads = leftMergeBackward(G, slices, prefixes, p.shape.colShape, p.shape.ranks, dRow);
  return splitSliceGrads(grads, p.shape, token);
}

/** Splits each slice gradient [r_k, D_k, r_{k+1}] into its r_k contiguous runs inside core k. */
export function splitSliceGrads<A extends Arr>(grads: A[], shape: TTMEmbeddingShape, token: number): TTMSliceGrad<A>[] {
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

// The two levels by name, for the callers that fix one.
export const ttmRow64 = (p: TTMEmbeddingOf<Float64Array>, token: number) => ttmRow(FP64_GEMM, p, token);
export const ttmRowBackward64 = (p: TTMEmbeddingOf<Float64Array>, token: number, dRow: Float64Array) =>
  ttmRowBackward(FP64_GEMM, p, token, dRow);
export const ttmRow32 = (p: TTMEmbeddingOf<Float32Array>, token: number) => ttmRow(FP32_GEMM, p, token);
export const ttmRowBackward32 = (p: TTMEmbeddingOf<Float32Array>, token: number, dRow: Float32Array) =>
  ttmRowBackward(FP32_GEMM, p, token, dRow);
