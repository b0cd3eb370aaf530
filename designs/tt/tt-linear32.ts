// FP32 hardware-order model of a TT linear layer (bi-directional flow). Every multiply and add is a
// binary32 operation in FP32_GEMM_ORDER (gemm32.ts); the bias add and the bias gradient are GEMMs with
// the constant 1.0 (exact: fround(1*x) = x), so the whole layer is GEMM steps. The planner's schedule
// (tt-planner.ts) performs exactly these GEMMs, and the tests check the bits agree.
import { leftMerge32, leftMergeBackward32, rightMerge32, rightMergeBackward32 } from './chain32.js';
import { gemm32, matmul32, ONE32 } from './gemm32.js';
import type { TTLinearParams32 } from './tt-params.js';
import { ttLayerDims } from './tt-shape.js';

export interface TTLinearCache32 {
  K: number;
  X: Float32Array;
  lefts: Float32Array[];
  rights: Float32Array[];
  Z: Float32Array;
}

function halves(p: TTLinearParams32) {
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

/** Y = (X L) R + b in FP32 hardware order: left merge, right merge, Z = X L, Y = Z R, Y += 1 b. */
export function ttLinearForward32(
  p: TTLinearParams32,
  X: Float32Array,
  K: number,
): { Y: Float32Array; cache: TTLinearCache32 } {
  const h = halves(p);
  const { M, N, mid } = h.d;
  if (X.length !== K * M) throw new Error(`X has ${X.length} values, expected K*M = ${K * M}`);
  const lefts = leftMerge32(h.leftCores, h.leftSizes, h.leftRanks);
  const rights = rightMerge32(h.rightCores, h.rightSizes, h.rightRanks);
  const Z = matmul32(K, mid, M, X, false, lefts.at(-1)!, false, new Float32Array(K * mid));
  const Y = matmul32(K, N, mid, Z, false, rights[0]!, false, new Float32Array(K * N));
  gemm32(K, N, 1, ONE32, 0, 0, 0, p.bias, 0, N, 1, Y, 0, N, 1, true);
  return { Y, cache: { K, X, lefts, rights, Z } };
}

export interface TTLinearGrads32 {
  dX: Float32Array;
  dCores: Float32Array[];
  dBias: Float32Array;
  dL: Float32Array;
  dR: Float32Array;
}

/** T = dY R^T; dX = T L^T; dR = Z^T dY; dL = X^T T; core gradients through both merges; db = 1^T dY. */
export function ttLinearBackward32(p: TTLinearParams32, cache: unknown, dY: Float32Array): TTLinearGrads32 {
  const c = cache as TTLinearCache32;
  const h = halves(p);
  const { M, N, mid } = h.d;
  const K = c.K;
  if (dY.length !== K * N) throw new Error(`dY has ${dY.length} values, expected K*N = ${K * N}`);
  const L = c.lefts.at(-1)!;
  const R = c.rights[0]!;
  const T = matmul32(K, mid, N, dY, false, R, true, new Float32Array(K * mid));
  const dX = matmul32(K, M, mid, T, false, L, true, new Float32Array(K * M));
  const dR = matmul32(mid, N, K, c.Z, true, dY, false, new Float32Array(mid * N));
  const dL = matmul32(M, mid, K, c.X, true, T, false, new Float32Array(M * mid));
  const dLeft = leftMergeBackward32(h.leftCores, c.lefts, h.leftSizes, h.leftRanks, dL);
  const dRight = rightMergeBackward32(h.rightCores, c.rights, h.rightSizes, h.rightRanks, dR);
  const dBias = new Float32Array(N);
  gemm32(1, N, K, ONE32, 0, 0, 0, dY, 0, N, 1, dBias, 0, N, 1, false);
  return { dX, dCores: [...dLeft, ...dRight], dBias, dL, dR };
}
