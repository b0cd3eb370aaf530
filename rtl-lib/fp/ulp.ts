// Error of a result in units in the last place of the format, against a float64 reference: the
// measure the nonlinear units are documented with.
import { type FloatFormat, bias, maxExpField } from './format.js';

/** The value of a bit pattern as a float64 (exact for every format with mantBits <= 52). */
export function decode(f: FloatFormat, x: bigint): number {
  const m = f.mantBits;
  const sign = (x >> BigInt(f.expBits + m)) & 1n ? -1 : 1;
  const e = Number((x >> BigInt(m)) & BigInt(maxExpField(f)));
  const frac = Number(x & ((1n << BigInt(m)) - 1n));
  if (e === maxExpField(f)) return frac === 0 ? sign * Infinity : NaN;
  if (e === 0) return sign * frac * 2 ** (1 - bias(f) - m);
  return sign * (1 + frac / 2 ** m) * 2 ** (e - bias(f));
}

/** Spacing of representable numbers at |r| (subnormal spacing below the normal range). */
export function ulpAt(f: FloatFormat, r: number): number {
  const a = Math.abs(r);
  const emin = 1 - bias(f);
  const e = a === 0 ? emin : Math.max(emin, Math.floor(Math.log2(a)));
  return 2 ** (e - f.mantBits);
}

/**
 * |y - ref| in ulps of ref. Exact matches (including both NaN) give 0. An infinite y counts as exact
 * when ref is at or beyond the overflow threshold (largest finite + half an ulp), else as Infinity.
 */
export function ulpError(f: FloatFormat, y: number, ref: number): number {
  if (Number.isNaN(y) || Number.isNaN(ref)) return Number.isNaN(y) && Number.isNaN(ref) ? 0 : Infinity;
  if (y === ref) return 0;
  if (!Number.isFinite(y)) {
    const maxFinite = (2 - 2 ** -f.mantBits) * 2 ** bias(f);
    const threshold = maxFinite + ulpAt(f, maxFinite) / 2;
    return Math.sign(y) === Math.sign(ref) && Math.abs(ref) >= threshold ? 0 : Infinity;
  }
  if (!Number.isFinite(ref)) return Infinity;
  return Math.abs(y - ref) / ulpAt(f, ref);
}
