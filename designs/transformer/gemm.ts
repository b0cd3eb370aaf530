// Matrix products of the transformer model, on the one matrix view and GEMM interface of designs/tt
// (gemm-kernel.ts). FP32 products go through gemm32, the one function that fixes the FP32 accumulation
// order (FP32_GEMM_ORDER): per output element the accumulator starts at 0 (or at C when accumulating)
// and adds r(A[i,p] * B[p,j]) for p ascending, rounding every product and every sum. The float64 level
// runs the blocked kernel (gemm64.ts), same order without rounding.
// Operands are (array, offset, row stride, column stride), so transposes and head slices cost nothing.
import { type Arr, FP32_GEMM, type GemmKernel, type MatView } from '../tt/index.js';
import { FP64_FAST_GEMM } from './gemm64.js';
import type { Precision } from './precision.js';

export { type MatView, rowMajor, transposed, view } from '../tt/index.js';

/** The GEMM kernel of a numeric level. */
export const gemmKernel = (P: Precision): GemmKernel<Arr> =>
  (P.name === 'fp32' ? FP32_GEMM : FP64_FAST_GEMM) as unknown as GemmKernel<Arr>;

/** C (m x n) = A (m x k) B (k x n), or C += A B when `accumulate`. */
export function gemm(
  P: Precision,
  m: number,
  n: number,
  k: number,
  A: MatView,
  B: MatView,
  C: MatView,
  accumulate = false,
): void {
  gemmKernel(P).gemm(m, n, k, A, B, C, accumulate);
}
