// BitsArith against plain bigint semantics, and its strict width rules.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Bits, bitsArith as ar, bits } from '../../../rtl-lib/arith/bits-arith.js';

const mask = (w: number) => (1n << BigInt(w)) - 1n;
/** A width and two values of that width. */
const arbSameWidth = fc
  .integer({ min: 1, max: 70 })
  .chain((w) => fc.tuple(fc.constant(w), fc.bigInt({ min: 0n, max: mask(w) }), fc.bigInt({ min: 0n, max: mask(w) })));
const v = (x: Bits) => [x.value, x.width] as const;

describe('rtl-lib/arith BitsArith', () => {
  it('computes arithmetic, logic and comparisons like bigint modulo 2^w', () => {
    fc.assert(
      fc.property(arbSameWidth, ([w, a, b]) => {
        const A = bits(a, w);
        const B = bits(b, w);
        assert.deepEqual(v(ar.add(A, B)), [(a + b) & mask(w), w]);
        assert.deepEqual(v(ar.sub(A, B)), [(a - b) & mask(w), w]);
        assert.deepEqual(v(ar.addWide(A, B)), [a + b, w + 1]);
        assert.deepEqual(v(ar.mul(A, bits(b & 0xffn, 8))), [a * (b & 0xffn), w + 8]);
        assert.deepEqual(v(ar.and(A, B)), [a & b, w]);
        assert.deepEqual(v(ar.or(A, B)), [a | b, w]);
        assert.deepEqual(v(ar.xor(A, B)), [a ^ b, w]);
        assert.deepEqual(v(ar.not(A)), [mask(w) - a, w]);
        const cmp: [Bits, boolean][] = [
          [ar.eq(A, B), a === b],
          [ar.ne(A, B), a !== b],
          [ar.ltu(A, B), a < b],
          [ar.leu(A, B), a <= b],
          [ar.gtu(A, B), a > b],
          [ar.geu(A, B), a >= b],
        ];
        for (const [got, want] of cmp) assert.deepEqual(v(got), [want ? 1n : 0n, 1]);
      }),
      { numRuns: 2000 },
    );
  });

  it('shifts logically, keeping the width, with amounts >= width giving 0', () => {
    fc.assert(
      fc.property(arbSameWidth, fc.integer({ min: 0, max: 80 }), ([w, a], n) => {
        const A = bits(a, w);
        const wantL = n >= w ? 0n : (a << BigInt(n)) & mask(w);
        const wantR = n >= w ? 0n : a >> BigInt(n);
        assert.deepEqual(v(ar.shl(A, n)), [wantL, w]);
        assert.deepEqual(v(ar.shr(A, n)), [wantR, w]);
        assert.deepEqual(v(ar.shlVar(A, bits(n, 7))), [wantL, w]);
        assert.deepEqual(v(ar.shrVar(A, bits(n, 7))), [wantR, w]);
      }),
      { numRuns: 2000 },
    );
  });

  it('slices, concatenates, repeats, extends and truncates', () => {
    const x = bits(0b1011_0110, 8);
    assert.deepEqual(v(ar.slice(x, 6, 3)), [0b0110n, 4]);
    assert.deepEqual(v(ar.bit(x, 7)), [1n, 1]);
    assert.deepEqual(v(ar.bit(x, 0)), [0n, 1]);
    assert.deepEqual(v(ar.concat(bits(1, 1), x, bits(2, 3))), [(1n << 11n) | (0b1011_0110n << 3n) | 2n, 12]);
    assert.deepEqual(v(ar.repeat(bits(0b10, 2), 3)), [0b101010n, 6]);
    assert.deepEqual(v(ar.zext(x, 12)), [0b1011_0110n, 12]);
    assert.deepEqual(v(ar.trunc(x, 3)), [0b110n, 3]);
    assert.deepEqual(v(ar.orReduce(bits(0, 5))), [0n, 1]);
    assert.deepEqual(v(ar.andReduce(bits(31, 5))), [1n, 1]);
    assert.deepEqual(v(ar.andReduce(bits(30, 5))), [0n, 1]);
    assert.deepEqual(v(ar.mux(bits(1, 1), x, bits(0, 8))), [0b1011_0110n, 8]);
    assert.deepEqual(v(ar.mux(bits(0, 1), x, bits(3, 8))), [3n, 8]);
  });

  it('rejects width mismatches, bad constants and out-of-range slices', () => {
    const a = bits(1, 8);
    const b = bits(1, 9);
    for (const op of [ar.add, ar.sub, ar.addWide, ar.and, ar.or, ar.xor, ar.eq, ar.ltu, ar.geu]) {
      assert.throws(() => op.call(ar, a, b), /width mismatch/);
    }
    assert.throws(() => ar.mux(bits(1, 2), a, a), /1 bit/);
    assert.throws(() => ar.mux(bits(1, 1), a, b), /width mismatch/);
    assert.throws(() => ar.constant(256n, 8), /does not fit/);
    assert.throws(() => ar.constant(-1n, 8), /does not fit/);
    assert.throws(() => ar.constant(0n, 0), /invalid width/);
    assert.throws(() => ar.slice(a, 8, 0), /out of range/);
    assert.throws(() => ar.zext(a, 4), /truncate/);
    assert.throws(() => ar.trunc(a, 9), /extend/);
  });

  it('stage and named are the identity in the bit-level model', () => {
    const a = bits(5, 4);
    assert.equal(ar.stage(a), a);
    assert.equal(ar.named(a, 'x'), a);
  });
});
