// fpSqrt through the bit-level model: every bf16/fp16 input against the exact reference; fp32 edge
// values, exact squares and 20k random inputs against Math.fround(Math.sqrt(x)) (correctly rounded for
// fp32, 53 >= 2*24+2) and the exact reference; properties and the IEEE special cases.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bf16, fp16, fp32, type FloatFormat, formatName } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { edgeValues, sqrtEdgeValues } from '../../../rtl-lib/fp/edge-cases.js';
import { refSqrt } from '../../../rtl-lib/fp/exact-reference.js';
import { arbBits, bitsToF32, expectSameFloat, f32ToBits, hex } from './fp-test-util.js';

const f32Sqrt = (a: bigint) => f32ToBits(Math.fround(Math.sqrt(bitsToF32(a))));

describe('rtl-lib/fp sqrt (fp32)', () => {
  const model = fpModel(fp32);
  const edges = [...edgeValues(fp32), ...sqrtEdgeValues(fp32)];
  it('takes exact roots on the perfect squares, and the references agree on every edge value', () => {
    let exact = 0;
    for (const a of edges) {
      expectSameFloat(fp32, refSqrt(fp32, a), f32Sqrt(a), `ref sqrt ${hex(a)}`);
      const r = bitsToF32(model.sqrt(a));
      if (r * r === bitsToF32(a)) exact++;
    }
    assert.ok(exact >= 100, `${exact} exact roots among the edge values`);
  });
  it('is bit-exact on the edge values (zeros, subnormals, inf, NaN, negatives, squares and neighbours)', () => {
    for (const a of edges) expectSameFloat(fp32, model.sqrt(a), f32Sqrt(a), `sqrt ${hex(a)}`);
  });
  it('is bit-exact on 20k random inputs against both references', () => {
    const positive = arbBits(fp32).map((x) => x & 0x7fffffffn);
    fc.assert(
      fc.property(fc.oneof(arbBits(fp32), positive, positive), (a) => {
        const got = model.sqrt(a);
        expectSameFloat(fp32, got, f32Sqrt(a), `sqrt ${hex(a)} vs Math.fround`);
        expectSameFloat(fp32, got, refSqrt(fp32, a), `sqrt ${hex(a)} vs exact`);
      }),
      { numRuns: 20_000 },
    );
  });
  it('follows IEEE 754 on the special cases', () => {
    assert.equal(model.sqrt(0x80000000n), 0x80000000n, 'sqrt(-0) = -0');
    assert.equal(model.sqrt(0n), 0n);
    assert.equal(model.sqrt(0x7f800000n), 0x7f800000n);
    assert.equal(model.sqrt(0xff800000n), 0x7fc00000n, 'sqrt(-inf) = NaN');
    assert.equal(model.sqrt(0x80000001n), 0x7fc00000n, 'sqrt of a negative subnormal = NaN');
    assert.equal(model.sqrt(0x7f800001n), 0x7fc00000n, 'NaN payloads never leak');
    assert.equal(model.sqrt(1n), f32ToBits(Math.fround(Math.sqrt(2 ** -149))), 'the smallest subnormal');
    assert.equal(model.sqrt(f32ToBits(4)), f32ToBits(2));
  });
  it('is monotonic and squares back: sqrt(x*x) = |x| for x of few significant bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4095 }), fc.integer({ min: -62, max: 50 }), fc.boolean(), (k, e, neg) => {
        const x = (neg ? -k : k) * 2 ** e;
        assert.equal(model.sqrt(f32ToBits(x * x)), f32ToBits(Math.abs(x)), `sqrt(${x}^2)`);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x7f7ffffe }), (a) => {
        assert.ok(model.sqrt(BigInt(a)) <= model.sqrt(BigInt(a + 1)), `sqrt monotonic at ${a}`);
      }),
      { numRuns: 3000 },
    );
  });
});

for (const f of [bf16, fp16] as FloatFormat[]) {
  describe(`rtl-lib/fp sqrt (${formatName(f)})`, () => {
    it('is bit-exact on every input (exact reference)', () => {
      const model = fpModel(f);
      for (let a = 0n; a < 1n << 16n; a++) expectSameFloat(f, model.sqrt(a), refSqrt(f, a), `sqrt ${hex(a)}`);
    });
  });
}
