// Merge of a chain of 3-way factors F_k [r_k, s_k, r_{k+1}] from either end, and its backward, written
// once over the GEMM kernel (gemm-kernel.ts): FP32 hardware order, float64 reference or the blocked
// float64 hot path. The TT linear layer merges its input cores from the left and its output cores from
// the right; a TTM embedding row merges the selected core slices from the left. The planner emits
// exactly these GEMMs.
import { type Arr, type GemmKernel, matmul } from './gemm-kernel.js';

/**
 * Left merge: P_0 = F_0, P_k[(s_0..s_k), r_{k+1}] = sum_r P_{k-1}[(s_0..s_{k-1}), r] F_k[r, s_k, r_{k+1}]
 * (P_{k-1} rows x r_k times F_k viewed r_k x s_k r_{k+1}). ranks[0] must be 1. Returns every prefix
 * P_0..P_{n-1} (the backward needs them).
 */
export function leftMerge<A extends Arr>(G: GemmKernel<A>, factors: A[], sizes: number[], ranks: number[]): A[] {
  const prefixes: A[] = [factors[0]!];
  let rows = sizes[0]!;
  for (let k = 1; k < factors.length; k++) {
    const cols = sizes[k]! * ranks[k + 1]!;
    prefixes.push(matmul(G, rows, cols, ranks[k]!, prefixes[k - 1]!, false, factors[k]!, false));
    rows *= sizes[k]!;
  }
  return prefixes;
}

/** Gradients of every factor given the gradient of the last prefix: dF_k = P_{k-1}^T g, then g = g F_k^T. */
export function leftMergeBackward<A extends Arr>(
  G: GemmKernel<A>,
  factors: A[],
  prefixes: A[],
  sizes: number[],
  ranks: number[],
  gLast: A,
): A[] {
  const n = factors.length;
  const grads = new Array<A>(n);
  let g = gLast;
  let rows = sizes.reduce((a, b) => a * b, 1);
  for (let k = n - 1; k >= 1; k--) {
    rows /= sizes[k]!;
    const cols = sizes[k]! * ranks[k + 1]!;
    // g viewed rows x cols.
    grads[k] = matmul(G, ranks[k]!, cols, rows, prefixes[k - 1]!, true, g, false);
    g = matmul(G, rows, ranks[k]!, cols, g, false, factors[k]!, true);
  }
  grads[0] = g;
  return grads;
}

/**
 * Right merge: Q_{n-1} = F_{n-1}, Q_k[r_k, (s_k..s_{n-1})] = sum_r F_k[r_k, s_k, r] Q_{k+1}[r, ...]
 * (F_k viewed r_k s_k x r_{k+1}). ranks[n] must be 1. Returns Q_0..Q_{n-1} (index k holds the suffix
 * starting at factor k).
 */
export function rightMerge<A extends Arr>(G: GemmKernel<A>, factors: A[], sizes: number[], ranks: number[]): A[] {
  const n = factors.length;
  const suffixes = new Array<A>(n);
  suffixes[n - 1] = factors[n - 1]!;
  let cols = sizes[n - 1]!;
  for (let k = n - 2; k >= 0; k--) {
    const rows = ranks[k]! * sizes[k]!;
    suffixes[k] = matmul(G, rows, cols, ranks[k + 1]!, factors[k]!, false, suffixes[k + 1]!, false);
    cols *= sizes[k]!;
  }
  return suffixes;
}

/** Gradients of every factor given the gradient of the first suffix: dF_k = g Q_{k+1}^T, then g = F_k^T g. */
export function rightMergeBackward<A extends Arr>(
  G: GemmKernel<A>,
  factors: A[],
  suffixes: A[],
  sizes: number[],
  ranks: number[],
  gFirst: A,
): A[] {
  const n = factors.length;
  const grads = new Array<A>(n);
  let g = gFirst;
  let cols = sizes.reduce((a, b) => a * b, 1);
  for (let k = 0; k < n - 1; k++) {
    cols /= sizes[k]!;
    const rows = ranks[k]! * sizes[k]!;
    // g viewed rows x cols.
    grads[k] = matmul(G, rows, ranks[k + 1]!, cols, g, false, suffixes[k + 1]!, true);
    g = matmul(G, ranks[k + 1]!, cols, rows, factors[k]!, true, g, false);
  }
  grads[n - 1] = g;
  return grads;
}
