// One matrix view and one GEMM interface for every numeric model (the TT layer, the chain merges, the
// TTM embedding, the transformer): the algorithms are written once over a `GemmKernel`, and the kernel
// fixes the numbers: FP32 rounds every product and sum in FP32_GEMM_ORDER (gemm32.ts); the float64
// reference sums in the same order without rounding (plain loops, easy to trust); the training hot
// path passes a blocked float64 kernel with the same bits (designs/transformer/gemm64.ts).
import { gemm32 } from './gemm32.js';

export type Arr = Float64Array | Float32Array;

/** A matrix inside an array: element (i, j) is data[off + i * rs + j * cs] (transposes and slices are strides). */
export interface MatView<A extends Arr = Arr> {
  data: A;
  off: number;
  /** Stride between rows and between columns. */
  rs: number;
  cs: number;
}

export const view = <A extends Arr>(data: A, off: number, rs: number, cs: number): MatView<A> => ({
  data,
  off,
  rs,
  cs,
});
/** Row-major matrix with `cols` columns, starting at `off`. */
export const rowMajor = <A extends Arr>(data: A, cols: number, off = 0): MatView<A> => ({ data, off, rs: cols, cs: 1 });
/** The transpose of a row-major matrix with `cols` columns, same storage. */
export const transposed = <A extends Arr>(data: A, cols: number, off = 0): MatView<A> => ({
  data,
  off,
  rs: 1,
  cs: cols,
});

export interface GemmKernel<A extends Arr> {
  readonly name: 'fp32' | 'fp64';
  alloc(n: number): A;
  /** C (m x n) = A (m x k) B (k x n), or C += A B when `accumulate`; C must not overlap A or B. */
  gemm(m: number, n: number, k: number, A: MatView<A>, B: MatView<A>, C: MatView<A>, accumulate: boolean): void;
  /** The constant 1 as a 1 x 1 array: a bias add or a column sum is a GEMM with it at stride 0. */
  readonly one: A;
}

/** Binary32 in FP32_GEMM_ORDER. */
export const FP32_GEMM: GemmKernel<Float32Array> = {
  name: 'fp32',
  alloc: (n) => new Float32Array(n),
  gemm: (m, n, k, A, B, C, accumulate) =>
    gemm32(m, n, k, A.data, A.off, A.rs, A.cs, B.data, B.off, B.rs, B.cs, C.data, C.off, C.rs, C.cs, accumulate),
  one: new Float32Array([1]),
};

/** Float64 reference: per output, p ascending from 0 (or C), no rounding; loops i, p, j; a zero A skips its row of B. */
export const FP64_GEMM: GemmKernel<Float64Array> = {
  name: 'fp64',
  alloc: (n) => new Float64Array(n),
  gemm(m, n, k, A, B, C, accumulate) {
    const { data: a, rs: ars, cs: acs } = A;
    const { data: b, rs: brs, cs: bcs } = B;
    const { data: c, rs: crs, cs: ccs } = C;
    for (let i = 0; i < m; i++) {
      const c0 = C.off + i * crs;
      if (!accumulate) for (let j = 0; j < n; j++) c[c0 + j * ccs] = 0;
      for (let p = 0; p < k; p++) {
        const x = a[A.off + i * ars + p * acs]!;
        if (x === 0) continue;
        let q = B.off + p * brs;
        for (let j = 0; j < n; j++) {
          c[c0 + j * ccs]! += x * b[q]!;
          q += bcs;
        }
      }
    }
  },
  one: new Float64Array([1]),
};

/**
 * Row-major convenience: C = op(A) op(B) (+ C), op(A) m x k, op(B) k x n, C m x n row-major (new when
 * absent); transA: A is stored k x m; transB: B is stored n x k.
 */
export function matmul<A extends Arr>(
  G: GemmKernel<A>,
  m: number,
  n: number,
  k: number,
  A: A,
  transA: boolean,
  B: A,
  transB: boolean,
  C: A = G.alloc(m * n),
  accumulate = false,
): A {
  G.gemm(
    m,
    n,
    k,
    transA ? transposed(A, m) : rowMajor(A, k),
    transB ? transposed(B, k) : rowMajor(B, n),
    rowMajor(C, n),
    accumulate,
  );
  return C;
}

/** Y (rows x n, row-major) += 1 b: the bias b added to every row (exact in both precisions: 1 * x = x). */
export function addRowVector<A extends Arr>(G: GemmKernel<A>, rows: number, n: number, b: A, Y: A): void {
  G.gemm(rows, n, 1, view(G.one, 0, 0, 0), rowMajor(b, n), rowMajor(Y, n), true);
}

/** s (n) = 1^T Y: the column sums of Y (rows x n, row-major), rows ascending. */
export function columnSums<A extends Arr>(G: GemmKernel<A>, rows: number, n: number, Y: A): A {
  const s = G.alloc(n);
  G.gemm(1, n, rows, view(G.one, 0, 0, 0), rowMajor(Y, n), rowMajor(s, n), false);
  return s;
}
