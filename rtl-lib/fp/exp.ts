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
export const expCutPoints = ['fixed', 'split', 'poly'] as const;

/**
 * |x| as a fixed-point number with expBits integer bits and `frac` fraction bits, valid when
 * |x| < 2^expBits (bits below 2^-frac are dropped).
 */
export function toFixedMagnitude<V>(ar: Arith<V>, f: FloatFormat, sig: V, expEff: V, frac: number): V {
  const ew = expWorkBits(f);
  const xw = f.expBits + frac;
  // x = sig 2^(expEff - bias - m): shift sig by k = expEff - bias - m + frac (left if k >= 0).
  const k = ar.sub(ar.zext(expEff, ew), signedConst(ar, bias(f) + f.mantBits - frac, ew));
  const shiftRight = lts(ar, k, ar.constant(0n, ew));
  const wide = ar.zext(sig, xw);
  return ar.mux(shiftRight, ar.shrVar(wide, negate(ar, k)), ar.shlVar(wide, k));
}

export function fpExp<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(expCutPoints)): V {
  const ew = expWorkBits(f);
  const frac = expFracBits(f);
  const intBits = f.expBits;
  const u = unpack(ar, f, x);
  // |x| >= 2^expBits over- or underflows in every format (e^(2^(E)) > 2^(2^(E-1)+...)): saturate.
  const saturates = ar.geu(u.expField, ar.constant(BigInt(bias(f) + intBits), f.expBits));
  const specialValue = ar.mux(u.isNaN, nanValue(ar, f), ar.mux(u.sign, zeroValue(ar, f, ar.constant(0n, 1)), infValue(ar, f, ar.constant(0n, 1))));
  const s1 = pipe.cut(ar, 'fixed', {
    special: ar.or(u.isNaN, saturates),
    specialValue,
    sign: u.sign,
    mag: toFixedMagnitude(ar, f, u.sig, u.expEff, frac),
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
  const p = expPoly(ar, s2.y, s2.negative, frac, expDegree(f.mantBits + 5));
  // e^x = p 2^(+-n): biased exponent bias +- n, minus the poly's normalization shift (0 or 1).
  const n = ar.zext(s2.n, ew);
  const s3 = pipe.cut(ar, 'poly', {
    special: s2.special,
    specialValue: s2.specialValue,
    expOut: ar.add(ar.constant(BigInt(bias(f)), ew), ar.mux(s2.sign, negate(ar, n), n)),
    p,
  });
  const norm = normalizeLeft(ar, s3.p);
  const exp = ar.sub(s3.expOut, ar.zext(norm.count, ew));
  return ar.mux(s3.special, s3.specialValue, roundPack(ar, f, ar.constant(0n, 1), exp, norm.shifted));
}
