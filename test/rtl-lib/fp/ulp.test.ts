// The ulp measure the nonlinear units are documented with.
import assert from 'node:assert/strict';
import { bf16, fp16, fp32 } from '../../../rtl-lib/fp/format.js';
import { decode, ulpAt, ulpError } from '../../../rtl-lib/fp/ulp.js';
import { bitsToF32 } from './fp-test-util.js';

describe('rtl-lib/fp ulp', () => {
  it('decodes every fp32 pattern class like the hardware float', () => {
    for (const x of [0n, 0x80000000n, 1n, 0x7fffffn, 0x800000n, 0x3f800000n, 0x7f7fffffn, 0xff800000n])
      assert.equal(decode(fp32, x), bitsToF32(x));
    assert.ok(Number.isNaN(decode(fp32, 0x7fc00000n)));
    assert.equal(decode(fp16, 0x3c00n), 1);
    assert.equal(decode(fp16, 0x0001n), 2 ** -24);
    assert.equal(decode(bf16, 0x3f80n), 1);
  });
  it('measures spacing at normals and subnormals', () => {
    assert.equal(ulpAt(fp32, 1), 2 ** -23);
    assert.equal(ulpAt(fp32, 1.9), 2 ** -23);
    assert.equal(ulpAt(fp32, 2), 2 ** -22);
    assert.equal(ulpAt(fp32, 2 ** -140), 2 ** -149);
    assert.equal(ulpAt(fp16, 0), 2 ** -24);
  });
  it('counts errors in ulps and handles overflow to infinity', () => {
    assert.equal(ulpError(fp32, 1 + 2 ** -23, 1), 1);
    assert.equal(ulpError(fp32, 1, 1 + 2 ** -24), 0.5);
    assert.equal(ulpError(fp32, Infinity, 1e39), 0);
    assert.equal(ulpError(fp32, Infinity, 3.4e38), Infinity);
    assert.equal(ulpError(fp32, 3.4028234663852886e38, Infinity), Infinity);
    assert.equal(ulpError(fp32, NaN, NaN), 0);
    assert.equal(ulpError(fp32, 1, NaN), Infinity);
  });
});
