// Comparison, min, max, abs, neg through the bit-level model. min/max follow IEEE 754-2019
// minimum/maximum, which JavaScript's Math.min/Math.max implement: NaN propagates, -0 < +0.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bf16, fp16, fp32, type FloatFormat, formatName } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { decode } from '../../../rtl-lib/fp/ulp.js';
import { edgePairs, edgeValues } from '../../../rtl-lib/fp/edge-cases.js';
import { decodeExact, refNeg, roundExact } from '../../../rtl-lib/fp/exact-reference.js';
import { arbPair, expectSameFloat, hex } from './fp-test-util.js';

/** Encode a float64 that is exactly representable in the format (used for Math.min/max results). */
function encodeExact(f: FloatFormat, x: number, like: bigint): bigint {
  if (Number.isNaN(x)) return decodeExact(f, like).kind === 'nan' ? like : (1n << BigInt(totalBitsOf(f))) - 1n;
  if (!Number.isFinite(x)) return roundExact(f, x < 0 ? 1 : 0, 1n, 100000);
  const sign = x < 0 || Object.is(x, -0) ? 1 : 0;
  let a = Math.abs(x);
  let k = 0;
  while (a !== Math.floor(a)) {
    a *= 2;
    k--;
  }
  return roundExact(f, sign, BigInt(a), k);
}
const totalBitsOf = (f: FloatFormat) => 1 + f.expBits + f.mantBits;

for (const f of [fp32, bf16, fp16]) {
  describe(`rtl-lib/fp compare/min/max/abs/neg (${formatName(f)})`, () => {
    const model = fpModel(f);
    const check = (a: bigint, b: bigint) => {
      const x = decode(f, a);
      const y = decode(f, b);
      const want = Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? -1 : x > y ? 1 : 0;
      const got = model.compare(a, b);
      if (!Object.is(got, want)) assert.fail(`compare ${hex(a)} ${hex(b)}: got ${got} want ${want}`);
      const nanOut = (1n << BigInt(totalBitsOf(f))) - 1n; // any NaN pattern: expectSameFloat wants canonical
      const mn = Math.min(x, y);
      const mx = Math.max(x, y);
      expectSameFloat(f, model.min(a, b), Number.isNaN(mn) ? nanOut : encodeExact(f, mn, a), `min ${hex(a)} ${hex(b)}`);
      expectSameFloat(f, model.max(a, b), Number.isNaN(mx) ? nanOut : encodeExact(f, mx, a), `max ${hex(a)} ${hex(b)}`);
    };
    it('matches float64 comparison and Math.min/Math.max on all edge pairs', () => {
      for (const [a, b] of edgePairs(f)) check(a, b);
    });
    it('matches on 20k random pairs', () => {
      fc.assert(
        fc.property(arbPair(f), ([a, b]) => check(a, b)),
        { numRuns: 20000 },
      );
    });
    it('abs and neg flip or clear only the sign, NaN becomes canonical', () => {
      for (const a of edgeValues(f)) {
        expectSameFloat(f, model.neg(a), refNeg(f, a), `neg ${hex(a)}`);
        const absWant = decodeExact(f, a).kind === 'nan' ? a : a & ((1n << BigInt(totalBitsOf(f) - 1)) - 1n);
        expectSameFloat(f, model.abs(a), absWant, `abs ${hex(a)}`);
      }
    });
  });
}

describe('rtl-lib/fp compare specifics (fp32)', () => {
  const m = fpModel(fp32);
  it('treats -0 == +0 in compare but -0 < +0 in min/max', () => {
    assert.equal(m.compare(0x80000000n, 0n), 0);
    assert.equal(m.min(0n, 0x80000000n), 0x80000000n);
    assert.equal(m.max(0x80000000n, 0n), 0n);
  });
  it('is unordered with NaN and min/max propagate it canonically', () => {
    assert.ok(Number.isNaN(m.compare(0x7fc00001n, 0x7fc00001n)));
    assert.equal(m.min(0xffc00001n, 0x3f800000n), 0x7fc00000n);
    assert.equal(m.max(0x3f800000n, 0x7f800001n), 0x7fc00000n);
  });
});
