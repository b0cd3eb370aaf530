// fpExp: worst error over every bf16/fp16 input and an fp32 sample, plus the special values.
import assert from 'node:assert/strict';
import { bf16, fp16, fp32 } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { allPatterns, expectWorst, sample32, worstUlp } from './nonlinear-check.js';
import { bitsToF32, f32ToBits } from './fp-test-util.js';

describe('rtl-lib/fp exp', () => {
  it('is within 0.6 ulp on every bf16 and fp16 input', () => {
    for (const f of [bf16, fp16]) expectWorst(f, worstUlp(f, fpModel(f).exp, Math.exp, allPatterns(16)), 0.6, 'exp');
  });
  it('is within 0.6 ulp on 8k fp32 inputs in [-104, 89] and 2k anywhere', () => {
    const m = fpModel(fp32);
    const useful = (x: bigint) => Math.abs(bitsToF32(x) + 7.5) <= 96.5;
    expectWorst(fp32, worstUlp(fp32, m.exp, Math.exp, sample32(8000, useful)), 0.6, 'exp');
    expectWorst(
      fp32,
      worstUlp(
        fp32,
        m.exp,
        Math.exp,
        sample32(2000, () => true, 99),
      ),
      0.6,
      'exp',
    );
  });
  it('handles specials, overflow and gradual underflow', () => {
    const m = fpModel(fp32);
    assert.equal(m.exp(0n), 0x3f800000n);
    assert.equal(m.exp(0x80000000n), 0x3f800000n);
    assert.equal(m.exp(0x7f800000n), 0x7f800000n);
    assert.equal(m.exp(0xff800000n), 0n);
    assert.equal(m.exp(0x7fc12345n), 0x7fc00000n);
    assert.equal(m.exp(f32ToBits(89)), 0x7f800000n); // e^89 > max float
    assert.equal(m.exp(f32ToBits(88.5)), f32ToBits(Math.exp(88.5)));
    assert.equal(m.exp(f32ToBits(-104)), 0n); // below half the smallest subnormal
    assert.equal(m.exp(f32ToBits(-100)), f32ToBits(Math.exp(-100))); // subnormal result
    assert.equal(m.exp(1n), 0x3f800000n); // e^tiny rounds to 1
  });
});
