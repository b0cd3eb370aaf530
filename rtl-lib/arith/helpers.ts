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
  return normalizeLeftFinish(ar, ar.width(v), normalizeLeftStart(ar, v, countWidth(ar.width(v))));
}

/** normalizeLeft's state after its first shift steps (largest first): a pipeline register may sit here. */
export interface PartialNormalize<V> {
  /** The operand padded to 2^countWidth(w) bits, shifted so far. */
  x: V;
  /** The count's high bits decided so far, one a step. */
  countHigh: V;
  isZero: V;
}

/** The first `steps` (1..countWidth(w)) of normalizeLeft's shift steps. */
export function normalizeLeftStart<V>(ar: Arith<V>, v: V, steps: number): PartialNormalize<V> {
  const w = ar.width(v);
  const levels = countWidth(w);
  if (!Number.isInteger(steps) || steps < 1 || steps > levels)
    throw new RangeError(`normalizeLeftStart: steps must be in 1..${levels}, got ${steps}`);
  const padded = 2 ** levels; // > w: zero padding below v, so shifted-in bits are zeros
  const x = ar.concat(v, zeros(ar, padded - w));
  const r = shiftSteps(ar, x, levels - 1, levels - steps);
  const isZero = ar.not(ar.orReduce(v));
  // (The count's concatenation is left unnamed: normalizeLeft's Verilog reads as it did before the split.)
  return { x: r.x, countHigh: r.bits.length === 1 ? r.bits[0]! : ar.concat(...r.bits), isZero };
}

/** The remaining shift steps of a normalizeLeft of a `w`-bit operand, and the result. */
export function normalizeLeftFinish<V>(ar: Arith<V>, w: number, p: PartialNormalize<V>): { shifted: V; count: V } {
  const levels = countWidth(w);
  const padded = 2 ** levels;
  const done = ar.width(p.countHigh);
  const r = shiftSteps(ar, p.x, levels - 1 - done, 0);
  // A zero input would count padded-1; the contract says w.
  const bits = r.bits.length ? ar.concat(p.countHigh, ...r.bits) : p.countHigh;
  const count = ar.mux(p.isZero, ar.constant(BigInt(w), levels), bits);
  return { shifted: ar.slice(r.x, padded - 1, padded - w), count };
}

/** Shift steps by 2^from .. 2^to (descending): shift left when the top 2^k bits are zero. */
function shiftSteps<V>(ar: Arith<V>, x0: V, from: number, to: number): { x: V; bits: V[] } {
  const padded = ar.width(x0);
  let x = x0;
  const bits: V[] = [];
  for (let k = from; k >= to; k--) {
    const s = 2 ** k;
    const topZero = ar.not(ar.orReduce(ar.slice(x, padded - 1, padded - s)));
    x = ar.mux(topZero, ar.shl(x, s), x);
    bits.push(topZero);
  }
  return { x, bits };
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
