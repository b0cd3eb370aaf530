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
import { fixedShift, shiftToFixed } from './exp.js';
import { unpack } from './unpack.js';

export const tanhFracBits = (f: FloatFormat): number => f.mantBits + 12;
/** The Newton steps of the quotient's reciprocal and the Horner steps of e^(-2a)'s polynomial. */
export const tanhRecipSteps = (f: FloatFormat): number => recipSteps(tanhFracBits(f) - 3);
export const tanhHornerSteps = (f: FloatFormat): number => expDegree(tanhFracBits(f) - 2);

/**
 * unpack, fixed, split, horner1..horner(D-1) (Horner steps of e^(-2a), beside which the small path's
 * polynomial advances a step at a time), poly, scale (2^-n applied), start (reciprocal start value), newton1..newtonK,
 * quotient, normalize, round.
 */
export function tanhCutPoints(f: FloatFormat): string[] {
  const horner = Array.from({ length: tanhHornerSteps(f) - 1 }, (_, k) => `horner${k + 1}`);
  const newton = Array.from({ length: tanhRecipSteps(f) }, (_, k) => `newton${k + 1}`);
  return ['unpack', 'fixed', 'split', ...horner, 'poly', 'scale', 'start', ...newton, 'quotient', 'normalize', 'round'];
}

/** Smallest K with tanh(2^K) rounding to 1: 1 - tanh(a) ~ 2 e^(-2a) below a quarter ulp of 1. */
export function tanhSaturationLog2(f: FloatFormat): number {
  return clog2(Math.ceil(((f.mantBits + 3) * Math.LN2) / 2) + 1);
}

export function fpTanh<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(tanhCutPoints(f))): V {
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
  const shift = fixedShift(ar, f, u.expEff, frac);
  const s0 = pipe.cut(ar, 'unpack', {
    special: ar.or(u.isNaN, saturates),
    specialValue,
    sign: u.sign,
    small,
    mant: nx.mant,
    exp: nx.exp,
    sig: u.sig,
    k: shift.k,
    right: shift.right,
    rightBy: shift.rightBy,
  });
  // a in fixed point with `frac` fraction bits; a < 1/8 so a^2 < 2^-6.
  const aw = frac + 1;
  const aFixed = ar.shrVar(ar.concat(s0.mant, ar.constant(0n, frac - m)), ar.sub(ar.constant(b, ew), s0.exp));
  const s1 = pipe.cut(ar, 'fixed', {
    special: s0.special,
    specialValue: s0.specialValue,
    sign: s0.sign,
    small: s0.small,
    mant: s0.mant,
    exp: s0.exp,
    aFixed: ar.trunc(aFixed, aw),
    mag2: ar.shl(ar.zext(shiftToFixed(ar, f, s0.sig, s0, frac), f.expBits + frac + 1), 1), // 2a
  });

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
    z: ar.named(fxMul(ar, s1.aFixed, s1.aFixed, frac, aw), 'tanh_square'),
    n: split.n,
    y: split.y,
    below: split.below,
  });

  // Small path: 1 - z(1/3 - z(2/15 - z(17/315 - z 62/2835))), every bracket positive, one Horner step
  // beside each step of the middle path's polynomial.
  const gCoeffs: [bigint, bigint][] = [
    [17n, 315n],
    [2n, 15n],
    [1n, 3n],
    [1n, 1n],
  ];
  const gStep = (g: V, z: V, i: number): V => {
    const [num, den] = gCoeffs[i]!;
    return ar.sub(fxRational(ar, num, den, frac, aw), fxMul(ar, z, g, frac, aw));
  };
  const hornerSteps = tanhHornerSteps(f);
  if (hornerSteps < gCoeffs.length) throw new RangeError('tanh: fewer Horner steps than small-path terms');
  let carried = {
    special: s2.special,
    specialValue: s2.specialValue,
    sign: s2.sign,
    small: s2.small,
    mant: s2.mant,
    exp: s2.exp,
    z: s2.z,
    n: s2.n,
    g: fxRational(ar, 62n, 2835n, frac, aw),
  };
  // u = 2^-T = e^(-+y) 2^-n (fixed point, `frac` fraction bits).
  const p = expPoly(ar, s2.y, ar.not(s2.below), frac, hornerSteps, (state, step) => {
    const g = step < gCoeffs.length ? gStep(carried.g, carried.z, step) : carried.g;
    if (step === hornerSteps - 1) {
      carried = { ...carried, g };
      return state;
    }
    const {
      y,
      negative,
      p: pk,
      ...rest
    } = pipe.cut(ar, `horner${step + 1}`, {
      ...carried,
      g: ar.named(g, 'tanh_small_poly'),
      ...state,
      p: ar.named(state.p, 'tanh_horner'),
    });
    carried = rest;
    return { y, negative, p: pk };
  });
  const s3 = pipe.cut(ar, 'poly', {
    special: carried.special,
    specialValue: carried.specialValue,
    sign: carried.sign,
    small: carried.small,
    mant: carried.mant,
    exp: carried.exp,
    g: carried.g,
    n: carried.n,
    p: ar.named(p, 'tanh_exp_poly'),
  });
  const s3b = pipe.cut(ar, 'scale', {
    special: s3.special,
    specialValue: s3.specialValue,
    sign: s3.sign,
    small: s3.small,
    mant: s3.mant,
    exp: s3.exp,
    g: s3.g,
    uFixed: ar.named(ar.shrVar(ar.zext(s3.p, frac + 2), s3.n), 'tanh_exp_term'),
  });
  const oneFixed = ar.constant(1n << BigInt(frac), frac + 2);
  let quotientLive = {
    special: s3b.special,
    specialValue: s3b.specialValue,
    sign: s3b.sign,
    small: s3b.small,
    exp: s3b.exp,
    num: ar.named(ar.sub(oneFixed, s3b.uFixed), 'tanh_numerator'),
    smallProduct: ar.named(ar.mul(s3b.mant, s3b.g), 'tanh_small_product'), // value 2^(1 - count) at the top bit, times 2^(exp - bias)
  };
  const den = ar.add(oneFixed, s3b.uFixed);
  const recip = fixedReciprocal(
    ar,
    den,
    frac,
    tanhRecipSteps(f),
    (state, step) => {
      const { d, y, ...rest } = pipe.cut(ar, `newton${step + 1}`, { ...quotientLive, ...state });
      quotientLive = rest;
      return { d, y };
    },
    (state) => {
      const { d, y, ...rest } = pipe.cut(ar, 'start', { ...quotientLive, ...state });
      quotientLive = rest;
      return { d, y };
    },
  );
  // One normalization and one rounding for both paths: the narrower value is padded below with zeros,
  // which changes neither its leading zeros nor its sticky bit. The small path's top bit weighs
  // 2^(exp - bias + 1), the middle path's 2^0.
  const q = fxMul(ar, quotientLive.num, recip, frac, frac + 1);
  const sw = Math.max(ar.width(quotientLive.smallProduct), ar.width(q));
  const padBelow = (v: V): V => (ar.width(v) === sw ? v : ar.concat(v, ar.constant(0n, sw - ar.width(v))));
  const s4 = pipe.cut(ar, 'quotient', {
    special: quotientLive.special,
    specialValue: quotientLive.specialValue,
    sign: quotientLive.sign,
    topExp: ar.mux(quotientLive.small, ar.add(quotientLive.exp, ar.constant(1n, ew)), ar.constant(b, ew)),
    value: ar.named(ar.mux(quotientLive.small, padBelow(quotientLive.smallProduct), padBelow(q)), 'tanh_quotient'),
  });
  const norm = normalizeLeft(ar, s4.value);
  const s5 = pipe.cut(ar, 'normalize', {
    special: s4.special,
    specialValue: s4.specialValue,
    sign: s4.sign,
    exp: ar.sub(s4.topExp, ar.zext(norm.count, ew)),
    sig: ar.named(norm.shifted, 'tanh_normalized'),
  });
  return roundPack(ar, f, s5.sign, s5.exp, s5.sig, { pipe, special: s5.special, specialValue: s5.specialValue });
}
