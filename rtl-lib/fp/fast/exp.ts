// Fast model of the fp32 exp unit (rtl-lib/fp/exp.ts): the same fixed-point datapath on plain numbers,
// bit for bit, with the final rounding done by Math.fround of the exact fixed-point result (an integer
// below 2^35 times a power of two, so that one rounding is the unit's roundPack).
import { expFracBits, expHornerSteps } from '../exp.js';
import { fp32 } from '../format.js';
import { pow2 } from './exact-int.js';
import { patternOf } from './f32-fields.js';
import { expCore, expPoly, split, splitLog2 } from './fixed-exp.js';

const FRAC = expFracBits(fp32);
/** |x| >= 2^8 saturates; below it |x| is exact with 8 integer bits. */
const INT_BITS = fp32.expBits;
const core = expCore(INT_BITS, FRAC, expHornerSteps(fp32));
/** The shift that puts the significand at FRAC fraction bits: expEff - FIXED_BASE. */
const FIXED_BASE = 127 + 23 - FRAC;

/** e^x for a float32 x, as the unit computes it (a float32 value). */
export function fastExp(x: number): number {
  const b = patternOf(x);
  const sign = b >>> 31;
  const field = (b >>> 23) & 0xff;
  const frac = b & 0x7fffff;
  if (field >= 127 + INT_BITS) {
    if (field === 0xff && frac !== 0) return Number.NaN;
    return sign === 1 ? 0 : Number.POSITIVE_INFINITY;
  }
  const sig = field === 0 ? frac : frac + 0x800000;
  const k = (field === 0 ? 1 : field) - FIXED_BASE;
  const mag = k >= 0 ? sig * pow2(k) : Math.floor(sig * pow2(k));
  splitLog2(core, mag);
  const p = expPoly(core, split.y, (split.below ^ sign) === 1);
  // e^x = p 2^(+-n), p with FRAC fraction bits: exact in float64, rounded once.
  return Math.fround(p * pow2((sign === 1 ? -split.n : split.n) - FRAC));
}
