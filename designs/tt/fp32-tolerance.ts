// The documented tolerance between the FP32 hardware-order model and the float64 reference.
//
// Measure (componentwise, the standard bound for sums of products): for every output element i,
//   |fp32_i - f64_i| <= FP32_TOLERANCE * mag_i
// where mag_i is the same float64 computation run on the absolute values of every input (|X|, |cores|,
// |bias|, |dY|), i.e. the sum of |terms| that element accumulates through the whole chain. Rounding in
// binary32 with MACs of two roundings gives |error| <= ~(2 n) 2^-24 mag_i for a chain of n sequential
// MACs per element (n up to ~M + merges), so the bound does not depend on cancellation.
// Measured worst case (docs/tt-math.md): 2.2e-7 over 3,000 random small layers, 2.7e-7 on the paper's
// layers (rank 10, K = 32); 2e-6 leaves about 8x margin and still catches any wrong GEMM.
import { ttLinearBackward64, ttLinearForward64 } from './tt-linear.js';
import type { TTLinearParams, TTMEmbeddingParams } from './tt-params.js';
import { ttmRow64, ttmRowBackward64 } from './ttm-embedding.js';

export const FP32_TOLERANCE = 2e-6;

/** max_i |a_i - b_i| / mag_i over elements with mag_i > 0 (elements with mag_i = 0 must be equal). */
export function componentwiseError(a: ArrayLike<number>, b: ArrayLike<number>, mag: ArrayLike<number>): number {
  if (a.length !== b.length || a.length !== mag.length) throw new Error('length mismatch');
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - b[i]!);
    if (mag[i]! > 0) worst = Math.max(worst, diff / mag[i]!);
    else if (diff !== 0) return Infinity;
  }
  return worst;
}

/** Normwise measure max_i |a_i - b_i| / max_i |b_i| (a quick summary; can be large under cancellation). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return den === 0 ? num : num / den;
}

export interface TTLinearMagnitudes {
  Y: Float64Array;
  dX: Float64Array;
  dCores: Float64Array[];
  dBias: Float64Array;
}

/** The float64 layer on absolute values: the mag_i of every output of forward and backward. */
export function ttLinearMagnitudes(
  p: TTLinearParams,
  X: ArrayLike<number>,
  K: number,
  dY: ArrayLike<number>,
): TTLinearMagnitudes {
  const abs = (xs: ArrayLike<number>) => Float64Array.from(xs, Math.abs);
  const q: TTLinearParams = { shape: p.shape, cores: p.cores.map(abs), bias: abs(p.bias) };
  const f = ttLinearForward64(q, abs(X), K);
  const g = ttLinearBackward64(q, f.cache, abs(dY));
  return { Y: f.Y, dX: g.dX, dCores: g.dCores, dBias: g.dBias };
}

/** TTM counterpart: magnitudes of a row and of its slice gradients (same run order as ttmRowBackward64). */
export function ttmMagnitudes(
  p: TTMEmbeddingParams,
  token: number,
  dRow: ArrayLike<number>,
): { row: Float64Array; grads: Float64Array[] } {
  const q: TTMEmbeddingParams = { shape: p.shape, cores: p.cores.map((c) => Float64Array.from(c, Math.abs)) };
  return {
    row: ttmRow64(q, token),
    grads: ttmRowBackward64(q, token, Float64Array.from(dRow, Math.abs)).map((g) => g.grad),
  };
}
