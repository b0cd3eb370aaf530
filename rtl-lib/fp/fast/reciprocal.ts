// Fast model of the fp32 reciprocal unit (rtl-lib/fp/reciprocal.ts): normalization, the Newton-Raphson
// core on plain numbers and one Math.fround of the exact fixed-point result, bit for bit.
import { recipSteps } from '../fixed-recip.js';
import { fp32 } from '../format.js';
import { recipFracBits } from '../reciprocal.js';
import { pow2 } from './exact-int.js';
import { patternOf, sigLeadingZeros } from './f32-fields.js';
import { fixedReciprocal, recipCore } from './fixed-recip.js';

const FRAC = recipFracBits(fp32);
const core = recipCore(FRAC, recipSteps(fp32.mantBits + 5));

/** 1/x for a float32 x, as the unit computes it. */
export function fastReciprocal(x: number): number {
  const b = patternOf(x);
  const sign = b >>> 31;
  const field = (b >>> 23) & 0xff;
  const frac = b & 0x7fffff;
  if (field === 0xff) return frac !== 0 ? Number.NaN : sign === 1 ? -0 : 0;
  if (field === 0 && frac === 0) return sign === 1 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const sig = field === 0 ? frac : frac + 0x800000;
  const count = sigLeadingZeros(sig);
  const exp = (field === 0 ? 1 : field) - count;
  const y = fixedReciprocal(core, sig * pow2(count + FRAC - 23));
  // 1/x = y 2^(bias - exp), y with FRAC fraction bits.
  const v = y * pow2(127 - exp - FRAC);
  return Math.fround(sign === 1 ? -v : v);
}
