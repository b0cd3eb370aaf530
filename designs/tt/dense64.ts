// Plain float64 matrix product on row-major arrays, the one kernel of the float64 reference.
// Deliberately simple (no schedule, no strides): the reference must be easy to trust.

/**
 * C (m x n) = op(A) op(B) (+ C when accumulate), op(A) m x k, op(B) k x n.
 * transA: A is stored k x m; transB: B is stored n x k. Offsets let callers address a slice.
 */
export function matmul64(
  m: number, n: number, k: number,
  A: Float64Array, transA: boolean, B: Float64Array, transB: boolean,
  C: Float64Array, accumulate = false, aOff = 0, bOff = 0, cOff = 0,
): Float64Array {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? C[cOff + i * n + j]! : 0;
      for (let p = 0; p < k; p++) {
        const a = transA ? A[aOff + p * m + i]! : A[aOff + i * k + p]!;
        const b = transB ? B[bOff + j * k + p]! : B[bOff + p * n + j]!;
        s += a * b;
      }
      C[cOff + i * n + j] = s;
    }
  }
  return C;
}
