import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gemm64, matmul64Fast } from '../../../designs/transformer/gemm64.js';
import { FP64_GEMM, matmul } from '../../../designs/tt/gemm-kernel.js';

/** The documented float64 order spelled out: acc from 0 (or C), p ascending. */
function reference(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  acc: boolean,
): Float64Array {
  const out = Float64Array.from(C);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = acc ? C[i * n + j]! : 0;
      for (let p = 0; p < k; p++) s += A[i * k + p]! * B[p * n + j]!;
      out[i * n + j] = s;
    }
  return out;
}

// Sizes cover every remainder of the 4 x 4 blocking; values span magnitudes so any reordering shows.
const dims = fc.record({
  m: fc.integer({ min: 1, max: 9 }),
  n: fc.integer({ min: 1, max: 11 }),
  k: fc.integer({ min: 1, max: 13 }),
  acc: fc.boolean(),
  seed: fc.integer(),
});
const fill = (len: number, seed: number) =>
  Float64Array.from({ length: len }, (_, i) => Math.sin(seed + i * 1.7) * 10 ** ((i % 7) - 3));

describe('transformer/gemm64', () => {
  it('bit-exact with the plain p-ascending loop, with and without accumulation (property)', () => {
    fc.assert(
      fc.property(dims, ({ m, n, k, acc, seed }) => {
        const A = fill(m * k, seed),
          B = fill(k * n, seed + 1),
          C = fill(m * n, seed + 2);
        const got = Float64Array.from(C);
        gemm64(m, n, k, A, 0, k, 1, B, 0, n, 1, got, 0, n, 1, acc);
        assert.deepEqual([...got], [...reference(m, n, k, A, B, C, acc)]);
      }),
      { numRuns: 300 },
    );
  });

  it('bit-exact with designs/tt matmul64 for every transpose combination (property)', () => {
    fc.assert(
      fc.property(dims, fc.boolean(), fc.boolean(), ({ m, n, k, seed }, tA, tB) => {
        const A = fill(m * k, seed),
          B = fill(k * n, seed + 1);
        const want = matmul(FP64_GEMM, m, n, k, A, tA, B, tB);
        const got = matmul64Fast(m, n, k, A, tA, B, tB, new Float64Array(m * n).fill(NaN));
        assert.deepEqual([...got], [...want]);
      }),
      { numRuns: 300 },
    );
  });

  it('strided output views: only the addressed slots change', () => {
    const m = 5,
      n = 6,
      k = 7;
    const A = fill(m * k, 3),
      B = fill(k * n, 4);
    const c = new Float64Array(3 + 2 * m * n).fill(-1);
    gemm64(m, n, k, A, 0, k, 1, B, 0, n, 1, c, 3, 2 * n, 2);
    const want = reference(m, n, k, A, B, new Float64Array(m * n), false);
    for (let x = 0; x < c.length; x++) {
      const q = x - 3;
      if (q >= 0 && q % 2 === 0) assert.equal(c[x], want[q / 2]);
      else assert.equal(c[x], -1);
    }
  });
});
