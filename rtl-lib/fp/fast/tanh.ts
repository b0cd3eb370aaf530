// Fast model of the fp32 tanh unit (rtl-lib/fp/tanh.ts) on plain numbers, bit for bit. The unit computes
// both paths side by side and selects one; here only the selected path runs:
//  - a < 1/8: a (1 - z/3 + ...) in fixed point, the 60-bit product jammed to 52 bits and rounded once;
//  - 1/8 <= a < 2^K: (1 - u)/(1 + u), u = e^(-2a) from the shared exp core, by the Newton-Raphson core;
//  - a >= 2^K: +-1.
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

/** tanh(x) for a float32 x, as the unit computes it. */
export function fastTanh(x: number): number {
  const b = patternOf(x);
  const sign = b >>> 31;
  const field = (b >>> 23) & 0xff;
  const frac = b & 0x7fffff;
  if (field >= SATURATION_FIELD) {
    if (field === 0xff && frac !== 0) return Number.NaN;
    return sign === 1 ? -1 : 1;
  }
  let v: number;
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
    v = mulJammed(mant, g, SMALL_DROP) * pow2(exp - 127 - 23 - FRAC + SMALL_DROP);
  } else {
    // 2a with FRAC fraction bits (exact: 1/8 <= a < 2^K).
    const mag2 = (frac + 0x800000) * pow2(field - (127 + 23 - FRAC) + 1);
    splitLog2(expCoreTanh, mag2);
    const p = expPoly(expCoreTanh, split.y, split.below === 0);
    const n = split.n;
    const u = n >= FRAC + 2 ? 0 : Math.floor(p * pow2(-n));
    const num = wrap(ONE - u, FRAC + 2);
    const q = wrap(mulShr(num, fixedReciprocal(recip, ONE + u), FRAC), FRAC + 1);
    v = q * pow2(-FRAC);
  }
  return Math.fround(sign === 1 ? -v : v);
}
