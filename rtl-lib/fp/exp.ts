// Exponential e^x: |x| in fixed point (exact for every input that does not saturate), T = |x| log2 e
// split into the nearest integer n and r = T - n, e^(+-|r| ln2) by a Taylor polynomial
// (fixed-exp.ts), then 2^(+-n) goes into the exponent and the shared rounding handles overflow to
// inf and gradual underflow. Specials: NaN -> NaN, +inf -> +inf, -inf -> +0, +-0 -> 1.
import type { Arith } from '../arith/arith.js';
import { lts, negate, normalizeLeft, signedConst } from '../arith/helpers.js';
import { Pipeline } from '../arith/pipeline.js';
import { expDegree, expPoly, splitLog2 } from './fixed-exp.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';
import { infValue, nanValue, zeroValue } from './constants.js';

export const expFracBits = (f: FloatFormat): number => f.mantBits + 10;
/** Horner steps of exp's polynomial; the last one is the 'poly' cut. */
export const expHornerSteps = (f: FloatFormat): number => expDegree(f.mantBits + 5);

/** unpack (shift amount), fixed, split, horner1..horner(D-1) (Horner steps), poly, normalize, round. */
export function expCutPoints(f: FloatFormat): string[] {
  const inner = Array.from({ length: expHornerSteps(f) - 1 }, (_, k) => `horner${k + 1}`);
  return ['unpack', 'fixed', 'split', ...inner, 'poly', 'normalize', 'round'];
}

/** The shift that puts sig 2^(expEff - bias - m) at `frac` fraction bits: left by k (k >= 0), else right by -k. */
export function fixedShift<V>(ar: Arith<V>, f: FloatFormat, expEff: V, frac: number): { k: V; right: V; rightBy: V } {
  const ew = expWorkBits(f);
  const k = ar.sub(ar.zext(expEff, ew), signedConst(ar, bias(f) + f.mantBits - frac, ew));
  return { k, right: lts(ar, k, ar.constant(0n, ew)), rightBy: negate(ar, k) };
}

/** sig shifted as fixedShift says, into expBits integer and `frac` fraction bits (bits below 2^-frac dropped). */
export function shiftToFixed<V>(
  ar: Arith<V>,
  f: FloatFormat,
  sig: V,
  shift: { k: V; right: V; rightBy: V },
  frac: number,
): V {
  const wide = ar.zext(sig, f.expBits + frac);
  return ar.mux(shift.right, ar.shrVar(wide, shift.rightBy), ar.shlVar(wide, shift.k));
}

export function fpExp<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(expCutPoints(f))): V {
  const ew = expWorkBits(f);
  const frac = expFracBits(f);
  const intBits = f.expBits;
  const u = unpack(ar, f, x);
  // |x| >= 2^expBits over- or underflows in every format (e^(2^(E)) > 2^(2^(E-1)+...)): saturate.
  const saturates = ar.geu(u.expField, ar.constant(BigInt(bias(f) + intBits), f.expBits));
  const specialValue = ar.mux(
    u.isNaN,
    nanValue(ar, f),
    ar.mux(u.sign, zeroValue(ar, f, ar.constant(0n, 1)), infValue(ar, f, ar.constant(0n, 1))),
  );
  const shift = fixedShift(ar, f, u.expEff, frac);
  const s0 = pipe.cut(ar, 'unpack', {
    special: ar.or(u.isNaN, saturates),
    specialValue,
    sign: u.sign,
    sig: u.sig,
    k: shift.k,
    right: shift.right,
    rightBy: shift.rightBy,
  });
  const s1 = pipe.cut(ar, 'fixed', {
    special: s0.special,
    specialValue: s0.specialValue,
    sign: s0.sign,
    mag: ar.named(shiftToFixed(ar, f, s0.sig, s0, frac), 'exp_magnitude'),
  });
  const split = splitLog2(ar, s1.mag, intBits, frac);
  const s2 = pipe.cut(ar, 'split', {
    special: s1.special,
    specialValue: s1.specialValue,
    sign: s1.sign,
    n: split.n,
    y: split.y,
    negative: ar.xor(split.below, s1.sign),
  });
  const steps = expHornerSteps(f);
  let carried = { special: s2.special, specialValue: s2.specialValue, sign: s2.sign, n: s2.n };
  const p = expPoly(ar, s2.y, s2.negative, frac, steps, (state, k) => {
    if (k === steps - 1) return state;
    const {
      y,
      negative,
      p: pk,
      ...rest
    } = pipe.cut(ar, `horner${k + 1}`, { ...carried, ...state, p: ar.named(state.p, 'exp_horner') });
    carried = rest;
    return { y, negative, p: pk };
  });
  // e^x = p 2^(+-n): biased exponent bias +- n, minus the poly's normalization shift (0 or 1).
  const n = ar.zext(carried.n, ew);
  const s3 = pipe.cut(ar, 'poly', {
    special: carried.special,
    specialValue: carried.specialValue,
    expOut: ar.add(ar.constant(BigInt(bias(f)), ew), ar.mux(carried.sign, negate(ar, n), n)),
    p: ar.named(p, 'exp_poly'),
  });
  const norm = normalizeLeft(ar, s3.p);
  const s4 = pipe.cut(ar, 'normalize', {
    special: s3.special,
    specialValue: s3.specialValue,
    exp: ar.sub(s3.expOut, ar.zext(norm.count, ew)),
    sig: ar.named(norm.shifted, 'exp_normalized'),
  });
  return roundPack(ar, f, ar.constant(0n, 1), s4.exp, s4.sig, {
    pipe,
    special: s4.special,
    specialValue: s4.specialValue,
  });
}
