// Fast model of the fp32 reciprocal square root unit (rtl-lib/fp/rsqrt.ts): the even-exponent split, the
// two-segment linear start and the Newton-Raphson steps on plain numbers, one Math.fround at the end.
import { fxConst } from '../fixed.js';
import { fp32 } from '../format.js';
import { rsqrtFracBits, rsqrtStarts, rsqrtSteps } from '../rsqrt.js';
import { bitsArith } from '../../arith/bits-arith.js';
import { mulShr, pow2, wrap } from './exact-int.js';
import { patternOf, sigLeadingZeros } from './f32-fields.js';

const FRAC = rsqrtFracBits(fp32);
const DW = FRAC + 3;
const STEPS = rsqrtSteps(fp32.mantBits + 5);
const coef = (x: number): number => Number(fxConst(bitsArith, x, FRAC, DW).value);
const C0_EVEN = coef(rsqrtStarts[0].c0);
const C1_EVEN = coef(rsqrtStarts[0].c1);
const C0_ODD = coef(rsqrtStarts[1].c0);
const C1_ODD = coef(rsqrtStarts[1].c1);
const THREE = 3 * pow2(FRAC);

/** 1/sqrt(x) for a float32 x, as the unit computes it. */
export function fastRsqrt(x: number): number {
  const b = patternOf(x);
  const sign = b >>> 31;
  const field = (b >>> 23) & 0xff;
  const frac = b & 0x7fffff;
  const isZero = field === 0 && frac === 0;
  if (isZero) return sign === 1 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (field === 0xff || sign === 1) return field === 0xff && frac === 0 && sign === 0 ? 0 : Number.NaN;
  const sig = field === 0 ? frac : frac + 0x800000;
  const count = sigLeadingZeros(sig);
  const unbiased = (field === 0 ? 1 : field) - count - 127;
  const odd = unbiased & 1;
  // x = d 2^even, d in [1, 4) with FRAC fraction bits.
  const d = sig * pow2(count + FRAC - 23 + odd);
  const c0 = odd === 1 ? C0_ODD : C0_EVEN;
  const c1 = odd === 1 ? C1_ODD : C1_EVEN;
  let y = wrap(c0 - wrap(mulShr(c1, d, FRAC), DW), FRAC + 1);
  for (let k = 0; k < STEPS; k++) {
    const y2 = wrap(mulShr(y, y, FRAC), FRAC + 1);
    const dy2 = wrap(mulShr(d, y2, FRAC), FRAC + 2);
    y = wrap(mulShr(y, wrap(THREE - dy2, FRAC + 2), FRAC + 1), FRAC + 1);
  }
  return Math.fround(y * pow2(-(unbiased - odd) / 2 - FRAC));
}
