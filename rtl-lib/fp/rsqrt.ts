// Reciprocal square root 1/sqrt(x). The exponent is made even by doubling the significand when it is
// odd, so d is in [1, 4); a two-segment linear start ([1,2) and [2,4), coefficients fitted at
// elaboration time) is refined by Newton-Raphson y <- y (3 - d y^2) / 2 in fixed point.
// Specials: NaN and x < 0 (including -inf) -> NaN, +0 -> +inf, -0 -> -inf, +inf -> +0.
import type { Arith } from '../arith/arith.js';
import { negate, normalizeLeft } from '../arith/helpers.js';
import { Pipeline } from '../arith/pipeline.js';
import { infValue, nanValue, zeroValue } from './constants.js';
import { fxConst, fxMul, sar1 } from './fixed.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { normalizeInput } from './normalized.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';

export const rsqrtFracBits = (f: FloatFormat): number => f.mantBits + 8;

export interface LinearStart {
  c0: number;
  c1: number;
  maxRelError: number;
}

/** y0 = c0 - c1 d on [lo, hi]: the chord of the convex 1/sqrt, lowered to balance the relative error. */
function fitStart(lo: number, hi: number): LinearStart {
  const f = (d: number) => 1 / Math.sqrt(d);
  const c1 = (f(lo) - f(hi)) / (hi - lo);
  const chord0 = f(lo) + c1 * lo;
  const rel = (c0: number) => {
    let worst = 0;
    for (let i = 0; i <= 2000; i++) {
      const d = lo + ((hi - lo) * i) / 2000;
      worst = Math.max(worst, Math.abs((c0 - c1 * d) / f(d) - 1));
    }
    return worst;
  };
  // Golden-section search of the offset that minimizes the worst relative error.
  let a = chord0 - 0.2;
  let b = chord0;
  for (let i = 0; i < 80; i++) {
    const m1 = b - (b - a) * 0.618;
    const m2 = a + (b - a) * 0.618;
    if (rel(m1) < rel(m2)) b = m2;
    else a = m1;
  }
  const c0 = (a + b) / 2;
  return { c0, c1, maxRelError: rel(c0) };
}

const starts = [fitStart(1, 2), fitStart(2, 4)] as const;
/** The linear start's coefficients (y0 = c0 - c1 d) on [1, 2) and [2, 4), for the fast model. */
export const rsqrtStarts: readonly [LinearStart, LinearStart] = starts;

export function rsqrtSteps(bits: number): number {
  let e = Math.max(starts[0].maxRelError, starts[1].maxRelError) * 1.05;
  let k = 0;
  while (e > 2 ** -bits) {
    e = 1.5 * e * e + e * e * e;
    k++;
  }
  return k;
}

export function rsqrtCutPoints(f: FloatFormat): string[] {
  return [
    'unpack',
    'start',
    ...Array.from({ length: rsqrtSteps(f.mantBits + 5) }, (_, k) => `newton${k + 1}`),
    'normalize',
    'round',
  ];
}

export function fpRsqrt<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(rsqrtCutPoints(f))): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const frac = rsqrtFracBits(f);
  const dw = frac + 3; // d < 4
  const u = unpack(ar, f, x);
  const negativeNonzero = ar.and(u.sign, ar.not(u.isZero));
  const special = ar.or(ar.or(u.expMax, u.isZero), negativeNonzero);
  const specialValue = ar.mux(
    ar.or(u.isNaN, negativeNonzero),
    nanValue(ar, f),
    ar.mux(u.isInf, zeroValue(ar, f, u.sign), infValue(ar, f, u.sign)),
  );
  const nx = normalizeInput(ar, f, u);
  const unbiased = ar.sub(nx.exp, ar.constant(BigInt(bias(f)), ew));
  const odd = ar.bit(unbiased, 0);
  // x = d 2^even with d in [1,4): 1/sqrt(x) = (1/sqrt(d)) 2^(-even/2).
  const even = ar.sub(unbiased, ar.zext(odd, ew));
  const expOut = ar.add(ar.constant(BigInt(bias(f)), ew), sar1(ar, negate(ar, even)));
  const d1 = ar.concat(ar.constant(0n, 2), nx.mant, ar.constant(0n, frac - m));
  const s0 = pipe.cut(ar, 'unpack', { special, specialValue, expOut, odd, d: ar.mux(odd, ar.shl(d1, 1), d1) });
  const coef = (k: 'c0' | 'c1') =>
    ar.mux(s0.odd, fxConst(ar, starts[1][k], frac, dw), fxConst(ar, starts[0][k], frac, dw));
  const y0 = ar.trunc(ar.sub(coef('c0'), fxMul(ar, coef('c1'), s0.d, frac, dw)), frac + 1);
  let s = pipe.cut(ar, 'start', {
    special: s0.special,
    specialValue: s0.specialValue,
    expOut: s0.expOut,
    d: s0.d,
    y: ar.named(y0, 'rsqrt_start'),
  });

  const three = ar.constant(3n << BigInt(frac), frac + 2);
  const steps = rsqrtSteps(m + 5);
  for (let k = 0; k < steps; k++) {
    const y2 = fxMul(ar, s.y, s.y, frac, frac + 1);
    const dy2 = fxMul(ar, s.d, y2, frac, frac + 2); // near 1
    const y = fxMul(ar, s.y, ar.sub(three, dy2), frac + 1, frac + 1);
    s = pipe.cut(ar, `newton${k + 1}`, { ...s, y });
  }
  const norm = normalizeLeft(ar, s.y);
  const n = pipe.cut(ar, 'normalize', {
    special: s.special,
    specialValue: s.specialValue,
    exp: ar.sub(s.expOut, ar.zext(norm.count, ew)),
    sig: ar.named(norm.shifted, 'rsqrt_normalized'),
  });
  return roundPack(ar, f, ar.constant(0n, 1), n.exp, n.sig, { pipe, special: n.special, specialValue: n.specialValue });
}
