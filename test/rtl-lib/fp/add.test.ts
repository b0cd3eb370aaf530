// fpAdd / fpSub through the bit-level model: fp32 against Math.fround, bf16 and fp16 against the
// exact rational reference; edge-case sets plus 20k random pairs each.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bitsArith, bits } from '../../../rtl-lib/arith/bits-arith.js';
import { fpAdd } from '../../../rtl-lib/fp/add.js';
import { bf16, fp16, fp32, type FloatFormat, formatName } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { addEdgePairs, edgePairs } from '../../../rtl-lib/fp/edge-cases.js';
import { refAdd, refSub } from '../../../rtl-lib/fp/exact-reference.js';
import { arbPair, expectSameFloat, f32Ref, hex } from './fp-test-util.js';

const cases: [FloatFormat, (a: bigint, b: bigint) => bigint, (a: bigint, b: bigint) => bigint][] = [
  [fp32, f32Ref((x, y) => x + y), f32Ref((x, y) => x - y)],
  [bf16, (a, b) => refAdd(bf16, a, b), (a, b) => refSub(bf16, a, b)],
  [fp16, (a, b) => refAdd(fp16, a, b), (a, b) => refSub(fp16, a, b)],
];

for (const [f, refA, refS] of cases) {
  describe(`rtl-lib/fp add/sub (${formatName(f)})`, () => {
    const model = fpModel(f);
    it('is bit-exact on the edge-case set (zeros, subnormals, ties, carry-out, cancellation)', () => {
      const pairs = edgePairs(f, addEdgePairs(f));
      assert.ok(pairs.length > 5000);
      for (const [a, b] of pairs) {
        expectSameFloat(f, model.add(a, b), refA(a, b), `add ${hex(a)} ${hex(b)}`);
        expectSameFloat(f, model.sub(a, b), refS(a, b), `sub ${hex(a)} ${hex(b)}`);
      }
    });
    it('is bit-exact on 20k random and same-exponent pairs', () => {
      fc.assert(
        fc.property(arbPair(f), ([a, b]) => {
          expectSameFloat(f, model.add(a, b), refA(a, b), `add ${hex(a)} ${hex(b)}`);
          expectSameFloat(f, model.sub(a, b), refS(a, b), `sub ${hex(a)} ${hex(b)}`);
        }),
        { numRuns: 20000 },
      );
    });
  });
}

describe('rtl-lib/fp add specifics (fp32)', () => {
  const m = fpModel(fp32);
  it('gives +0 for x - x and -0 only for -0 + -0', () => {
    assert.equal(m.add(0x3f800000n, 0xbf800000n), 0n);
    assert.equal(m.add(0x80000000n, 0x80000000n), 0x80000000n);
    assert.equal(m.add(0x80000000n, 0n), 0n);
    assert.equal(m.sub(0x80000000n, 0n), 0x80000000n);
  });
  it('gives the canonical NaN for inf - inf and NaN operands with payloads', () => {
    assert.equal(m.add(0x7f800000n, 0xff800000n), 0x7fc00000n);
    assert.equal(m.add(0xffc12345n, 0x3f800000n), 0x7fc00000n);
    assert.equal(m.sub(0x3f800000n, 0x7f800001n), 0x7fc00000n);
  });
  it('rejects operands of the wrong width', () => {
    assert.throws(() => fpAdd(bitsArith, fp32, bits(0, 16), bits(0, 32)), /32 bits/);
  });
});
