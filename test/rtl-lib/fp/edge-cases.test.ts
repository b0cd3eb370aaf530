// The edge-case sets contain the values the issue lists, for every format.
import assert from 'node:assert/strict';
import { addEdgePairs, edgeValues, encode, intEdgeValues, mulEdgePairs } from '../../../rtl-lib/fp/edge-cases.js';
import { refAdd } from '../../../rtl-lib/fp/exact-reference.js';
import { bf16, fp16, fp32, formatName, maxExpField } from '../../../rtl-lib/fp/format.js';

for (const f of [fp32, bf16, fp16]) {
  describe(`rtl-lib/fp edge cases (${formatName(f)})`, () => {
    const fracMax = (1n << BigInt(f.mantBits)) - 1n;
    const top = maxExpField(f);
    it('contain zeros, subnormal bounds, normal bounds, infinities and NaNs of both signs', () => {
      const v = new Set(edgeValues(f));
      for (const s of [0, 1]) {
        for (const x of [
          encode(f, s, 0, 0n), // zero
          encode(f, s, 0, 1n), // smallest subnormal
          encode(f, s, 0, fracMax), // largest subnormal
          encode(f, s, 1, 0n), // smallest normal
          encode(f, s, top - 1, fracMax), // largest normal
          encode(f, s, top, 0n), // infinity
          encode(f, s, top, 1n << BigInt(f.mantBits - 1)), // quiet NaN
          encode(f, s, top, 1n), // signalling NaN
        ])
          assert.ok(v.has(x), `missing 0x${x.toString(16)}`);
      }
    });
    it('include additions that overflow by rounding and that cancel to zero', () => {
      const inf = encode(f, 0, top, 0n);
      const sums = addEdgePairs(f).map(([a, b]) => refAdd(f, a, b));
      assert.ok(sums.includes(inf));
      assert.ok(sums.includes(0n));
      assert.ok(mulEdgePairs(f).length > 20);
    });
  });
}

describe('rtl-lib/fp int edge cases', () => {
  it('contain INT_MIN, INT_MAX, 0 and +-1 as 32-bit patterns', () => {
    const v = new Set(intEdgeValues());
    for (const x of [0n, 1n, 0xffffffffn, 0x7fffffffn, 0x80000000n]) assert.ok(v.has(x));
  });
});
