// A TT linear layer (bi-directional flow), written once over the GEMM kernel (gemm-kernel.ts): the left
// half of the cores merged to L (M x r_d), the right half to R (r_d x N), Y = (X L) R + b. With the FP32
// kernel every multiply and add is a binary32 operation in FP32_GEMM_ORDER and the bias add and bias
// gradient are GEMMs with the constant 1 (exact), so the whole layer is GEMM steps: the planner's
// schedule (tt-planner.ts) performs exactly these, and the tests check the bits agree. With the float64
// reference kernel it is the reference (checked against the dense reconstruction and finite
// differences); the training hot path passes the blocked float64 kernel (same bits).
import { leftMerge, leftMergeBackward, rightMerge, rightMergeBackward } from './chain.js';
import { addRowVector, type Arr, columnSums, FP32_GEMM, FP64_GEMM, type GemmKernel, matmul } from './gemm-kernel.js';
import type { TTLayerShape } from '../transformer/config.js';
import { ttLayerDims } from './tt-shape.js';

/** Cores [r_k, s_k, r_{k+1}] row-major, s = [...inShape, ...outShape]; bias of length N (tt-params.ts). */
export interface TTLinearOf<A extends Arr> {
  shape: TTLayerShape;
  cores: A[];
  bias: A;
}

/** What the backward needs from the forward. */
export interface TTLinearCache<A extends Arr> {
  K: number;
  X: A;
  /** Left prefixes L_1..L_d (the last one is L, M x r_d). */
  lefts: A[];
  /** Right suffixes (index 0 is R, r_d x N). */
  rights: A[];
  /** Z = X L, K x r_d. */
  Z: A;
}

export interface TTLinearGrads<A extends Arr> {
  dX: A;
  dCores: A[];
  dBias: A;
  /** Merged gradients dL = X^T T (M x r_d) and dR = Z^T dY (r_d x N). */
  dL: A;
  dR: A;
}

interface Halves {
  dIn: number;
  M: number;
  N: number;
  mid: number;
  leftSizes: number[];
  leftRanks: number[];
  rightSizes: number[];
  rightRanks: number[];
}

// Derived once per shape object: the training hot path calls every layer once per sample.
const halvesCache = new WeakMap<TTLayerShape, Halves>();

function halves(shape: TTLayerShape): Halves {
  let h = halvesCache.get(shape);
  if (!h) {
    const d = ttLayerDims(shape);
    h = {
      dIn: d.dIn,
      M: d.M,
      N: d.N,
      mid: d.mid,
      leftSizes: d.modes.slice(0, d.dIn),
      leftRanks: d.ranks.slice(0, d.dIn + 1),
      rightSizes: d.modes.slice(d.dIn),
      rightRanks: d.ranks.slice(d.dIn),
    };
    halvesCache.set(shape, h);
  }
  return h;
}

/** Y = (X L) R + b for X (K x M, row-major): left merge, right merge, Z = X L, Y = Z R, Y += 1 b. */
export function ttLinearForward<A extends Arr>(
  G: GemmKernel<A>,
  p: TTLinearOf<A>,
  X: A,
  K: number,
): { Y: A; cache: TTLinearCache<A> } {
  const h = halves(p.shape);
  const { M, N, mid } = h;
  if (X.length !== K * M) throw new Error(`X has ${X.length} values, expected K*M = ${K * M}`);
  const lefts = leftMerge(G, p.cores.slice(0, h.dIn), h.leftSizes, h.leftRanks);
  const rights = rightMerge(G, p.cores.slice(h.dIn), h.rightSizes, h.rightRanks);
  const Z = matmul(G, K, mid, M, X, false, lefts.at(-1)!, false);
  const Y = matmul(G, K, N, mid, Z, false, rights[0]!, false);
  addRowVector(G, K, N, p.bias, Y);
  return { Y, cache: { K, X, lefts, rights, Z } };
}

/** T = dY R^T; dX = T L^T; dR = Z^T dY; dL = X^T T; core gradients through both merges; db = 1^T dY. */
export function ttLinearBackward<A extends Arr>(
  G: GemmKernel<A>,
  p: TTLinearOf<A>,
  cache: unknown,
  dY: A,
): TTLinearGrads<A> {
  const c = cache as TTLinearCache<A>;
  const h = halves(p.shape);
  const { M, N, mid } = h;
  const K = c.K;
  if (dY.length !== K * N) throw new Error(`dY has ${dY.length} values, expected K*N = ${K * N}`);
  const L = c.lefts.at(-1)!;
  const R = c.rights[0]!;
  const T = matmul(G, K, mid, N, dY, false, R, true); // dZ
  const dX = matmul(G, K, M, mid, T, false, L, true);
  const dR = matmul(G, mid, N, K, c.Z, true, dY, false);
  const dL = matmul(G, M, mid, K, c.X, true, T, false);
  const dLeft = leftMergeBackward(G, p.cores.slice(0, h.dIn), c.lefts, h.leftSizes, h.leftRanks, dL);
  const dRight = rightMergeBackward(G, p.cores.slice(h.dIn), c.rights, h.rightSizes, h.rightRanks, dR);
  return { dX, dCores: [...dLeft, ...dRight], dBias: columnSums(G, K, N, dY), dL, dR };
}

/** The dense W (M x N, row-major) the cores represent: L R. */
export function ttReconstructWith<A extends Arr>(G: GemmKernel<A>, p: TTLinearOf<A>): A {
  const h = halves(p.shape);
  const L = leftMerge(G, p.cores.slice(0, h.dIn), h.leftSizes, h.leftRanks).at(-1)!;
  const R = rightMerge(G, p.cores.slice(h.dIn), h.rightSizes, h.rightRanks)[0]!;
  return matmul(G, h.M, h.N, h.mid, L, false, R, false);
}

// The two levels by name, for the callers that fix one.
export type TTLinearCache64 = TTLinearCache<Float64Array>;
export type TTLinearCache32 = TTLinearCache<Float32Array>;
export type TTLinearGrads64 = TTLinearGrads<Float64Array>;
export type TTLinearGrads32 = TTLinearGrads<Float32Array>;
export const ttLinearForward64 = (p: TTLinearOf<Float64Array>, X: Float64Array, K: number) =>
  ttLinearForward(FP64_GEMM, p, X, K);
export const ttLinearBackward64 = (p: TTLinearOf<Float64Array>, cache: unknown, dY: Float64Array) =>
  ttLinearBackward(FP64_GEMM, p, cache, dY);
export const ttLinearForward32 = (p: TTLinearOf<Float32Array>, X: Float32Array, K: number) =>
  ttLinearForward(FP32_GEMM, p, X, K);
export const ttLinearBackward32 = (p: TTLinearOf<Float32Array>, cache: unknown, dY: Float32Array) =>
  ttLinearBackward(FP32_GEMM, p, cache, dY);
export const ttReconstruct = (p: TTLinearOf<Float64Array>): Float64Array => ttReconstructWith(FP64_GEMM, p);
