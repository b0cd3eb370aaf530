// Matrix products of the transformer model. FP32 products go through the TT library's gemm32, the one
// function that fixes the FP32 accumulation order (designs/tt, FP32_GEMM_ORDER): per output element the
// accumulator starts at 0 (or at C when accumulating) and adds r(A[i,p] * B[p,j]) for p ascending,
// rounding every product and every sum. The float64 level (gemm64.ts) sums in the same order without
// rounding.
// Operands are (array, offset, row stride, column stride), so transposes and head slices cost nothing.
import { gemm32 } from '../tt/index.js';
import { gemm64 } from './gemm64.js';
import type { Arr, Precision } from './precision.js';

export interface MatView {
  data: Arr;
  off: number;
  /** Stride between rows and between columns. */
  rs: number;
  cs: number;
}

export const view = (data: Arr, off: number, rs: number, cs: number): MatView => ({ data, off, rs, cs });
/** Row-major matrix with `cols` columns, starting at `off`. */
export const rowMajor = (data: Arr, cols: number, off = 0): MatView => ({ data, off, rs: cols, cs: 1 });
/** The transpose of a row-major matrix with `cols` columns, same storage. */
export const transposed = (data: Arr, cols: number, off = 0): MatView => ({ data, off, rs: 1, cs: cols });

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
  if (P.name === 'fp32') {
    gemm32(
      m,
      n,
      k,
      A.data as Float32Array,
      A.off,
      A.rs,
      A.cs,
      B.data as Float32Array,
      B.off,
      B.rs,
      B.cs,
      C.data as Float32Array,
      C.off,
      C.rs,
      C.cs,
      accumulate,
    );
  } else {
    gemm64(
      m,
      n,
      k,
      A.data as Float64Array,
      A.off,
      A.rs,
      A.cs,
      B.data as Float64Array,
      B.off,
      B.rs,
      B.cs,
      C.data as Float64Array,
      C.off,
      C.rs,
      C.cs,
      accumulate,
    );
  }
}
