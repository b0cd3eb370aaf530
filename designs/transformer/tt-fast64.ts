// The float64 TT layer and TTM embedding row of the training hot path. Same algorithm, same products
// with the same shapes and the same per-output summation order as designs/tt's float64 reference
// (tt-linear64.ts, chain64.ts, ttm-embedding64.ts), so the results are bit-identical to it (a test
// checks this); the products run on the blocked kernel of gemm64.ts, and shapes are derived once
// per layer shape instead of per call. The merges are chain64.ts's, given the blocked product.
import { ttLayerDims, type TTLayerShape, type TTMEmbeddingShape, type TTMSliceGrad } from '../tt/index.js';
import { splitSliceGrads, ttmSlices } from '../tt/ttm-embedding64.js';
import { leftMerge64, leftMergeBackward64, rightMerge64, rightMergeBackward64 } from '../tt/chain64.js';
import { matmul64Fast as mm } from './gemm64.js';

export interface TTLinear64 {
  shape: TTLayerShape;
  cores: Float64Array[];
  bias: Float64Array;
}
export interface TTMEmbedding64 {
  shape: TTMEmbeddingShape;
  cores: Float64Array[];
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

interface Cache {
  K: number;
  X: Float64Array;
  lefts: Float64Array[];
  rights: Float64Array[];
  Z: Float64Array;
}

/** Y = X W + b for X (K x M, row-major): Z = X L, Y = Z R + b. */
export function ttForward64(p: TTLinear64, X: Float64Array, K: number): { Y: Float64Array; cache: unknown } {
  const h = halves(p.shape);
  const { M, N, mid } = h;
  if (X.length !== K * M) throw new Error(`X has ${X.length} values, expected K*M = ${K * M}`);
  const lefts = leftMerge64(p.cores.slice(0, h.dIn), h.leftSizes, h.leftRanks, mm);
  const rights = rightMerge64(p.cores.slice(h.dIn), h.rightSizes, h.rightRanks, mm);
  const Z = mm(K, mid, M, X, false, lefts.at(-1)!, false, new Float64Array(K * mid));
  const Y = mm(K, N, mid, Z, false, rights[0]!, false, new Float64Array(K * N));
  const bias = p.bias;
  for (let t = 0; t < K; t++) for (let j = 0; j < N; j++) Y[t * N + j]! += bias[j]!;
  const cache: Cache = { K, X, lefts, rights, Z };
  return { Y, cache };
}

export function ttBackward64(
  p: TTLinear64,
  cache: unknown,
  dY: Float64Array,
): { dX: Float64Array; dCores: Float64Array[]; dBias: Float64Array } {
  const c = cache as Cache;
  const h = halves(p.shape);
  const { M, N, mid } = h;
  const K = c.K;
  if (dY.length !== K * N) throw new Error(`dY has ${dY.length} values, expected K*N = ${K * N}`);
  const L = c.lefts.at(-1)!;
  const R = c.rights[0]!;
  const T = mm(K, mid, N, dY, false, R, true, new Float64Array(K * mid));
  const dX = mm(K, M, mid, T, false, L, true, new Float64Array(K * M));
  const dR = mm(mid, N, K, c.Z, true, dY, false, new Float64Array(mid * N));
  const dL = mm(M, mid, K, c.X, true, T, false, new Float64Array(M * mid));
  const dLeft = leftMergeBackward64(p.cores.slice(0, h.dIn), c.lefts, h.leftSizes, h.leftRanks, dL, mm);
  const dRight = rightMergeBackward64(p.cores.slice(h.dIn), c.rights, h.rightSizes, h.rightRanks, dR, mm);
  const dBias = new Float64Array(N);
  for (let t = 0; t < K; t++) for (let j = 0; j < N; j++) dBias[j]! += dY[t * N + j]!;
  return { dX, dCores: [...dLeft, ...dRight], dBias };
}

const slices64 = (p: TTMEmbedding64, token: number) => ttmSlices(p.cores, p.shape, token, (n) => new Float64Array(n));

export function ttmRowFast64(p: TTMEmbedding64, token: number): Float64Array {
  return leftMerge64(slices64(p, token), p.shape.colShape, p.shape.ranks, mm).at(-1)!;
}

export function ttmRowBackwardFast64(
  p: TTMEmbedding64,
  token: number,
  dRow: Float64Array,
): TTMSliceGrad<Float64Array>[] {
  const slices = slices64(p, token);
  const prefixes = leftMerge64(slices, p.shape.colShape, p.shape.ranks, mm);
  return splitSliceGrads(
    leftMergeBackward64(slices, prefixes, p.shape.colShape, p.shape.ranks, dRow, mm),
    p.shape,
    token,
  );
}
