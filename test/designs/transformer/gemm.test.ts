import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gemm, rowMajor, transposed, view } from '../../../designs/transformer/gemm.js';
import { FP32, FP64 } from '../../../designs/transformer/precision.js';

/** The documented FP32 order spelled out independently: acc from 0 (or C), k ascending, two roundings per MAC. */
function reference32(
  m: number,
  n: number,
  k: number,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  acc: boolean,
): Float32Array {
  const out = Float32Array.from(C);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = acc ? C[i * n + j]! : 0;
      for (let p = 0; p < k; p++) s = Math.fround(s + Math.fround(A[i * k + p]! * B[p * n + j]!));
      out[i * n + j] = s;
    }
  return out;
}

const dims = fc.record({
  m: fc.integer({ min: 1, max: 6 }),
  n: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 1, max: 9 }),
  acc: fc.boolean(),
  seed: fc.integer(),
});
const fill = (len: number, seed: number) =>
  Float32Array.from({ length: len }, (_, i) => Math.sin(seed + i * 1.7) * 10 ** ((i % 5) - 2));

describe('transformer/gemm', () => {
  it('FP32: bit-exact with the documented accumulation order (property)', () => {
    fc.assert(
      fc.property(dims, ({ m, n, k, acc, seed }) => {
        const A = fill(m * k, seed),
          B = fill(k * n, seed + 1),
          C = fill(m * n, seed + 2);
        const want = reference32(m, n, k, A, B, C, acc);
        const got = Float32Array.from(C);
        gemm(FP32, m, n, k, rowMajor(A, k), rowMajor(B, n), rowMajor(got, n), acc);
        assert.deepEqual([...got], [...want]);
      }),
      { numRuns: 200 },
    );
  });

  it('transposed and strided views address the same products (float64)', () => {
    fc.assert(
      fc.property(dims, ({ m, n, k, seed }) => {
        const A = Float64Array.from(fill(m * k, seed)),
          B = Float64Array.from(fill(k * n, seed + 1));
        // A^T stored k x m, B^T stored n x k
        const At = new Float64Array(k * m),
          Bt = new Float64Array(n * k);
        for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) At[p * m + i] = A[i * k + p]!;
        for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) Bt[j * k + p] = B[p * n + j]!;
        const c1 = new Float64Array(m * n),
          c2 = new Float64Array(m * n),
          c3 = new Float64Array(2 + m * n * 2);
        gemm(FP64, m, n, k, rowMajor(A, k), rowMajor(B, n), rowMajor(c1, n));
        gemm(FP64, m, n, k, transposed(At, m), transposed(Bt, k), rowMajor(c2, n));
        gemm(FP64, m, n, k, rowMajor(A, k), rowMajor(B, n), view(c3, 2, 2 * n, 2)); // every other slot
        assert.deepEqual([...c2], [...c1]);
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) assert.equal(c3[2 + i * 2 * n + 2 * j], c1[i * n + j]);
      }),
      { numRuns: 100 },
    );
  });
});
