// The blocked GEMM of both levels (designs/tt/blocked-gemm.ts) against the element-by-element
// definitions: FP32 against gemm32Reference (FP32_GEMM_ORDER), float64 against the plain p-ascending
// dot loop. Shapes straddle the 4 x 4 blocks; operands are strided, transposed and offset; values
// include signed zeros, subnormals, infinities and NaN; bits compared with Object.is.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blockedGemm32, blockedGemm64, blockedGemmSource } from '../../../designs/tt/blocked-gemm.js';
import { gemm32Reference } from '../../../designs/tt/gemm32.js';

const f = Math.fround;
const value = fc.oneof(
  { weight: 8, arbitrary: fc.float({ noDefaultInfinity: true, noNaN: true, min: -1e4, max: 1e4 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, f(1e-41), f(-3e-39), f(3e38), Number.POSITIVE_INFINITY, Number.NaN) },
);

/** The float64 definition: acc = C or 0, then acc += A[i,p] * B[p,j] for p ascending. */
function plain64(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  b: Float64Array,
  [brs, bcs]: readonly [number, number],
  c: Float64Array,
  acc: boolean,
): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = acc ? c[1 + i * 2 * n + j * 2]! : 0;
      for (let p = 0; p < k; p++) s += a[p * m + i]! * b[3 + p * brs + j * bcs]!;
      c[1 + i * 2 * n + j * 2] = s;
    }
}

const sameBits = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `element ${i}: ${x[i]} vs ${y[i]}`;
  return undefined;
};

/** A case: m x n x k straddling the 4 x 4 blocks, B transposed or not, accumulate or not, 500 words. */
const gemmCase = <T>(word: fc.Arbitrary<T>) =>
  fc.record({
    m: fc.integer({ min: 1, max: 11 }),
    n: fc.integer({ min: 1, max: 11 }),
    k: fc.integer({ min: 1, max: 9 }),
    transB: fc.boolean(),
    accumulate: fc.boolean(),
    words: fc.array(word, { minLength: 500, maxLength: 500 }),
  });

/**
 * Operands cut from the words: A stored transposed (element (i, p) at p * m + i), B at offset 3
 * (row-major or transposed), C every other word from offset 1 (column stride 2).
 */
function operands<A extends Float32Array | Float64Array>(
  make: (w: number[]) => A,
  c: { m: number; n: number; k: number; transB: boolean; words: number[] },
) {
  const { m, n, k, transB, words } = c;
  const at = (off: number, len: number) => make(words.slice(off, off + len));
  const bStrides: readonly [number, number] = transB ? [1, k] : [n, 1];
  return { A: at(0, m * k), B: at(130, 3 + k * n), C0: at(250, 1 + 2 * m * n), bStrides };
}

describe('tt/blocked-gemm', () => {
  it('FP32: the bits of gemm32Reference, any shape, strides and accumulate (property)', () => {
    fc.assert(
      fc.property(gemmCase(value), (c) => {
        const { m, n, k, accumulate } = c;
        const { A, B, C0, bStrides } = operands((w) => Float32Array.from(w), c);
        const want = C0.slice();
        const got = C0.slice();
        const args = [m, n, k, A, 0, 1, m, B, 3, ...bStrides] as const;
        gemm32Reference(...args, want, 1, 2 * n, 2, accumulate);
        blockedGemm32(...args, got, 1, 2 * n, 2, accumulate);
        assert.equal(sameBits(got, want), undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('float64: the bits of the plain p-ascending loop (property)', () => {
    fc.assert(
      fc.property(gemmCase(fc.double({ noNaN: true, min: -1e6, max: 1e6 })), (c) => {
        const { m, n, k, accumulate } = c;
        const { A, B, C0, bStrides } = operands((w) => Float64Array.from(w), c);
        const want = C0.slice();
        const got = C0.slice();
        plain64(m, n, k, A, B, bStrides, want, accumulate);
        blockedGemm64(m, n, k, A, 0, 1, m, B, 3, ...bStrides, got, 1, 2 * n, 2, accumulate);
        assert.equal(sameBits(got, want), undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('the generated source rounds every product and sum at the FP32 level only', () => {
    const s32 = blockedGemmSource('fp32');
    const s64 = blockedGemmSource('fp64');
    // 16 + 4 + 4 + 1 accumulators per p step, each one rounded product and one rounded sum.
    assert.equal(s32.match(/= fr\(s\d\d \+ fr\(x \* y\d\)\);/g)?.length, 25);
    assert.equal(s64.match(/s\d\d \+= x \* y\d;/g)?.length, 25);
    assert.doesNotMatch(s64, /fr\(/);
  });
});
