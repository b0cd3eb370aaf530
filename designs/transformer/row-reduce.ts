// The one order of every FP32 row reduction (softmax sums, LayerNorm sums, their backward sums):
// lane-parallel, so that a vector unit with pipelined adders can keep every lane busy and still give
// the model's bits (docs/vector-unit.md, "Reduction order").
//
//   partial[k] = +0 for k < W;  for j = 0..n-1 ascending: partial[j mod W] = r(partial[j mod W] + x_j)
//   then a fixed halving tree: for h = W/2, W/4, .., 1: partial[k] = r(partial[k] + partial[k + h]), k < h
//   sum = partial[0]
//
// W = ROW_SUM_WAYS = 64 at the FP32 level. Hardware with L lanes (L a power of two dividing W) puts
// partial k in lane k mod L and cycles each lane through its W/L partials, so an adder loop of up to W/L
// cycles never stalls (8 lanes: 8 cycles); the tree's first levels (h >= L) stay inside a lane, the last
// log2(L) cross lanes. The float64 reference keeps its sequential sum (W = 1: one partial, no tree).
//
// Signed zeros: a partial starts at +0 and r(+0 + -0) = +0, exact cancellation gives +0, so no partial is
// ever -0 and the sum of a row of -0 is +0, as in the sequential order.
import type { Precision, Round } from './precision.js';

export const ROW_SUM_WAYS = 64;

/** Partials of one row sum in level `P`: W = ROW_SUM_WAYS at FP32, 1 (sequential) at float64. */
export const rowSumWays = (P: Precision): number => (P.name === 'fp32' ? ROW_SUM_WAYS : 1);

/** Scratch for `ways` partials, all +0 (reuse it across rows with resetPartials). */
export const newPartials = (ways: number): Float64Array => new Float64Array(ways);

export function resetPartials(partials: Float64Array): void {
  partials.fill(0);
}

/** The halving tree over the partials (length a power of two); returns the row's sum, partials consumed. */
export function combinePartials(r: Round, partials: Float64Array): number {
  for (let h = partials.length >> 1; h >= 1; h >>= 1)
    for (let k = 0; k < h; k++) partials[k] = r(partials[k]! + partials[k + h]!);
  return partials[0]!;
}

/** The sum of x[o..o+n) in level P's row-sum order. */
export function rowSum(P: Precision, x: ArrayLike<number>, o: number, n: number): number {
  const part = newPartials(rowSumWays(P)),
    mask = part.length - 1;
  for (let j = 0; j < n; j++) part[j & mask] = P.r(part[j & mask]! + x[o + j]!);
  return combinePartials(P.r, part);
}

/**
 * Row maximum as the IEEE 754-2019 maximum (Math.max, rtl-lib/fp's max unit): -0 < +0, and a NaN
 * anywhere makes the maximum NaN. That operation is commutative and associative, so lanes may take
 * their maxima in any order and combine them in any tree; the start value is -Infinity.
 */
export function rowMax(x: ArrayLike<number>, o: number, n: number): number {
  let m = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < n; j++) m = Math.max(m, x[o + j]!);
  return m;
}
