// fpDiv through the bit-level model: bit-exact against two independent references (Math.fround of the
// float64 quotient, correctly rounded for fp32 since 53 >= 2*24+2, and the exact rational reference)
// on the edge-case pairs and 20k random pairs per format, plus properties and the IEEE special cases.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bf16, fp16, fp32, type FloatFormat, formatName } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { divEdgePairs, edgePairs, encode } from '../../../rtl-lib/fp/edge-cases.js';
import { refDiv } from '../../../rtl-lib/fp/exact-reference.js';
import { arbBits, arbPair, expectSameFloat, f32Ref, f32ToBits, hex, isNaNBits } from './fp-test-util.js';

const f32Div = f32Ref((x, y) => x / y);

describe('rtl-lib/fp div (fp32)', () => {
  const model = fpModel(fp32);
  it('the exact reference and Math.fround agree on every edge pair (the references check each other)', () => {
    for (const [a, b] of edgePairs(fp32, divEdgePairs(fp32)))
      expectSameFloat(fp32, refDiv(fp32, a, b), f32Div(a, b), `ref div ${hex(a)} ${hex(b)}`);
  });
  it('divides bit-exactly on the edge pairs (zeros, subnormals, inf, NaN, exact, underflow ties, overflow)', () => {
    const pairs = edgePairs(fp32, divEdgePairs(fp32));
    assert.ok(pairs.length >= 20_000, `${pairs.length} edge pairs`);
    for (const [a, b] of pairs) expectSameFloat(fp32, model.div(a, b), f32Div(a, b), `div ${hex(a)} ${hex(b)}`);
  });
  it('divides bit-exactly on 20k random pairs against both references', () => {
    fc.assert(
      fc.property(arbPair(fp32), ([a, b]) => {
        const got = model.div(a, b);
        expectSameFloat(fp32, got, f32Div(a, b), `div ${hex(a)} ${hex(b)} vs Math.fround`);
        expectSameFloat(fp32, got, refDiv(fp32, a, b), `div ${hex(a)} ${hex(b)} vs exact`);
      }),
      { numRuns: 20_000 },
    );
  });
  it('follows IEEE 754 on the special cases', () => {
    const nan = 0x7fc00000n;
    assert.equal(model.div(0n, 0x80000000n), nan, '0 / -0');
    assert.equal(model.div(0x7f800000n, 0xff800000n), nan, 'inf / -inf');
    assert.equal(model.div(0x7fc00001n, 0x3f800000n), nan, 'NaN payloads never leak');
    assert.equal(model.div(0x3f800000n, 0x80000000n), 0xff800000n, '1 / -0 = -inf');
    assert.equal(model.div(0xff800000n, 0x40000000n), 0xff800000n, '-inf / 2');
    assert.equal(model.div(0x80000000n, 0x40000000n), 0x80000000n, '-0 / 2 = -0');
    assert.equal(model.div(0x40000000n, 0xff800000n), 0x80000000n, '2 / -inf = -0');
    assert.equal(model.div(1n, f32ToBits(2)), 0n, 'smallest subnormal / 2: a tie, to even (0)');
    assert.equal(model.div(3n, f32ToBits(2)), 2n, '3 ulp / 2: a tie, to even (2 ulp)');
    assert.equal(model.div(0x7f7fffffn, f32ToBits(0.5)), 0x7f800000n, 'overflow to inf');
    assert.equal(model.div(f32ToBits(1), f32ToBits(3)), f32ToBits(Math.fround(1 / 3)));
  });
  it('has the properties x / 1 = x, x / x = 1 and an odd sign', () => {
    const one = f32ToBits(1);
    fc.assert(
      fc.property(arbBits(fp32), arbBits(fp32), (a, b) => {
        if (!isNaNBits(fp32, a)) assert.equal(model.div(a, one), a, `${hex(a)} / 1`);
        const finiteNonzero = (a & 0x7f800000n) !== 0x7f800000n && (a & 0x7fffffffn) !== 0n;
        if (finiteNonzero) assert.equal(model.div(a, a), one, `${hex(a)} / itself`);
        const q = model.div(a, b);
        if (!isNaNBits(fp32, q)) assert.equal(model.div(a ^ 0x80000000n, b), q ^ 0x80000000n, `-${hex(a)} / ${hex(b)}`);
      }),
      { numRuns: 5000 },
    );
  });
});

for (const f of [bf16, fp16] as FloatFormat[]) {
  describe(`rtl-lib/fp div (${formatName(f)})`, () => {
    const model = fpModel(f);
    it('divides bit-exactly on the edge pairs and 20k random pairs (exact reference)', () => {
      for (const [a, b] of edgePairs(f, divEdgePairs(f)))
        expectSameFloat(f, model.div(a, b), refDiv(f, a, b), `div ${hex(a)} ${hex(b)}`);
      fc.assert(
        fc.property(arbPair(f), ([a, b]) =>
          expectSameFloat(f, model.div(a, b), refDiv(f, a, b), `div ${hex(a)} ${hex(b)}`),
        ),
        { numRuns: 20_000 },
      );
    });
    it('halves the smallest subnormal to +0 (tie to even)', () => {
      assert.equal(model.div(1n, encode(f, 0, 2 ** (f.expBits - 1), 0n)), 0n);
    });
  });
}
