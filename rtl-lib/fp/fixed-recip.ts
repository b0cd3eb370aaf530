// Fixed-point reciprocal by Newton-Raphson, table-free: y0 = 24/17 - 8/17 d is the minimax linear
// start on [1, 2] (relative error <= 1/17), and each step y <- y (2 - d y) squares the error.
import type { Arith } from '../arith/arith.js';
import { fxMul, fxRational } from './fixed.js';

/** Steps needed to bring the 1/17 start below 2^-bits (truncation error is covered by the caller's guard bits). */
export function recipSteps(bits: number): number {
  let err = 1 / 17;
  let k = 0;
  while (err > 2 ** -bits) {
    err = err * err;
    k++;
  }
  return k;
}

/**
 * 1/d for d in [1, 2] given with `frac` fraction bits (width frac+2). Returns y in [0.5, 1] with
 * `frac` fraction bits (width frac+1), slightly below the true value (truncation only rounds down).
 * afterStart and afterStep let a pipelined caller register the loop state (and its own live values)
 * after the start value and after each step.
 */
export function fixedReciprocal<V>(
  ar: Arith<V>,
  d: V,
  frac: number,
  steps: number,
  afterStep: (state: { d: V; y: V }, k: number) => { d: V; y: V } = (s) => s,
  afterStart: (state: { d: V; y: V }) => { d: V; y: V } = (s) => s,
): V {
  const w = frac + 2;
  if (ar.width(d) !== w) throw new RangeError(`fixedReciprocal: d must be ${w} bits`);
  const c0 = fxRational(ar, 24n, 17n, frac, w);
  const c1 = fxRational(ar, 8n, 17n, frac, w);
  let y: V;
  ({ d, y } = afterStart({ d, y: ar.sub(c0, fxMul(ar, c1, d, frac, w)) }));
  const two = ar.constant(2n << BigInt(frac), w);
  for (let k = 0; k < steps; k++) {
    const dy = fxMul(ar, d, y, frac, w); // near 1
    ({ d, y } = afterStep({ d, y: fxMul(ar, y, ar.sub(two, dy), frac, w) }, k));
  }
  return ar.trunc(y, frac + 1);
}
