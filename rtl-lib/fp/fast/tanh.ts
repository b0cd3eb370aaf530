// Fast model of the fp32 tanh unit (rtl-lib/fp/tanh.ts) on plain numbers, bit for bit. exactTanh runs the
// unit's datapath; the unit computes both paths side by side and selects one, and here only the selected
// path runs:
//  - a < 1/8: a (1 - z/3 + ...) in fixed point, the 60-bit product jammed to 52 bits and rounded once;
//  - 1/8 <= a < 2^K: (1 - u)/(1 + u), u = e^(-2a) from the shared exp core, by the Newton-Raphson core;
//  - a >= 2^K: +-1.
// fastTanh first tries a shortcut: the unit's value before rounding is within MID_ERROR (absolute, middle
// path) or SMALL_ERROR (relative, small path) of tanh(a), so when float64 tanh(a) +- that bound rounds to
// one fp32 value, the unit rounds to it too (rounding is monotonic); otherwise (a few percent of inputs,
// near the midpoints between fp32 values) it runs the datapath. The bounds are 2.3-2.6x the largest error
// measured; npm run verify fast-tanh checks the shortcut against exactTanh on every positive input below
// saturation (tanh is odd and both apply the sign last).
import { bitsArith } from '../../arith/bits-arith.js';
import { fxRational } from '../fixed.js';
import { fp32 } from '../format.js';
import { tanhFracBits, tanhHornerSteps, tanhRecipSteps, tanhSaturationLog2 } from '../tanh.js';
import { mulJammed, mulShr, pow2, wrap } from './exact-int.js';
import { patternOf, sigLeadingZeros } from './f32-fields.js';
import { expCore, expPoly, split, splitLog2 } from './fixed-exp.js';
import { fixedReciprocal, recipCore } from './fixed-recip.js';

const FRAC = tanhFracBits(fp32);
const AW = FRAC + 1;
const SATURATION_FIELD = 127 + tanhSaturationLog2(fp32);
const expCoreTanh = expCore(fp32.expBits + 1, FRAC, tanhHornerSteps(fp32));
const recip = recipCore(FRAC, tanhRecipSteps(fp32));
const fx = (num: bigint, den: bigint): number => Number(fxRational(bitsArith, num, den, FRAC, AW).value);
/** The small path's Horner coefficients, innermost first: 62/2835, then 17/315, 2/15, 1/3, 1. */
const G_START = fx(62n, 2835n);
const G_COEFFS = new Float64Array([fx(17n, 315n), fx(2n, 15n), fx(1n, 3n), fx(1n, 1n)]);
const ONE = pow2(FRAC);
/** Bits of the small path's product dropped before rounding: 24 + 36 = 60 bits, 52 kept. */
const SMALL_DROP = 8;
/** |unit value before rounding - tanh(a)| < MID_ERROR for 1/8 <= a < 2^K (largest measured 2^-32.24). */
export const MID_ERROR = 2 ** -31;
/** |unit value / tanh(a) - 1| < SMALL_ERROR for a < 1/8 (largest measured 2^-34.39). */
export const SMALL_ERROR = 2 ** -33;

/** tanh(x) for a float32 x, as the unit computes it. */
export function fastTanh(x: number): number {
  const b = patternOf(x);
  const field = (b >>> 23) & 0xff;
  if (field >= SATURATION_FIELD) {
    if (field === 0xff && (b & 0x7fffff) !== 0) return Number.NaN;
    return b >>> 31 === 1 ? -1 : 1;
  }
  const a = Math.abs(x);
  const t = Math.tanh(a);
  const bound = field < 124 ? t * SMALL_ERROR : MID_ERROR;
  let v = Math.fround(t - bound);
  if (v !== Math.fround(t + bound)) v = Math.fround(tanhBeforeRounding(b));
  return b >>> 31 === 1 ? -v : v;
}

/**
 * The unit's exact value before its final rounding, |tanh| side (sign not applied), for a non-special
 * input pattern b (|x| below the saturation bound): an integer below 2^53 times a power of two.
 */
export function tanhBeforeRounding(b: number): number {
  const field = (b >>> 23) & 0xff;
  const frac = b & 0x7fffff;
  if (field < 124) {
    // a < 1/8 (zero and subnormals too), on the normalized significand.
    const sig = field === 0 ? frac : frac + 0x800000;
    const count = sigLeadingZeros(sig);
    const exp = (field === 0 ? 1 : field) - count;
    const mant = sig * pow2(count);
    // a with FRAC fraction bits: mant 2^(FRAC - 23) >> (bias - exp), zero once the shift passes the width.
    const shift = 127 - exp;
    const aFixed = shift >= AW ? 0 : Math.floor(mant * pow2(FRAC - 23 - shift));
    const z = wrap(mulShr(aFixed, aFixed, FRAC), AW);
    let g = G_START;
    for (let i = 0; i < G_COEFFS.length; i++) g = wrap(G_COEFFS[i]! - wrap(mulShr(z, g, FRAC), AW), AW);
    // a * g: the product mant g weighs 2^(exp - bias - 23 - FRAC).
    return mulJammed(mant, g, SMALL_DROP) * pow2(exp - 127 - 23 - FRAC + SMALL_DROP);
  }
  // 2a with FRAC fraction bits (exact: 1/8 <= a < 2^K).
  const mag2 = (frac + 0x800000) * pow2(field - (127 + 23 - FRAC) + 1);
  splitLog2(expCoreTanh, mag2);
  const p = expPoly(expCoreTanh, split.y, split.below === 0);
  const n = split.n;
  const u = n >= FRAC + 2 ? 0 : Math.floor(p * pow2(-n));
  const num = wrap(ONE - u, FRAC + 2);
  return wrap(mulShr(num, fixedReciprocal(recip, ONE + u), FRAC), FRAC + 1) * pow2(-FRAC);
}

/** tanh(x) for a float32 x, as the unit computes it: its whole datapath (the reference for fastTanh). */
export function exactTanh(x: number): number {
  const b = patternOf(x);
  const field = (b >>> 23) & 0xff;
  if (field >= SATURATION_FIELD) {
    if (field === 0xff && (b & 0x7fffff) !== 0) return Number.NaN;
    return b >>> 31 === 1 ? -1 : 1;
  }
  const v = Math.fround(tanhBeforeRounding(b));
  return b >>> 31 === 1 ? -v : v;
}
