// Fixed-point exponential core shared by exp and tanh: 2^T = 2^n * e^(r ln2) with n the nearest
// integer to T and |r| <= 1/2, and e^(+-y) for y = |r| ln2 <= 0.347 by a Taylor polynomial in Horner
// form. Every Horner bracket is positive for either sign, so the datapath stays unsigned.
import type { Arith } from '../arith/arith.js';
import { fxConst, fxMul, fxRational } from './fixed.js';

/** Lowest Taylor degree whose remainder e^y y^(n+1)/(n+1)! on y <= ln2/2 is below 2^-bits. */
export function expDegree(bits: number): number {
  const y = Math.LN2 / 2;
  let n = 1;
  let term = (y * y) / 2; // y^(n+1)/(n+1)!
  while (term * Math.exp(y) > 2 ** -bits) {
    n++;
    term *= y / (n + 1);
  }
  return n;
}

/** The Horner loop's state between steps: the argument, its sign and the partial polynomial. */
export interface HornerState<V> {
  y: V;
  negative: V;
  p: V;
}

/**
 * e^y (negative = 0) or e^-y (negative = 1) for y in [0, 0.35] with `frac` fraction bits (width
 * frac+1). Returns the value in [0.70, 1.42] with `frac` fraction bits (width frac+1).
 * afterStep lets a pipelined caller register the loop state (and its own live values) after Horner
 * step k (0-based; `degree` steps in all, the last one giving the result).
 */
export function expPoly<V>(
  ar: Arith<V>,
  y0: V,
  negative0: V,
  frac: number,
  degree: number,
  afterStep: (state: HornerState<V>, k: number) => HornerState<V> = (s) => s,
): V {
  let y = y0;
  let negative = negative0;
  const w = frac + 1;
  const coeff = (k: number): V => {
    let fact = 1n;
    for (let i = 2n; i <= BigInt(k); i++) fact *= i;
    return fxRational(ar, 1n, fact, frac, w);
  };
  let p = coeff(degree);
  for (let k = degree - 1; k >= 0; k--) {
    const yp = fxMul(ar, y, p, frac, w);
    ({ y, negative, p } = afterStep(
      { y, negative, p: ar.mux(negative, ar.sub(coeff(k), yp), ar.add(coeff(k), yp)) },
      degree - 1 - k,
    ));
  }
  return p;
}

export interface Log2Split<V> {
  /** round(T), unsigned, `intBits` wide. */
  n: V;
  /** |T - n| * ln2 with `frac` fraction bits (width frac+1), in [0, ln2/2]. */
  y: V;
  /** T - n < 0. */
  below: V;
}

/**
 * Given X >= 0 (intBits integer and frac fraction bits), T = X log2(e): split into the nearest
 * integer n and the reduced argument y = |T - n| ln2.
 */
export function splitLog2<V>(ar: Arith<V>, x: V, intBits: number, frac: number): Log2Split<V> {
  const xw = intBits + frac;
  if (ar.width(x) !== xw) throw new RangeError(`splitLog2: x must be ${xw} bits`);
  // log2(e) with enough bits that X's integer part does not magnify its error past 2^-frac.
  const cFrac = frac + intBits + 2;
  const t = fxMul(ar, x, fxConst(ar, Math.LOG2E, cFrac, cFrac + 1), cFrac, xw + 1); // T < 2^(intBits+1)
  const fracPart = ar.slice(t, frac - 1, 0);
  const below = ar.bit(t, frac - 1); // fraction >= 1/2: round up, remainder negative
  const n = ar.add(ar.slice(t, xw, frac), ar.zext(below, intBits + 1));
  const dist = ar.mux(below, ar.sub(ar.constant(0n, frac), fracPart), fracPart); // 1 - f, or f
  const rd = ar.zext(dist, frac + 1);
  const y = fxMul(ar, rd, fxConst(ar, Math.LN2, frac, frac + 1), frac, frac + 1);
  return { n, y, below };
}
