// Reciprocal 1/x: normalize, Newton-Raphson on the significand in fixed point (fixed-recip.ts), one
// normalization of the result and the shared rounding. Specials: 1/+-0 = +-inf, 1/+-inf = +-0,
// NaN -> NaN. Results below the normal range come out subnormal; 1/(tiny subnormal) overflows to inf.
import type { Arith } from '../arith/arith.js';
import { normalizeLeft } from '../arith/helpers.js';
import { Pipeline } from '../arith/pipeline.js';
import { infValue, nanValue, zeroValue } from './constants.js';
import { recipSteps, fixedReciprocal } from './fixed-recip.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { normalizeInput } from './normalized.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';

/** Fraction bits of the fixed-point datapath: 8 guard bits absorb the truncation of each step. */
export const recipFracBits = (f: FloatFormat): number => f.mantBits + 8;

export function reciprocalCutPoints(f: FloatFormat): string[] {
  const steps = recipSteps(f.mantBits + 5);
  return ['unpack', ...Array.from({ length: steps }, (_, k) => `newton${k + 1}`), 'normalize', 'round'];
}

export function fpReciprocal<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(reciprocalCutPoints(f))): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const frac = recipFracBits(f);
  const u = unpack(ar, f, x);
  const special = ar.or(u.expMax, u.isZero);
  const specialValue = ar.mux(
    u.isNaN,
    nanValue(ar, f),
    ar.mux(u.isInf, zeroValue(ar, f, u.sign), infValue(ar, f, u.sign)),
  );
  const nx = normalizeInput(ar, f, u);
  // 1/(d 2^(e-bias)) = (1/d) 2^(bias-e): biased result exponent 2 bias - e before normalization.
  const expOut = ar.sub(ar.constant(BigInt(2 * bias(f)), ew), nx.exp);
  const s1 = pipe.cut(ar, 'unpack', {
    special,
    specialValue,
    sign: u.sign,
    expOut,
    d: ar.concat(ar.constant(0n, 1), nx.mant, ar.constant(0n, frac - m)),
  });
  let carried = { special: s1.special, specialValue: s1.specialValue, sign: s1.sign, expOut: s1.expOut };
  const y = fixedReciprocal(ar, s1.d, frac, recipSteps(m + 5), (state, k) => {
    const { d, y: yk, ...rest } = pipe.cut(ar, `newton${k + 1}`, { ...carried, ...state });
    carried = rest;
    return { d, y: yk };
  });
  const norm = normalizeLeft(ar, y);
  const s = pipe.cut(ar, 'normalize', {
    special: carried.special,
    specialValue: carried.specialValue,
    sign: carried.sign,
    exp: ar.sub(carried.expOut, ar.zext(norm.count, ew)),
    sig: ar.named(norm.shifted, 'recip_normalized'),
  });
  return roundPack(ar, f, s.sign, s.exp, s.sig, { pipe, special: s.special, specialValue: s.specialValue });
}
