// Float64 merge of a chain of 3-way factors F_k [r_k, s_k, r_{k+1}] from either end, and its backward.
// The TT linear layer merges its input cores from the left and its output cores from the right; a TTM
// embedding row merges the selected core slices from the left.
import { matmul64 } from './dense64.js';

/** A float64 product C = op(A) op(B) (m x n, inner k) with the reference's per-output summation order. */
export type Matmul64 = (
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  transA: boolean,
  B: Float64Array,
  transB: boolean,
  C: Float64Array,
) => Float64Array;

// Every merge takes the product as its last argument: the reference's plain loops by default, the
// training hot path's blocked kernel (transformer/gemm64.ts, same bits) when it passes it.

/**
 * Left merge: P_0 = F_0, P_k[(s_0..s_k), r_{k+1}] = sum_r P_{k-1}[(s_0..s_{k-1}), r] F_k[r, s_k, r_{k+1}].
 * ranks[0] must be 1. Returns every prefix P_0..P_{n-1} (the backward needs them).
 */
export function leftMerge64(
  factors: Float64Array[],
  sizes: number[],
  ranks: number[],
  mm: Matmul64 = matmul64,
): Float64Array[] {
  const prefixes: Float64Array[] = [factors[0]!];
  let rows = sizes[0]!;
  for (let k = 1; k < factors.length; k++) {
    const cols = sizes[k]! * ranks[k + 1]!;
    prefixes.push(
      mm(rows, cols, ranks[k]!, prefixes[k - 1]!, false, factors[k]!, false, new Float64Array(rows * cols)),
    );
    rows *= sizes[k]!;
  }
  return prefixes;
}

/** Gradients of every factor given the gradient of the last prefix (rows x ranks[n]). */
export function leftMergeBackward64(
  factors: Float64Array[],
  prefixes: Float64Array[],
  sizes: number[],
  ranks: number[],
  gLast: Float64Array,
  mm: Matmul64 = matmul64,
): Float64Array[] {
  const n = factors.length;
  const grads = new Array<Float64Array>(n);
  let g = gLast;
  let rows = sizes.reduce((a, b) => a * b, 1);
  for (let k = n - 1; k >= 1; k--) {
    rows /= sizes[k]!;
    const cols = sizes[k]! * ranks[k + 1]!;
    // g viewed rows x cols; dF_k = P_{k-1}^T g; g_{k-1} = g F_k^T.
    grads[k] = mm(ranks[k]!, cols, rows, prefixes[k - 1]!, true, g, false, new Float64Array(ranks[k]! * cols));
    g = mm(rows, ranks[k]!, cols, g, false, factors[k]!, true, new Float64Array(rows * ranks[k]!));
  }
  grads[0] = g;
  return grads;
}

/**
 * Right merge: Q_{n-1} = F_{n-1}, Q_k[r_k, (s_k..s_{n-1})] = sum_r F_k[r_k, s_k, r] Q_{k+1}[r, ...].
 * ranks[n] must be 1. Returns Q_0..Q_{n-1} (index k holds the suffix starting at factor k).
 */
export function rightMerge64(
  factors: Float64Array[],
  sizes: number[],
  ranks: number[],
  mm: Matmul64 = matmul64,
): Float64Array[] {
  const n = factors.length;
  const suffixes = new Array<Float64Array>(n);
  suffixes[n - 1] = factors[n - 1]!;
  let cols = sizes[n - 1]!;
  for (let k = n - 2; k >= 0; k--) {
    const rows = ranks[k]! * sizes[k]!;
    suffixes[k] = mm(
      rows,
      cols,
      ranks[k + 1]!,
      factors[k]!,
      false,
      suffixes[k + 1]!,
      false,
      new Float64Array(rows * cols),
    );
    cols *= sizes[k]!;
  }
  return suffixes;
}

/** Gradients of every factor given the gradient of the first suffix (ranks[0] x cols). */
export function rightMergeBackward64(
  factors: Float64Array[],
  suffixes: Float64Array[],
  sizes: number[],
  ranks: number[],
  gFirst: Float64Array,
  mm: Matmul64 = matmul64,
): Float64Array[] {
  const n = factors.length;
  const grads = new Array<Float64Array>(n);
  let g = gFirst;
  let cols = sizes.reduce((a, b) => a * b, 1);
  for (let k = 0; k < n - 1; k++) {
    cols /= sizes[k]!;
    const rows = ranks[k]! * sizes[k]!;
    // g viewed rows x cols; dF_k = g Q_{k+1}^T; g_{k+1} = F_k^T g.
    grads[k] = mm(rows, ranks[k + 1]!, cols, g, false, suffixes[k + 1]!, true, new Float64Array(rows * ranks[k + 1]!));
    g = mm(ranks[k + 1]!, cols, rows, factors[k]!, true, g, false, new Float64Array(ranks[k + 1]! * cols));
  }
  grads[n - 1] = g;
  return grads;
}
