// FP32 hardware-order merge of a chain of 3-way factors, the same contractions as chain64.ts but every
// product goes through matmul32 (FP32_GEMM_ORDER). The planner emits exactly these GEMMs.
import { matmul32 } from './gemm32.js';

/** Left prefixes P_0 = F_0, P_k = P_{k-1} F_k (P_{k-1} rows x r_k times F_k viewed r_k x s_k r_{k+1}). */
export function leftMerge32(factors: Float32Array[], sizes: number[], ranks: number[]): Float32Array[] {
  const prefixes: Float32Array[] = [factors[0]!];
  let rows = sizes[0]!;
  for (let k = 1; k < factors.length; k++) {
    const cols = sizes[k]! * ranks[k + 1]!;
    prefixes.push(
      matmul32(rows, cols, ranks[k]!, prefixes[k - 1]!, false, factors[k]!, false, new Float32Array(rows * cols)),
    );
    rows *= sizes[k]!;
  }
  return prefixes;
}

/** Factor gradients from the gradient of the last prefix: dF_k = P_{k-1}^T g, then g = g F_k^T. */
export function leftMergeBackward32(
  factors: Float32Array[],
  prefixes: Float32Array[],
  sizes: number[],
  ranks: number[],
  gLast: Float32Array,
): Float32Array[] {
  const n = factors.length;
  const grads = new Array<Float32Array>(n);
  let g = gLast;
  let rows = sizes.reduce((a, b) => a * b, 1);
  for (let k = n - 1; k >= 1; k--) {
    rows /= sizes[k]!;
    const cols = sizes[k]! * ranks[k + 1]!;
    grads[k] = matmul32(ranks[k]!, cols, rows, prefixes[k - 1]!, true, g, false, new Float32Array(ranks[k]! * cols));
    g = matmul32(rows, ranks[k]!, cols, g, false, factors[k]!, true, new Float32Array(rows * ranks[k]!));
  }
  grads[0] = g;
  return grads;
}

/** Right suffixes Q_{n-1} = F_{n-1}, Q_k = F_k Q_{k+1} (F_k viewed r_k s_k x r_{k+1}). */
export function rightMerge32(factors: Float32Array[], sizes: number[], ranks: number[]): Float32Array[] {
  const n = factors.length;
  const suffixes = new Array<Float32Array>(n);
  suffixes[n - 1] = factors[n - 1]!;
  let cols = sizes[n - 1]!;
  for (let k = n - 2; k >= 0; k--) {
    const rows = ranks[k]! * sizes[k]!;
    suffixes[k] = matmul32(
      rows,
      cols,
      ranks[k + 1]!,
      factors[k]!,
      false,
      suffixes[k + 1]!,
      false,
      new Float32Array(rows * cols),
    );
    cols *= sizes[k]!;
  }
  return suffixes;
}

/** Factor gradients from the gradient of the first suffix: dF_k = g Q_{k+1}^T, then g = F_k^T g. */
export function rightMergeBackward32(
  factors: Float32Array[],
  suffixes: Float32Array[],
  sizes: number[],
  ranks: number[],
  gFirst: Float32Array,
): Float32Array[] {
  const n = factors.length;
  const grads = new Array<Float32Array>(n);
  let g = gFirst;
  let cols = sizes.reduce((a, b) => a * b, 1);
  for (let k = 0; k < n - 1; k++) {
    cols /= sizes[k]!;
    const rows = ranks[k]! * sizes[k]!;
    grads[k] = matmul32(
      rows,
      ranks[k + 1]!,
      cols,
      g,
      false,
      suffixes[k + 1]!,
      true,
      new Float32Array(rows * ranks[k + 1]!),
    );
    g = matmul32(ranks[k + 1]!, cols, rows, factors[k]!, true, g, false, new Float32Array(ranks[k + 1]! * cols));
  }
  grads[n - 1] = g;
  return grads;
}
