// Shared building blocks made only FROM the Arith primitives, so the hardware gets them for free.
import type { Arith } from './arith.js';

/** ceil(log2(n)) for n >= 1: the number of bits needed to count 0..n-1. */
export function clog2(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`clog2 of ${n}`);
  let b = 0;
  while (2 ** b < n) b++;
  return b;
}

/** Width of a leading-zero count for a w-bit value: ceil(log2(w+1)) bits hold 0..w. */
export function countWidth(w: number): number {
  return Math.max(1, clog2(w + 1));
}

export function zeros<V>(ar: Arith<V>, width: number): V {
  return ar.constant(0n, width);
}

export function ones<V>(ar: Arith<V>, width: number): V {
  return ar.constant((1n << BigInt(width)) - 1n, width);
}

/** A constant from a possibly negative integer, in two's complement. */
export function signedConst<V>(ar: Arith<V>, value: number | bigint, width: number): V {
  const v = BigInt(value);
  const lim = 1n << BigInt(width - 1);
  if (v < -lim || v >= lim) throw new RangeError(`signed constant ${v} does not fit ${width} bits`);
  return ar.constant(v < 0n ? v + (lim << 1n) : v, width);
}

/** Sign extension (two's complement) to a width >= the current one. */
export function sext<V>(ar: Arith<V>, v: V, width: number): V {
  const w = ar.width(v);
  if (width === w) return v;
  return ar.concat(ar.repeat(ar.bit(v, w - 1), width - w), v);
}

/** Two's complement negation, same width. */
export function negate<V>(ar: Arith<V>, v: V): V {
  return ar.sub(zeros(ar, ar.width(v)), v);
}

/** Signed less-than: flipping both sign bits turns it into an unsigned compare. */
export function lts<V>(ar: Arith<V>, a: V, b: V): V {
  const w = ar.width(a);
  const flip = ar.constant(1n << BigInt(w - 1), w);
  return ar.ltu(ar.xor(a, flip), ar.xor(b, flip));
}

/** Signed a <= b. */
export function les<V>(ar: Arith<V>, a: V, b: V): V {
  return ar.not(lts(ar, b, a));
}

/** Resize an unsigned value: zero-extend or truncate to `width`. */
export function resize<V>(ar: Arith<V>, v: V, width: number): V {
  const w = ar.width(v);
  return width >= w ? ar.zext(v, width) : ar.trunc(v, width);
}

/**
 * Left-normalize v: shift it left until its top bit is 1, returning the shifted value and the shift
 * count (width countWidth(w)). A zero input gives count = w and shifted = 0. This is the log-depth
 * leading-zero counter and the normalization shifter in one: each step tests the top 2^k bits.
 */
export function normalizeLeft<V>(ar: Arith<V>, v: V): { shifted: V; count: V } {
  const w = ar.width(v);
  const levels = countWidth(w);
  const padded = 2 ** levels; // > w: zero padding below v, so shifted-in bits are zeros
  let x = ar.concat(v, zeros(ar, padded - w));
  const countBits: V[] = [];
  for (let k = levels - 1; k >= 0; k--) {
    const s = 2 ** k;
    const topZero = ar.not(ar.orReduce(ar.slice(x, padded - 1, padded - s)));
    x = ar.mux(topZero, ar.shl(x, s), x);
    countBits.push(topZero);
  }
  // A zero input would count padded-1; the contract says w.
  const isZero = ar.not(ar.orReduce(v));
  const count = ar.mux(isZero, ar.constant(BigInt(w), levels), ar.concat(...countBits));
  return { shifted: ar.slice(x, padded - 1, padded - w), count };
}

/** Count of leading zeros, width ceil(log2(w+1)); w for a zero input. */
export function leadingZeros<V>(ar: Arith<V>, v: V): V {
  return normalizeLeft(ar, v).count;
}

/**
 * Logical right shift by a variable amount with the shifted-out bits ORed into the result's LSB
 * ("jamming"), so rounding still sees that something nonzero was lost.
 */
export function shrSticky<V>(ar: Arith<V>, v: V, amount: V): V {
  const w = ar.width(v);
  const lost = ar.and(v, ar.not(ar.shlVar(ones(ar, w), amount)));
  const shifted = ar.shrVar(v, amount);
  return ar.or(shifted, ar.zext(ar.orReduce(lost), w));
}
