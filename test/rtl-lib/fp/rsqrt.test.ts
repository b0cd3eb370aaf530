// fpRsqrt: worst error over every bf16/fp16 input and an fp32 sample, plus the special values.
import assert from 'node:assert/strict';
import { bf16, fp16, fp32 } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { allPatterns, expectWorst, sample32, worstUlp } from './nonlinear-check.js';
import { f32ToBits } from './fp-test-util.js';

describe('rtl-lib/fp rsqrt', () => {
  const ref = (x: number) => 1 / Math.sqrt(x);
  it('is within 0.6 ulp on every bf16 and fp16 input', () => {
    for (const f of [bf16, fp16]) expectWorst(f, worstUlp(f, fpModel(f).rsqrt, ref, allPatterns(16)), 0.6, 'rsqrt');
  });
  it('is within 0.6 ulp on 10k fp32 inputs', () => {
    expectWorst(
      fp32,
      worstUlp(
        fp32,
        fpModel(fp32).rsqrt,
        ref,
        sample32(10000, () => true),
      ),
      0.6,
      'rsqrt',
    );
  });
  it('handles zeros, infinities, negatives and NaN', () => {
    const m = fpModel(fp32);
    assert.equal(m.rsqrt(0n), 0x7f800000n);
    assert.equal(m.rsqrt(0x80000000n), 0xff800000n);
    assert.equal(m.rsqrt(0x7f800000n), 0n);
    assert.equal(m.rsqrt(0xff800000n), 0x7fc00000n);
    assert.equal(m.rsqrt(f32ToBits(-4)), 0x7fc00000n);
    assert.equal(m.rsqrt(f32ToBits(4)), f32ToBits(0.5));
    assert.equal(m.rsqrt(f32ToBits(2)), f32ToBits(Math.fround(Math.SQRT1_2)));
    assert.equal(m.rsqrt(1n), f32ToBits(2 ** 74.5)); // smallest subnormal: odd exponent -149
  });
});
