// fpMul and fpMac (mul then add, two roundings) through the bit-level model.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bf16, fp16, fp32, type FloatFormat, formatName } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { addEdgePairs, edgePairs, edgeValues, mulEdgePairs } from '../../../rtl-lib/fp/edge-cases.js';
import { refAdd, refMul } from '../../../rtl-lib/fp/exact-reference.js';
import { arbBits, arbPair, bitsToF32, expectSameFloat, f32Ref, f32ToBits, hex } from './fp-test-util.js';

const f32Mul = f32Ref((x, y) => x * y);
const f32Mac = (a: bigint, b: bigint, c: bigint) =>
  f32ToBits(Math.fround(Math.fround(bitsToF32(a) * bitsToF32(b)) + bitsToF32(c)));

const cases: [FloatFormat, (a: bigint, b: bigint) => bigint, (a: bigint, b: bigint, c: bigint) => bigint][] = [
  [fp32, f32Mul, f32Mac],
  [bf16, (a, b) => refMul(bf16, a, b), (a, b, c) => refAdd(bf16, refMul(bf16, a, b), c)],
  [fp16, (a, b) => refMul(fp16, a, b), (a, b, c) => refAdd(fp16, refMul(fp16, a, b), c)],
];

for (const [f, refM, refMac] of cases) {
  describe(`rtl-lib/fp mul/mac (${formatName(f)})`, () => {
    const model = fpModel(f);
    it('multiplies bit-exactly on the edge-case set (subnormal results, ties, overflow)', () => {
      for (const [a, b] of edgePairs(f, mulEdgePairs(f)))
        expectSameFloat(f, model.mul(a, b), refM(a, b), `mul ${hex(a)} ${hex(b)}`);
    });
    it('multiplies bit-exactly on 20k random pairs', () => {
      fc.assert(
        fc.property(arbPair(f), ([a, b]) => expectSameFloat(f, model.mul(a, b), refM(a, b), `mul ${hex(a)} ${hex(b)}`)),
        { numRuns: 20000 },
      );
    });
    it('multiply-accumulates with two roundings on edge triples and 20k random triples', () => {
      const v = edgeValues(f);
      for (const [a, c] of addEdgePairs(f))
        expectSameFloat(f, model.mac(a, v[3]!, c), refMac(a, v[3]!, c), `mac ${hex(a)} ${hex(c)}`);
      for (let i = 0; i < v.length; i += 11)
        for (const b of v)
          for (let j = 0; j < v.length; j += 17) {
            const a = v[i]!;
            const c = v[j]!;
            expectSameFloat(f, model.mac(a, b, c), refMac(a, b, c), `mac ${hex(a)} ${hex(b)} ${hex(c)}`);
          }
      fc.assert(
        fc.property(arbPair(f), arbBits(f), ([a, b], c) =>
          expectSameFloat(f, model.mac(a, b, c), refMac(a, b, c), `mac ${hex(a)} ${hex(b)} ${hex(c)}`),
        ),
        { numRuns: 20000 },
      );
    });
  });
}

describe('rtl-lib/fp mul specifics (fp32)', () => {
  const m = fpModel(fp32);
  it('gives NaN for 0 * inf and signed zeros and infinities otherwise', () => {
    assert.equal(m.mul(0x80000000n, 0x7f800000n), 0x7fc00000n);
    assert.equal(m.mul(0x80000000n, 0x3f800000n), 0x80000000n);
    assert.equal(m.mul(0xff800000n, 0xbf800000n), 0x7f800000n);
  });
  it('rounds the smallest subnormal times one half to zero (tie to even) and times 0.75 up', () => {
    assert.equal(m.mul(1n, 0x3f000000n), 0n);
    assert.equal(m.mul(1n, 0x3f400000n), 1n);
    assert.equal(m.mul(3n, 0x3f000000n), 2n);
  });
  it('mac keeps the intermediate rounding (not fused)', () => {
    // (1 + 2^-12)^2 - 1: fused would give 2^-11 + 2^-24; two roundings lose the 2^-24 (tie to even).
    const x = 0x3f800800n;
    assert.equal(m.mac(x, x, 0xbf800000n), f32ToBits(2 ** -11));
  });
});
