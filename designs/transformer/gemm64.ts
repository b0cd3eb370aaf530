// The float64 matrix product of the training hot path. Every output is computed exactly as the simple
// reference loops do (designs/tt's FP64_GEMM, the plain dot loop): the accumulator starts at 0 (or at C
// when accumulating) and adds A[i,p] * B[p,j] for p ascending, so the results are bit-identical to
// them. Only the schedule differs: 4 x 4 blocks of outputs accumulated in locals (designs/tt/blocked-gemm.ts,
// shared with the FP32 level; measured on the training step's shapes: 2-3x faster than the plain loop).
// Operands are (array, offset, row stride, column stride): transposes and slices cost nothing.
import { blockedGemm64, type StridedGemm } from '../tt/blocked-gemm.js';
import type { GemmKernel } from '../tt/gemm-kernel.js';

/** C (m x n) = A (m x k) B (k x n), or C += A B when `accumulate`. */
export const gemm64: StridedGemm<Float64Array> = blockedGemm64;

/** Row-major product with optional transposes (C = op(A) op(B)), on the blocked kernel. */
export function matmul64Fast(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  transA: boolean,
  B: Float64Array,
  transB: boolean,
  C: Float64Array,
): Float64Array {
  gemm64(m, n, k, A, 0, transA ? 1 : k, transA ? m : 1, B, 0, transB ? 1 : n, transB ? k : 1, C, 0, n, 1);
  return C;
}

/** The blocked kernel as the TT models' GEMM kernel (designs/tt/gemm-kernel.ts): FP64_GEMM's bits, faster. */
export const FP64_FAST_GEMM: GemmKernel<Float64Array> = {
  name: 'fp64',
  alloc: (n) => new Float64Array(n),
  gemm: (m, n, k, A, B, C, accumulate) =>
    gemm64(m, n, k, A.data, A.off, A.rs, A.cs, B.data, B.off, B.rs, B.cs, C.data, C.off, C.rs, C.cs, accumulate),
  one: new Float64Array([1]),
};
