// Shared helpers of the float unit tests: bit-exact comparison with NaN-as-NaN, fp32 references
// through Math.fround, and fast-check generators of operands.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bitsToF32, f32ToBits } from '../../../rtl-lib/fp/f32-bits.js';
import { type FloatFormat, canonicalNaN, formatName, maxExpField, totalBits } from '../../../rtl-lib/fp/format.js';

export const hex = (x: bigint) => `0x${x.toString(16)}`;

export function isNaNBits(f: FloatFormat, x: bigint): boolean {
  const m = BigInt(f.mantBits);
  return ((x >> m) & BigInt(maxExpField(f))) === BigInt(maxExpField(f)) && (x & ((1n << m) - 1n)) !== 0n;
}

/** got must equal want bit for bit; a NaN want requires exactly the canonical NaN. */
export function sameFloat(f: FloatFormat, got: bigint, want: bigint): boolean {
  return isNaNBits(f, want) ? got === canonicalNaN(f) : got === want;
}

export function expectSameFloat(f: FloatFormat, got: bigint, want: bigint, what: string): void {
  if (!sameFloat(f, got, want)) assert.fail(`${formatName(f)} ${what}: got ${hex(got)}, want ${hex(want)}`);
}

/** The fp32 reference of a binary operation computed in float64 and rounded once by Math.fround. */
export function f32Ref(op: (x: number, y: number) => number): (a: bigint, b: bigint) => bigint {
  return (a, b) => f32ToBits(Math.fround(op(bitsToF32(a), bitsToF32(b))));
}

/** Uniform bit patterns of the format. */
export function arbBits(f: FloatFormat): fc.Arbitrary<bigint> {
  return fc.bigInt({ min: 0n, max: (1n << BigInt(totalBits(f))) - 1n });
}

/**
 * Pairs that stress the adder: half uniform, half with the second operand in the first's exponent
 * neighbourhood (same or adjacent exponent, random sign and fraction) to cause cancellation.
 */
export function arbPair(f: FloatFormat): fc.Arbitrary<[bigint, bigint]> {
  const m = BigInt(f.mantBits);
  const fracMask = (1n << m) - 1n;
  const expMask = BigInt(maxExpField(f));
  const near = fc
    .tuple(
      arbBits(f),
      fc.integer({ min: -2, max: 2 }),
      fc.bigInt({ min: 0n, max: fracMask }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([a, de, frac, flip, lowOnly]): [bigint, bigint] => {
      let e = ((a >> m) & expMask) + BigInt(de);
      if (e < 0n) e = 0n;
      if (e > expMask) e = expMask;
      // lowOnly: differ from a only in the low fraction bits, for deep cancellation.
      const fr = lowOnly ? (a & fracMask & ~0xfn) | (frac & 0xfn) : frac;
      const sign = (a >> (m + BigInt(f.expBits))) ^ (flip ? 1n : 0n);
      return [a, ((sign & 1n) << (m + BigInt(f.expBits))) | (e << m) | fr];
    });
  return fc.oneof(fc.tuple(arbBits(f), arbBits(f)), near);
}

export { bitsToF32, f32ToBits };
