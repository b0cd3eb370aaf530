// The float64 matrix product of the training hot path. Every output is computed exactly as the simple
// reference loops do (designs/tt's matmul64, the plain dot loop): the accumulator starts at 0 (or at C
// when accumulating) and adds A[i,p] * B[p,j] for p ascending, so the results are bit-identical to
// them. Only the schedule differs: a 2 x 4 block of outputs is accumulated in locals, which loads
// 6 operands per 8 multiply-adds instead of 3 memory accesses per multiply-add.
// Operands are (array, offset, row stride, column stride): transposes and slices cost nothing.

/** C (m x n) = A (m x k) B (k x n), or C += A B when `accumulate`. */
export function gemm64(
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, ars: number, acs: number,
  b: Float64Array, bOff: number, brs: number, bcs: number,
  c: Float64Array, cOff: number, crs: number, ccs: number,
  accumulate = false,
): void {
  const m2 = m - (m % 2), n4 = n - (n % 4);
  for (let i = 0; i < m2; i += 2) {
    const a0 = aOff + i * ars, a1 = a0 + ars;
    const c0 = cOff + i * crs, c1 = c0 + crs;
    for (let j = 0; j < n4; j += 4) {
      const bj = bOff + j * bcs;
      const q0 = c0 + j * ccs, q1 = c1 + j * ccs;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      if (accumulate) {
        s00 = c[q0]!; s01 = c[q0 + ccs]!; s02 = c[q0 + 2 * ccs]!; s03 = c[q0 + 3 * ccs]!;
        s10 = c[q1]!; s11 = c[q1 + ccs]!; s12 = c[q1 + 2 * ccs]!; s13 = c[q1 + 3 * ccs]!;
      }
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p * acs]!, x1 = a[a1 + p * acs]!;
        const bp = bj + p * brs;
        const y0 = b[bp]!, y1 = b[bp + bcs]!, y2 = b[bp + 2 * bcs]!, y3 = b[bp + 3 * bcs]!;
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
      }
      c[q0] = s00; c[q0 + ccs] = s01; c[q0 + 2 * ccs] = s02; c[q0 + 3 * ccs] = s03;
      c[q1] = s10; c[q1 + ccs] = s11; c[q1 + 2 * ccs] = s12; c[q1 + 3 * ccs] = s13;
    }
    for (let j = n4; j < n; j++) {
      const bj = bOff + j * bcs;
      let s0 = accumulate ? c[c0 + j * ccs]! : 0;
      let s1 = accumulate ? c[c1 + j * ccs]! : 0;
      for (let p = 0; p < k; p++) {
        const y = b[bj + p * brs]!;
        s0 += a[a0 + p * acs]! * y;
        s1 += a[a1 + p * acs]! * y;
      }
      c[c0 + j * ccs] = s0;
      c[c1 + j * ccs] = s1;
    }
  }
  for (let i = m2; i < m; i++) {
    const a0 = aOff + i * ars;
    const c0 = cOff + i * crs;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * bcs;
      let s = accumulate ? c[c0 + j * ccs]! : 0;
      for (let p = 0; p < k; p++) s += a[a0 + p * acs]! * b[bj + p * brs]!;
      c[c0 + j * ccs] = s;
    }
  }
}

/** designs/tt's matmul64 signature (row-major, optional transposes), on the blocked kernel. */
export function matmul64Fast(
  m: number, n: number, k: number,
  A: Float64Array, transA: boolean, B: Float64Array, transB: boolean, C: Float64Array,
): Float64Array {
  gemm64(m, n, k, A, 0, transA ? 1 : k, transA ? m : 1, B, 0, transB ? 1 : n, transB ? k : 1, C, 0, n, 1);
  return C;
}
