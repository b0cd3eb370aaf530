// Unsigned fixed-point helpers for the nonlinear units. A fixed value is a plain bit vector whose
// binary point position (its number of fraction bits) is tracked by the caller.
import type { Arith } from '../arith/arith.js';
import { resize } from '../arith/helpers.js';

/** round(num/den * 2^frac) as a width-bit constant (exact bigint arithmetic). */
export function fxRational<V>(ar: Arith<V>, num: bigint, den: bigint, frac: number, width: number): V {
  const scaled = (num << BigInt(frac + 1)) / den;
  return ar.constant((scaled + 1n) >> 1n, width);
}

/**
 * round(x * 2^frac) for a float64 constant x >= 0. Only the 53 bits of x are known, so the request
 * is limited to what they can honestly provide.
 */
export function fxConst<V>(ar: Arith<V>, x: number, frac: number, width: number): V {
  if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`fxConst: bad constant ${x}`);
  const e = x === 0 ? 0 : Math.floor(Math.log2(x));
  if (frac + e > 60) throw new RangeError(`fxConst: ${frac} fraction bits exceed float64 precision for ${x}`);
  const hi = BigInt(Math.round(x * 2 ** (52 - e))); // exact: x * 2^k is exact in float64
  const shift = 52 - e - frac;
  const v = shift >= 0 ? (hi + (shift > 0 ? 1n << BigInt(shift - 1) : 0n)) >> BigInt(shift) : hi << BigInt(-shift);
  return ar.constant(v, width);
}

/** (a * b) >> shift, resized to `width` (the caller guarantees the value fits). */
export function fxMul<V>(ar: Arith<V>, a: V, b: V, shift: number, width: number): V {
  const p = ar.mul(a, b);
  return resize(ar, ar.shr(p, shift), width);
}

/** Shift right by one, keeping the sign (two's complement). */
export function sar1<V>(ar: Arith<V>, v: V): V {
  const w = ar.width(v);
  return ar.concat(ar.bit(v, w - 1), ar.slice(v, w - 1, 1));
}
