// The exact-rational reference must itself agree with the hardware-independent truth for fp32:
// Math.fround of the float64 result, which is exact for a single add or multiply of fp32 operands.
import fc from 'fast-check';
import { fp32 } from '../../../rtl-lib/fp/format.js';
import { addEdgePairs, edgePairs, mulEdgePairs } from '../../../rtl-lib/fp/edge-cases.js';
import { refAdd, refFromInt, refMul, roundExact } from '../../../rtl-lib/fp/exact-reference.js';
import { arbPair, expectSameFloat, f32Ref, f32ToBits, hex } from './fp-test-util.js';

describe('test reference: exact rational rounding', () => {
  const add = f32Ref((x, y) => x + y);
  const mul = f32Ref((x, y) => x * y);

  it('rounds like Math.fround on fp32 edge pairs', () => {
    for (const [a, b] of edgePairs(fp32, [...addEdgePairs(fp32), ...mulEdgePairs(fp32)])) {
      expectSameFloat(fp32, refAdd(fp32, a, b), add(a, b), `ref add ${hex(a)} ${hex(b)}`);
      expectSameFloat(fp32, refMul(fp32, a, b), mul(a, b), `ref mul ${hex(a)} ${hex(b)}`);
    }
  });

  it('rounds like Math.fround on random fp32 pairs', () => {
    fc.assert(
      fc.property(arbPair(fp32), ([a, b]) => {
        expectSameFloat(fp32, refAdd(fp32, a, b), add(a, b), `ref add ${hex(a)} ${hex(b)}`);
        expectSameFloat(fp32, refMul(fp32, a, b), mul(a, b), `ref mul ${hex(a)} ${hex(b)}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('rounds integers like Math.fround', () => {
    for (const v of [0n, 1n, 16777217n, 16777219n, -16777217n, 2147483647n, -2147483648n, 33554435n]) {
      expectSameFloat(fp32, refFromInt(fp32, v), f32ToBits(Math.fround(Number(v))), `ref int ${v}`);
    }
  });

  it('rounds ties to even and carries out of the significand', () => {
    // 1 + 2^-24 is a tie between 1 and 1 + 2^-23: even wins (1); 1 + 3 * 2^-24 rounds up to 1 + 2^-22.
    expectSameFloat(fp32, roundExact(fp32, 0, (1n << 24n) + 1n, -24), 0x3f800000n, 'tie down');
    expectSameFloat(fp32, roundExact(fp32, 0, (1n << 24n) + 3n, -24), 0x3f800002n, 'tie up');
    expectSameFloat(fp32, roundExact(fp32, 0, (1n << 25n) - 1n, -24), 0x40000000n, 'carry out');
  });
});
