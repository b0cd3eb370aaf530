// Exact unsigned integer arithmetic on plain numbers for the fast models of the fixed-point units: the
// units' products reach 87 bits, past float64's 53, so a product is split into 24-bit limbs whose partial
// products are exact, and only the bits the unit keeps are put back together. No bigint: every value here
// is an integer below 2^53, where float64 arithmetic is exact.

/** 2^k for k in [-POW2_OFFSET, POW2_OFFSET]: a table lookup, exact, faster than 2 ** k. */
const POW2_OFFSET = 1100;
const POW2 = new Float64Array(2 * POW2_OFFSET + 1);
for (let k = -POW2_OFFSET; k <= POW2_OFFSET; k++) POW2[k + POW2_OFFSET] = 2 ** k;

export function pow2(k: number): number {
  return POW2[k + POW2_OFFSET]!;
}

const P24 = 2 ** 24;
const I24 = 2 ** -24;
const I48 = 2 ** -48;

/**
 * floor(a * b / 2^s) for integers a, b >= 0 with a, b < 2^52 and a * b < 2^100. Exact whenever the
 * quotient is below 2^53 (every call site's quotient is at most 46 bits).
 */
export function mulShr(a: number, b: number, s: number): number {
  const a1 = Math.floor(a * I24);
  const a0 = a - a1 * P24;
  const b1 = Math.floor(b * I24);
  const b0 = b - b1 * P24;
  const mid = a1 * b0 + a0 * b1; // < 2^53
  const midHi = Math.floor(mid * I24);
  const lo = a0 * b0 + (mid - midHi * P24) * P24; // < 2^49
  const hi = a1 * b1 + midHi; // a * b = hi 2^48 + lo, hi < 2^53
  if (s >= 48) return Math.floor((hi + Math.floor(lo * I48)) * pow2(48 - s));
  return hi * pow2(48 - s) + Math.floor(lo * pow2(-s));
}

/** x mod 2^w for an integer |x| < 2^53: the wrap-around of a w-bit register (negative x wraps too). */
export function wrap(x: number, w: number): number {
  return x - Math.floor(x * pow2(-w)) * pow2(w);
}

/**
 * floor(a * b / 2^shift) with the dropped bits ORed into its last bit ("round to odd"), for shift <= 26.
 * Rounding the result times 2^shift once to fp32 gives the correctly rounded a * b whenever it keeps at
 * least 26 significant bits (the fp32 round bit then lies above the jammed bit).
 */
export function mulJammed(a: number, b: number, shift: number): number {
  const q = mulShr(a, b, shift);
  // The dropped bits are a * b mod 2^shift, which only the operands' low bits decide.
  const dropped = wrap(wrap(a, shift) * wrap(b, shift), shift) !== 0;
  return dropped && wrap(q, 1) === 0 ? q + 1 : q;
}
