// Plain float64 matrix product on row-major arrays, the one kernel of the float64 reference.
// Deliberately simple (no schedule, no strides): the reference must be easy to trust.

/**
 * C (m x n) = op(A) op(B) (+ C when accumulate), op(A) m x k, op(B) k x n.
 * transA: A is stored k x m; transB: B is stored n x k. Offsets let callers address a slice.
 */
export function matmul64(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  transA: boolean,
  B: Float64Array,
  transB: boolean,
  C: Float64Array,
  accumulate = false,
  aOff = 0,
  bOff = 0,
  cOff = 0,
): Float64Array {
  // Loop order i, p, j: contiguous access to row-major B and C; transposes are index strides.
  const aRow = transA ? 1 : k;
  const aCol = transA ? m : 1;
  const bRow = transB ? 1 : n;
  const bCol = transB ? k : 1;
  for (let i = 0; i < m; i++) {
    const c0 = cOff + i * n;
    if (!accumulate) C.fill(0, c0, c0 + n);
    for (let p = 0; p < k; p++) {
      const a = A[aOff + i * aRow + p * aCol]!;
      if (a === 0) continue;
      let b = bOff + p * bRow;
      for (let j = 0; j < n; j++) {
        C[c0 + j]! += a * B[b]!;
        b += bCol;
      }
    }
  }
  return C;
}
