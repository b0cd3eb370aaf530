// Float64 reference of a TT linear layer: plain loops, no schedule. It follows the bi-directional flow
// (left half merged to L, right half to R, Y = (X L) R + b) because that is cheap enough for paper-size
// training, but is checked independently against the dense reconstruction and finite differences.
import { leftMerge64, leftMergeBackward64, rightMerge64, rightMergeBackward64 } from './chain64.js';
import { matmul64 } from './dense64.js';
import type { TTLinearParams } from './tt-params.js';
import { ttLayerDims } from './tt-shape.js';

/** What the backward needs from the forward. */
export interface TTLinearCache64 {
  K: number;
  X: Float64Array;
  /** Left prefixes L_1..L_d (the last one is L, M x r_d). */
  lefts: Float64Array[];
  /** Right suffixes (index 0 is R, r_d x N). */
  rights: Float64Array[];
  /** Z = X L, K x r_d. */
  Z: Float64Array;
}

function halves(p: TTLinearParams) {
  const d = ttLayerDims(p.shape);
  return {
    d,
    leftCores: p.cores.slice(0, d.dIn),
    leftSizes: d.modes.slice(0, d.dIn),
    leftRanks: d.ranks.slice(0, d.dIn + 1),
    rightCores: p.cores.slice(d.dIn),
    rightSizes: d.modes.slice(d.dIn),
    rightRanks: d.ranks.slice(d.dIn),
  };
}

/** The dense W (M x N, row-major) the cores represent: L R. */
export function ttReconstruct(p: TTLinearParams): Float64Array {
  const h = halves(p);
  const L = leftMerge64(h.leftCores, h.leftSizes, h.leftRanks).at(-1)!;
  const R = rightMerge64(h.rightCores, h.rightSizes, h.rightRanks)[0]!;
  return matmul64(h.d.M, h.d.N, h.d.mid, L, false, R, false, new Float64Array(h.d.M * h.d.N));
}

/** Y = X W + b for X (K x M, row-major). */
export function ttLinearForward64(
  p: TTLinearParams,
  X: Float64Array,
  K: number,
): { Y: Float64Array; cache: TTLinearCache64 } {
  const h = halves(p);
  const { M, N, mid } = h.d;
  if (X.length !== K * M) throw new Error(`X has ${X.length} values, expected K*M = ${K * M}`);
  const lefts = leftMerge64(h.leftCores, h.leftSizes, h.leftRanks);
  const rights = rightMerge64(h.rightCores, h.rightSizes, h.rightRanks);
  const Z = matmul64(K, mid, M, X, false, lefts.at(-1)!, false, new Float64Array(K * mid));
  const Y = matmul64(K, N, mid, Z, false, rights[0]!, false, new Float64Array(K * N));
  for (let t = 0; t < K; t++) for (let j = 0; j < N; j++) Y[t * N + j]! += p.bias[j]!;
  return { Y, cache: { K, X, lefts, rights, Z } };
}

export interface TTLinearGrads64 {
  dX: Float64Array;
  dCores: Float64Array[];
  dBias: Float64Array;
  /** Merged gradients dL = X^T T (M x r_d) and dR = Z^T dY (r_d x N). */
  dL: Float64Array;
  dR: Float64Array;
}

export function ttLinearBackward64(p: TTLinearParams, cache: unknown, dY: Float64Array): TTLinearGrads64 {
  const c = cache as TTLinearCache64;
  const h = halves(p);
  const { M, N, mid } = h.d;
  const K = c.K;
  if (dY.length !== K * N) throw new Error(`dY has ${dY.length} values, expected K*N = ${K * N}`);
  const L = c.lefts.at(-1)!;
  const R = c.rights[0]!;
  const T = matmul64(K, mid, N, dY, false, R, true, new Float64Array(K * mid)); // dZ
  const dX = matmul64(K, M, mid, T, false, L, true, new Float64Array(K * M));
  const dR = matmul64(mid, N, K, c.Z, true, dY, false, new Float64Array(mid * N));
  const dL = matmul64(M, mid, K, c.X, true, T, false, new Float64Array(M * mid));
  const dLeft = leftMergeBackward64(h.leftCores, c.lefts, h.leftSizes, h.leftRanks, dL);
  const dRight = rightMergeBackward64(h.rightCores, c.rights, h.rightSizes, h.rightRanks, dR);
  const dBias = new Float64Array(N);
  for (let t = 0; t < K; t++) for (let j = 0; j < N; j++) dBias[j]! += dY[t * N + j]!;
  return { dX, dCores: [...dLeft, ...dRight], dBias, dL, dR };
}
