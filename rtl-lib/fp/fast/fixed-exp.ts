// The fixed-point exponential core of exp and tanh (rtl-lib/fp/fixed-exp.ts) on plain numbers: the split
// T = X log2(e) into n + r and the Taylor polynomial of e^(+-|r| ln2), with every product truncated and every
// register wrapped exactly as the unit does. The constants come from the unit's own generators.
import { bitsArith } from '../../arith/bits-arith.js';
import { fxConst, fxRational } from '../fixed.js';
import { mulShr, pow2, wrap } from './exact-int.js';

export interface ExpCore {
  readonly intBits: number;
  readonly frac: number;
  /** Fraction bits of the log2(e) constant. */
  readonly cFrac: number;
  readonly log2e: number;
  readonly ln2: number;
  /** 1/k! with `frac` fraction bits, k = 0 .. degree. */
  readonly coeffs: Float64Array;
  readonly degree: number;
}

export function expCore(intBits: number, frac: number, degree: number): ExpCore {
  const cFrac = frac + intBits + 2; // as splitLog2 chooses it
  const coeffs = new Float64Array(degree + 1);
  let fact = 1n;
  for (let k = 0; k <= degree; k++) {
    if (k > 1) fact *= BigInt(k);
    coeffs[k] = Number(fxRational(bitsArith, 1n, fact, frac, frac + 1).value);
  }
  return {
    intBits,
    frac,
    cFrac,
    log2e: Number(fxConst(bitsArith, Math.LOG2E, cFrac, cFrac + 1).value),
    ln2: Number(fxConst(bitsArith, Math.LN2, frac, frac + 1).value),
    coeffs,
    degree,
  };
}

/** The last splitLog2 result (one shared record: no allocation per call). */
export const split = { n: 0, y: 0, below: 0 };

/** splitLog2 of X (intBits integer and frac fraction bits): n = round(X log2 e), y = |T - n| ln2, below. */
export function splitLog2(c: ExpCore, x: number): void {
  const frac = c.frac;
  const t = wrap(mulShr(x, c.log2e, c.cFrac), c.intBits + frac + 1);
  const fracPart = wrap(t, frac);
  const below = Math.floor(t * pow2(1 - frac)) & 1;
  split.below = below;
  split.n = wrap(Math.floor(t * pow2(-frac)) + below, c.intBits + 1);
  const dist = below === 1 ? wrap(-fracPart, frac) : fracPart;
  split.y = wrap(mulShr(dist, c.ln2, frac), frac + 1);
}

/** e^y (negative false) or e^-y in Horner form, `frac` fraction bits. */
export function expPoly(c: ExpCore, y: number, negative: boolean): number {
  const frac = c.frac;
  const w = frac + 1;
  const coeffs = c.coeffs;
  let p = coeffs[c.degree]!;
  for (let k = c.degree - 1; k >= 0; k--) {
    const yp = wrap(mulShr(y, p, frac), w);
    p = wrap(negative ? coeffs[k]! - yp : coeffs[k]! + yp, w);
  }
  return p;
}
