// Hyperbolic tangent, odd: tanh(-a) = -tanh(a), computed on a = |x| by one of three paths, all in
// hardware side by side and selected by a's exponent:
//  - a < 1/8: a (1 - z/3 + 2z^2/15 - 17z^3/315 + 62z^4/2835), z = a^2 (Taylor; the next term is
//    below 2^-36 relative);
//  - 1/8 <= a < 2^K: (1 - u)/(1 + u) with u = e^(-2a) = 2^(-2a log2 e) from the shared fixed-point
//    exp core and the quotient by the Newton-Raphson reciprocal core;
//  - a >= 2^K, where tanh rounds to 1 in the format: +-1.
// Specials: NaN -> NaN, +-inf -> +-1, +-0 -> +-0.
import type { Arith } from '../arith/arith.js';
import { clog2, normalizeLeft } from '../arith/helpers.js';
import { Pipeline } from '../arith/pipeline.js';
import { nanValue, oneValue } from './constants.js';
import { expDegree, expPoly, splitLog2 } from './fixed-exp.js';
import { fixedReciprocal, recipSteps } from './fixed-recip.js';
import { fxMul, fxRational } from './fixed.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { normalizeInput } from './normalized.js';
import { roundPack } from './round-pack.js';
import { toFixedMagnitude } from './exp.js';
import { unpack } from './unpack.js';

export const tanhFracBits = (f: FloatFormat): number => f.mantBits + 12;
export const tanhCutPoints = ['fixed', 'split', 'poly', 'quotient'] as const;

/** Smallest K with tanh(2^K) rounding to 1: 1 - tanh(a) ~ 2 e^(-2a) below a quarter ulp of 1. */
export function tanhSaturationLog2(f: FloatFormat): number {
  return clog2(Math.ceil(((f.mantBits + 3) * Math.LN2) / 2) + 1);
}

export function fpTanh<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(tanhCutPoints)): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const frac = tanhFracBits(f);
  const k = tanhSaturationLog2(f);
  const u = unpack(ar, f, x);
  const b = BigInt(bias(f));
  const field = ar.zext(u.expField, ew);
  const small = ar.ltu(field, ar.constant(b - 3n, ew)); // a < 1/8
  const saturates = ar.geu(field, ar.constant(b + BigInt(k), ew)); // a >= 2^K (and inf)
  const specialValue = ar.mux(u.isNaN, nanValue(ar, f), oneValue(ar, f, u.sign));

  // Small path, on the normalized significand so subnormals keep their precision.
  const nx = normalizeInput(ar, f, u);
  // a in fixed point with `frac` fraction bits; a < 1/8 so a^2 < 2^-6.
  const aw = frac + 1;
  const aFixed = ar.shrVar(ar.concat(nx.mant, ar.constant(0n, frac - m)), ar.sub(ar.constant(b, ew), nx.exp));
  const s1 = pipe.cut(ar, 'fixed', {
    special: ar.or(u.isNaN, saturates),
    specialValue,
    sign: u.sign,
    small,
    mant: nx.mant,
    exp: nx.exp,
    aFixed: ar.trunc(aFixed, aw),
    mag2: ar.shl(ar.zext(toFixedMagnitude(ar, f, u.sig, u.expEff, frac), f.expBits + frac + 1), 1), // 2a
  });

  const z = fxMul(ar, s1.aFixed, s1.aFixed, frac, aw);
  // 1 - z(1/3 - z(2/15 - z(17/315 - z 62/2835))): every bracket is positive.
  let g = fxRational(ar, 62n, 2835n, frac, aw);
  g = ar.sub(fxRational(ar, 17n, 315n, frac, aw), fxMul(ar, z, g, frac, aw));
  g = ar.sub(fxRational(ar, 2n, 15n, frac, aw), fxMul(ar, z, g, frac, aw));
  g = ar.sub(fxRational(ar, 1n, 3n, frac, aw), fxMul(ar, z, g, frac, aw));
  g = ar.sub(ar.constant(1n << BigInt(frac), aw), fxMul(ar, z, g, frac, aw));

  // Middle path: 2a < 2^(K+1) fits expBits+1 integer bits for every format we accept.
  const intBits = f.expBits + 1;
  if (k + 1 > intBits) throw new RangeError('tanh: saturation bound exceeds the fixed-point range');
  const split = splitLog2(ar, s1.mag2, intBits, frac);
  const s2 = pipe.cut(ar, 'split', {
    special: s1.special,
    specialValue: s1.specialValue,
    sign: s1.sign,
    small: s1.small,
    mant: s1.mant,
    exp: s1.exp,
    g,
    n: split.n,
    y: split.y,
    below: split.below,
  });
  // u = 2^-T = e^(-+y) 2^-n (fixed point, `frac` fraction bits).
  const p = expPoly(ar, s2.y, ar.not(s2.below), frac, expDegree(frac - 2));
  const uFixed = ar.shrVar(ar.zext(p, frac + 2), s2.n);
  const s3 = pipe.cut(ar, 'poly', {
    special: s2.special,
    specialValue: s2.specialValue,
    sign: s2.sign,
    small: s2.small,
    mant: s2.mant,
    exp: s2.exp,
    g: s2.g,
    uFixed,
  });
  const oneFixed = ar.constant(1n << BigInt(frac), frac + 2);
  const num = ar.sub(oneFixed, s3.uFixed);
  const den = ar.add(oneFixed, s3.uFixed);
  const q = fxMul(ar, num, fixedReciprocal(ar, den, frac, recipSteps(frac - 3)), frac, frac + 1);
  const smallProduct = ar.mul(s3.mant, s3.g); // value 2^(1 - count) at the top bit, times 2^(exp - bias)
  const s4 = pipe.cut(ar, 'quotient', {
    special: s3.special,
    specialValue: s3.specialValue,
    sign: s3.sign,
    small: s3.small,
    exp: s3.exp,
    q,
    smallProduct,
  });

  const smallNorm = normalizeLeft(ar, s4.smallProduct);
  const smallExp = ar.sub(ar.add(s4.exp, ar.constant(1n, ew)), ar.zext(smallNorm.count, ew));
  const smallOut = roundPack(ar, f, s4.sign, smallExp, smallNorm.shifted);
  const midNorm = normalizeLeft(ar, s4.q);
  const midExp = ar.sub(ar.constant(b, ew), ar.zext(midNorm.count, ew));
  const midOut = roundPack(ar, f, s4.sign, midExp, midNorm.shifted);
  return ar.mux(s4.special, s4.specialValue, ar.mux(s4.small, smallOut, midOut));
}
