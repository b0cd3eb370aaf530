// fpReciprocal: worst error over every bf16/fp16 input and an fp32 sample, plus the special values.
import assert from 'node:assert/strict';
import { bf16, fp16, fp32 } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { allPatterns, expectWorst, sample32, worstUlp } from './nonlinear-check.js';
import { f32ToBits } from './fp-test-util.js';

describe('rtl-lib/fp reciprocal', () => {
  const ref = (x: number) => 1 / x;
  it('is within 0.6 ulp on every bf16 and fp16 input', () => {
    for (const f of [bf16, fp16])
      expectWorst(f, worstUlp(f, fpModel(f).reciprocal, ref, allPatterns(16)), 0.6, 'reciprocal');
  });
  it('is within 0.6 ulp on 10k fp32 inputs', () => {
    expectWorst(
      fp32,
      worstUlp(
        fp32,
        fpModel(fp32).reciprocal,
        ref,
        sample32(10000, () => true),
      ),
      0.6,
      'reciprocal',
    );
  });
  it('handles zeros, infinities, NaN, subnormal results and overflow', () => {
    const m = fpModel(fp32);
    assert.equal(m.reciprocal(0n), 0x7f800000n);
    assert.equal(m.reciprocal(0x80000000n), 0xff800000n);
    assert.equal(m.reciprocal(0xff800000n), 0x80000000n);
    assert.equal(m.reciprocal(0x7fc00001n), 0x7fc00000n);
    assert.equal(m.reciprocal(f32ToBits(2)), f32ToBits(0.5));
    assert.equal(m.reciprocal(f32ToBits(2 ** 127)), f32ToBits(2 ** -127)); // subnormal result
    assert.equal(m.reciprocal(1n), 0x7f800000n); // 1 / smallest subnormal overflows
    assert.equal(m.reciprocal(f32ToBits(-3)), f32ToBits(Math.fround(-1 / 3)));
  });
});
