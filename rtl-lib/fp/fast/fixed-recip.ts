// The Newton-Raphson fixed-point reciprocal (rtl-lib/fp/fixed-recip.ts) on plain numbers, shared by the
// fast reciprocal and tanh: the same start, steps, truncations and register widths as the unit.
import { bitsArith } from '../../arith/bits-arith.js';
import { fxRational } from '../fixed.js';
import { mulShr, pow2, wrap } from './exact-int.js';

export interface RecipCore {
  readonly frac: number;
  readonly steps: number;
  readonly c0: number;
  readonly c1: number;
  readonly two: number;
}

export function recipCore(frac: number, steps: number): RecipCore {
  const w = frac + 2;
  return {
    frac,
    steps,
    c0: Number(fxRational(bitsArith, 24n, 17n, frac, w).value),
    c1: Number(fxRational(bitsArith, 8n, 17n, frac, w).value),
    two: pow2(frac + 1),
  };
}

/** 1/d for d in [1, 2] with `frac` fraction bits (frac+2 wide); the result has frac+1 bits. */
export function fixedReciprocal(c: RecipCore, d: number): number {
  const frac = c.frac;
  const w = frac + 2;
  let y = wrap(c.c0 - wrap(mulShr(c.c1, d, frac), w), w);
  for (let k = 0; k < c.steps; k++) {
    const dy = wrap(mulShr(d, y, frac), w);
    y = wrap(mulShr(y, wrap(c.two - dy, w), frac), w);
  }
  return wrap(y, frac + 1);
}
