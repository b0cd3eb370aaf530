// fpTanh: worst error over every bf16/fp16 input and an fp32 sample, plus the special values.
import assert from 'node:assert/strict';
import { bf16, fp16, fp32 } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { allPatterns, expectWorst, sample32, worstUlp } from './nonlinear-check.js';
import { bitsToF32, f32ToBits } from './fp-test-util.js';

describe('rtl-lib/fp tanh', () => {
  it('is within 0.6 ulp on every bf16 and fp16 input', () => {
    for (const f of [bf16, fp16]) expectWorst(f, worstUlp(f, fpModel(f).tanh, Math.tanh, allPatterns(16)), 0.6, 'tanh');
  });
  it('is within 0.6 ulp on 8k fp32 inputs with |x| < 12 and 2k anywhere', () => {
    const m = fpModel(fp32);
    expectWorst(
      fp32,
      worstUlp(
        fp32,
        m.tanh,
        Math.tanh,
        sample32(8000, (x) => Math.abs(bitsToF32(x)) < 12),
      ),
      0.6,
      'tanh',
    );
    expectWorst(
      fp32,
      worstUlp(
        fp32,
        m.tanh,
        Math.tanh,
        sample32(2000, () => true, 7),
      ),
      0.6,
      'tanh',
    );
  });
  it('is odd, saturates to +-1 and keeps signed zeros and tiny values', () => {
    const m = fpModel(fp32);
    assert.equal(m.tanh(0n), 0n);
    assert.equal(m.tanh(0x80000000n), 0x80000000n);
    assert.equal(m.tanh(0x7f800000n), 0x3f800000n);
    assert.equal(m.tanh(0xff800000n), 0xbf800000n);
    assert.equal(m.tanh(0x7fc00001n), 0x7fc00000n);
    assert.equal(m.tanh(1n), 1n); // smallest subnormal
    for (const x of [0.125, 0.5, 1, 3, 9.5]) assert.equal(m.tanh(f32ToBits(-x)), m.tanh(f32ToBits(x)) | 0x80000000n);
    assert.equal(m.tanh(f32ToBits(10)), 0x3f800000n);
  });
});
