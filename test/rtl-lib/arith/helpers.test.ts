// Helpers built from the primitives: leading-zero count / normalization, sticky shift, signed ops.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bitsArith as ar, bits } from '../../../rtl-lib/arith/bits-arith.js';
import {
  clog2,
  countWidth,
  leadingZeros,
  les,
  lts,
  negate,
  normalizeLeft,
  normalizeLeftFinish,
  normalizeLeftStart,
  sext,
  shrSticky,
  signedConst,
} from '../../../rtl-lib/arith/helpers.js';

const mask = (w: number) => (1n << BigInt(w)) - 1n;
const arbValue = fc.integer({ min: 1, max: 64 }).chain((w) =>
  fc.tuple(
    fc.constant(w),
    fc.oneof(
      fc.bigInt({ min: 0n, max: mask(w) }),
      fc.integer({ min: 0, max: w }).map((k) => (k === w ? 0n : 1n << BigInt(k))),
    ),
  ),
);
const toSigned = (x: bigint, w: number) => (x >> BigInt(w - 1) ? x - (1n << BigInt(w)) : x);

describe('rtl-lib/arith helpers', () => {
  it('clog2 and countWidth', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 8, 9].map(clog2), [0, 1, 2, 2, 3, 3, 4]);
    assert.equal(countWidth(24), 5);
    assert.equal(countWidth(31), 5);
    assert.equal(countWidth(32), 6);
  });

  it('leadingZeros counts like a reference loop, w for zero, in ceil(log2(w+1)) bits', () => {
    fc.assert(
      fc.property(arbValue, ([w, x]) => {
        const want = x === 0n ? w : w - x.toString(2).length;
        const got = leadingZeros(ar, bits(x, w));
        assert.equal(got.width, countWidth(w));
        assert.equal(got.value, BigInt(want));
        const n = normalizeLeft(ar, bits(x, w));
        assert.equal(n.shifted.width, w);
        assert.equal(n.shifted.value, (x << BigInt(want)) & mask(w));
      }),
      { numRuns: 3000 },
    );
  });

  it('normalizeLeft split at any step (a pipeline register between the halves) gives the same result', () => {
    fc.assert(
      fc.property(arbValue, fc.integer({ min: 1, max: 7 }), ([w, x], k) => {
        const steps = Math.min(k, countWidth(w));
        const whole = normalizeLeft(ar, bits(x, w));
        const split = normalizeLeftFinish(ar, w, normalizeLeftStart(ar, bits(x, w), steps));
        assert.equal(split.count.value, whole.count.value);
        assert.equal(split.count.width, whole.count.width);
        assert.equal(split.shifted.value, whole.shifted.value);
      }),
      { numRuns: 3000 },
    );
    assert.throws(() => normalizeLeftStart(ar, bits(1n, 24), 6), /steps must be in 1..5/);
  });

  it('shrSticky keeps the OR of the shifted-out bits in the LSB', () => {
    fc.assert(
      fc.property(arbValue, fc.integer({ min: 0, max: 70 }), ([w, x], n) => {
        const lost = n >= w ? x : x & mask(n);
        const want = (n >= w ? 0n : x >> BigInt(n)) | (lost !== 0n ? 1n : 0n);
        assert.equal(shrSticky(ar, bits(x, w), bits(n, 7)).value, want);
      }),
      { numRuns: 3000 },
    );
  });

  it('signed compare, negation and sign extension agree with two-s complement', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 40 })
          .chain((w) =>
            fc.tuple(fc.constant(w), fc.bigInt({ min: 0n, max: mask(w) }), fc.bigInt({ min: 0n, max: mask(w) })),
          ),
        ([w, a, b]) => {
          const A = bits(a, w);
          const B = bits(b, w);
          assert.equal(lts(ar, A, B).value, toSigned(a, w) < toSigned(b, w) ? 1n : 0n);
          assert.equal(les(ar, A, B).value, toSigned(a, w) <= toSigned(b, w) ? 1n : 0n);
          assert.equal(negate(ar, A).value, -a & mask(w));
          assert.equal(toSigned(sext(ar, A, w + 5).value, w + 5), toSigned(a, w));
        },
      ),
      { numRuns: 2000 },
    );
    assert.equal(signedConst(ar, -3, 8).value, 253n);
    assert.throws(() => signedConst(ar, 128, 8), /does not fit/);
  });
});
