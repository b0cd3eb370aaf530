// int32 <-> float conversions through the bit-level model.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bf16, fp16, fp32, type FloatFormat, formatName } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { edgeValues, intEdgeValues } from '../../../rtl-lib/fp/edge-cases.js';
import { refFromInt, refToInt32 } from '../../../rtl-lib/fp/exact-reference.js';
import { arbBits, bitsToF32, expectSameFloat, f32ToBits, hex } from './fp-test-util.js';

const toSigned = (x: bigint) => (x >= 0x80000000n ? x - 0x100000000n : x);

/** C-cast-like truncation with saturation and NaN -> 0, written with JavaScript numbers. */
function f32ToIntRef(a: bigint): bigint {
  const x = bitsToF32(a);
  if (Number.isNaN(x)) return 0n;
  const t = Math.trunc(Math.min(Math.max(x, -2147483648), 2147483647));
  return BigInt(t) & 0xffffffffn;
}

const cases: [FloatFormat, (v: bigint) => bigint, (a: bigint) => bigint][] = [
  [fp32, (v) => f32ToBits(Math.fround(Number(toSigned(v)))), f32ToIntRef],
  [bf16, (v) => refFromInt(bf16, toSigned(v)), (a) => refToInt32(bf16, a)],
  [fp16, (v) => refFromInt(fp16, toSigned(v)), (a) => refToInt32(fp16, a)],
];

for (const [f, refFrom, refTo] of cases) {
  describe(`rtl-lib/fp int32 <-> float (${formatName(f)})`, () => {
    const model = fpModel(f);
    it('converts int32 edge values and 20k random ints with round to nearest even', () => {
      for (const v of intEdgeValues()) expectSameFloat(f, model.fromInt32(v), refFrom(v), `from ${toSigned(v)}`);
      const small = fc.integer({ min: -(2 ** 26), max: 2 ** 26 }).map((n) => BigInt(n) & 0xffffffffn);
      fc.assert(
        fc.property(fc.oneof(fc.bigInt({ min: 0n, max: 0xffffffffn }), small), (v) =>
          expectSameFloat(f, model.fromInt32(v), refFrom(v), `from ${toSigned(v)}`),
        ),
        { numRuns: 20000 },
      );
    });
    it('truncates toward zero and saturates on edge values and 20k random floats', () => {
      const check = (a: bigint) => {
        const got = model.toInt32(a);
        const want = refTo(a);
        if (got !== want) assert.fail(`toInt32 ${hex(a)}: got ${hex(got)} want ${hex(want)}`);
      };
      edgeValues(f).forEach(check);
      fc.assert(fc.property(arbBits(f), check), { numRuns: 20000 });
    });
  });
}

describe('rtl-lib/fp conversion specifics (fp32)', () => {
  const m = fpModel(fp32);
  it('saturates, maps NaN to 0 and keeps -2^31 exact', () => {
    assert.equal(m.toInt32(0x7f800000n), 0x7fffffffn); // +inf
    assert.equal(m.toInt32(0xff800000n), 0x80000000n); // -inf
    assert.equal(m.toInt32(0x4f000000n), 0x7fffffffn); // 2^31
    assert.equal(m.toInt32(0xcf000000n), 0x80000000n); // -2^31
    assert.equal(m.toInt32(0x7fc00000n), 0n);
    assert.equal(m.toInt32(0xbfbfffffn), 0xffffffffn); // -1.49.. -> -1
  });
  it('rounds 2^24 + 1 to even and INT_MIN exactly', () => {
    assert.equal(m.fromInt32(16777217n), 0x4b800000n);
    assert.equal(m.fromInt32(0x80000000n), 0xcf000000n);
    assert.equal(m.fromInt32(0n), 0n);
  });
});
