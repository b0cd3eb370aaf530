// The WebAssembly FP32 GEMM (designs/tt/wasm-gemm32.ts) against the element-by-element definition
// (gemm32Reference, FP32_GEMM_ORDER) and the JavaScript blocked kernel: the same bits for every
// non-NaN result, NaN exactly where they give NaN (then the canonical 0x7fc00000, where JavaScript's
// NaN encoding is the engine's choice), and C untouched outside the m x n view. Shapes straddle the
// 4-row and 8/4-column blocks; operands are strided, transposed, offset, broadcast (stride 0); words
// are raw binary32 patterns, edge-heavy: signed zeros, subnormals, the largest finite values (sums
// overflow), infinities and NaNs with payloads and signs.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blockedGemm32 } from '../../../designs/tt/blocked-gemm.js';
import { gemm32, gemm32Reference } from '../../../designs/tt/gemm32.js';
import { gemm32WasmBytes, wasmGemm32, wasmGemm32Native } from '../../../designs/tt/wasm-gemm32.js';

const bitsOf = (x: number): number => new Uint32Array(Float32Array.of(x).buffer)[0]!;
const EDGE = [
  0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,
  0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc12345, 0xffc00001, 0x7f800001, 0x3f800000, 0xbf800001,
  0x34000000, 0x1f800000, 0x5f000000,
];
/** A binary32 bit pattern: mostly ordinary values of mixed magnitude, some edge patterns, some anything. */
const word = fc.oneof(
  { weight: 10, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true, min: -64, max: 64 }).map(bitsOf) },
  { weight: 2, arbitrary: fc.constantFrom(...EDGE) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
);
const WORDS = 1010;

/** A strided operand: rows x cols at `off`, row-major, transposed or broadcast (stride 0 on one axis). */
const layout = fc.record({ off: fc.integer({ min: 0, max: 5 }), kind: fc.constantFrom('row', 'col', 'bcastRow') });
type Layout = { off: number; kind: 'row' | 'col' | 'bcastRow' };
const strides = (l: Layout, rows: number, cols: number): [number, number, number] =>
  l.kind === 'row' ? [l.off, cols, 1] : l.kind === 'col' ? [l.off, 1, rows] : [l.off, 0, 1];

const gemmCase = fc.record({
  m: fc.integer({ min: 1, max: 13 }),
  n: fc.integer({ min: 1, max: 21 }),
  k: fc.integer({ min: 0, max: 9 }),
  a: layout,
  b: layout,
  cPad: fc.integer({ min: 1, max: 2 }),
  accumulate: fc.boolean(),
  words: fc.array(word, { minLength: WORDS, maxLength: WORDS }),
});

/**
 * Inside the view (`inView`): NaN where `want` is NaN (canonical when asked), the same 32 bits elsewhere.
 * Outside it: the same 32 bits (untouched).
 */
function mismatch(
  got: Float32Array,
  want: Float32Array,
  canonicalNaN: boolean,
  inView: (i: number) => boolean = () => true,
): string | undefined {
  const g = new Uint32Array(got.buffer);
  const w = new Uint32Array(want.buffer);
  for (let i = 0; i < g.length; i++) {
    const nan = inView(i) && Number.isNaN(want[i]!);
    if (nan ? !Number.isNaN(got[i]!) || (canonicalNaN && g[i] !== 0x7fc00000) : g[i] !== w[i])
      return `element ${i}: ${g[i]!.toString(16)} vs ${w[i]!.toString(16)}`;
  }
  return undefined;
}

describe('tt/wasm-gemm32', () => {
  it('is a valid WebAssembly SIMD module, and gemm32 runs it', () => {
    assert.deepEqual([...gemm32WasmBytes().subarray(0, 8)], [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    assert.ok(
      wasmGemm32Native,
      'the module did not validate (or no WebAssembly SIMD): gemm32 falls back to JavaScript',
    );
    assert.equal(gemm32, wasmGemm32);
  });

  it('the bits of gemm32Reference and of the JavaScript kernel, any shape, strides and values (property)', () => {
    fc.assert(
      fc.property(gemmCase, (c) => {
        const { m, n, k, accumulate } = c;
        const all = new Float32Array(new Uint32Array(c.words).buffer);
        const [aOff, ars, acs] = strides(c.a, m, k);
        const [bOff, brs, bcs] = strides(c.b, k, n);
        const A = all.subarray(0, 200);
        const B = all.subarray(200, 450);
        const C0 = all.slice(450); // C: row stride n * cPad + 1, column stride cPad, from offset 2
        const crs = n * c.cPad + 1;
        const run = (f: typeof gemm32Reference) => {
          const C = C0.slice();
          f(m, n, k, A, aOff, ars, acs, B, bOff, brs, bcs, C, 2, crs, c.cPad, accumulate);
          return C;
        };
        const view = new Set<number>();
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) view.add(2 + i * crs + j * c.cPad);
        const inView = (i: number) => view.has(i);
        const want = run(gemm32Reference);
        // With k = 0 there is nothing to compute: C keeps its words (or becomes 0).
        assert.equal(mismatch(run(wasmGemm32), want, k > 0, inView), undefined, 'wasm vs reference');
        assert.equal(mismatch(run(blockedGemm32), want, false, inView), undefined, 'JavaScript vs reference');
      }),
      { numRuns: 1000 },
    );
  });

  it('large shapes (many blocks, growing the kernel memory): the bits of the JavaScript kernel', () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5) * 4;
    for (const [m, n, k] of [
      [37, 45, 50],
      [300, 11, 900],
      [9, 3072, 10],
    ] as const) {
      const A = Float32Array.from({ length: m * k }, rnd);
      const B = Float32Array.from({ length: k * n }, rnd);
      const want = new Float32Array(m * n);
      const got = new Float32Array(m * n);
      blockedGemm32(m, n, k, A, 0, 1, m, B, 0, n, 1, want, 0, n, 1, false);
      wasmGemm32(m, n, k, A, 0, 1, m, B, 0, n, 1, got, 0, n, 1, false);
      assert.equal(mismatch(got, want, true), undefined, `${m} x ${n} x ${k}`);
    }
  });
});
