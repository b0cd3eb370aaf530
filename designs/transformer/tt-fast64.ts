// The float64 TT layer and TTM embedding row of the training hot path. Same algorithm, same products
// with the same shapes and the same per-output summation order as designs/tt's float64 reference
// (tt-linear64.ts, chain64.ts, ttm-embedding64.ts), so the results are bit-identical to it (a test
// checks this); the products run on the blocked kernel of gemm64.ts, and shapes are derived once
// per layer shape instead of per call.
import { ttLayerDims, type TTLayerShape, type TTMEmbeddingShape, type TTMSliceGrad } from '../tt/index.js';
import { splitSliceGrads, ttmSlices } from '../tt/ttm-embedding64.js';
import { matmul64Fast as mm } from './gemm64.js';

export interface TTLinear64 { shape: TTLayerShape; cores: Float64Array[]; bias: Float64Array }
export interface TTMEmbedding64 { shape: TTMEmbeddingShape; cores: Float64Array[] }

interface Halves { dIn: number; M: number; N: number; mid: number; leftSizes: number[]; leftRanks: number[]; rightSizes: number[]; rightRanks: number[] }

const halvesCache = new WeakMap<TTLayerShape, Halves>();

function halves(shape: TTLayerShape): Halves {
  let h = halvesCache.get(shape);
  if (!h) {
    const d = ttLayerDims(shape);
    h = {
      dIn: d.dIn, M: d.M, N: d.N, mid: d.mid,
      leftSizes: d.modes.slice(0, d.dIn), leftRanks: d.ranks.slice(0, d.dIn + 1),
      rightSizes: d.modes.slice(d.dIn), rightRanks: d.ranks.slice(d.dIn),
    };
    halvesCache.set(shape, h);
  }
  return h;
}

function leftMerge(factors: Float64Array[], sizes: number[], ranks: number[]): Float64Array[] {
  const prefixes: Float64Array[] = [factors[0]!];
  let rows = sizes[0]!;
  for (let k = 1; k < factors.length; k++) {
    const cols = sizes[k]! * ranks[k + 1]!;
    prefixes.push(mm(rows, cols, ranks[k]!, prefixes[k - 1]!, false, factors[k]!, false, new Float64Array(rows * cols)));
    rows *= sizes[k]!;
  }
  return prefixes;
}

function leftMergeBackward(factors: Float64Array[], prefixes: Float64Array[], sizes: number[], ranks: number[], gLast: Float64Array): Float64Array[] {
  const n = factors.length;
  const grads = new Array<Float64Array>(n);
  let g = gLast;
  let rows = sizes.reduce((a, b) => a * b, 1);
  for (let k = n - 1; k >= 1; k--) {
    rows /= sizes[k]!;
    const cols = sizes[k]! * ranks[k + 1]!;
    grads[k] = mm(ranks[k]!, cols, rows, prefixes[k - 1]!, true, g, false, new Float64Array(ranks[k]! * cols));
    g = mm(rows, ranks[k]!, cols, g, false, factors[k]!, true, new Float64Array(rows * ranks[k]!));
  }
  grads[0] = g;
  return grads;
}

function rightMerge(factors: Float64Array[], sizes: number[], ranks: number[]): Float64Array[] {
  const n = factors.length;
  const suffixes = new Array<Float64Array>(n);
  suffixes[n - 1] = factors[n - 1]!;
  let cols = sizes[n - 1]!;
  for (let k = n - 2; k >= 0; k--) {
    const rows = ranks[k]! * sizes[k]!;
    suffixes[k] = mm(rows, cols, ranks[k + 1]!, factors[k]!, false, suffixes[k + 1]!, false, new Float64Array(rows * cols));
    cols *= sizes[k]!;
  }
  return suffixes;
}

function rightMergeBackward(factors: Float64Array[], suffixes: Float64Array[], sizes: number[], ranks: number[], gFirst: Float64Array): Float64Array[] {
  const n = factors.length;
  const grads = new Array<Float64Array>(n);
  let g = gFirst;
  let cols = sizes.reduce((a, b) => a * b, 1);
  for (let k = 0; k < n - 1; k++) {
    cols /= sizes[k]!;
    const rows = ranks[k]! * sizes[k]!;
    grads[k] = mm(rows, ranks[k + 1]!, cols, g, false, suffixes[k + 1]!, true, new Float64Array(rows * ranks[k + 1]!));
    g = mm(ranks[k + 1]!, cols, rows, factors[k]!, true, g, false, new Float64Array(ranks[k + 1]! * cols));
  }
  grads[n - 1] = g;
  return grads;
}

interface Cache { K: number; X: Float64Array; lefts: Float64Array[]; rights: Float64Array[]; Z: Float64Array }

/** Y = X W + b for X (K x M, row-major): Z = X L, Y = Z R + b. */
export function ttForward64(p: TTLinear64, X: Float64Array, K: number): { Y: Float64Array; cache: unknown } {
  const h = halves(p.shape);
  const { M, N, mid } = h;
  if (X.length !== K * M) throw new Error(`X has ${X.length} values, expected K*M = ${K * M}`);
  const lefts = leftMerge(p.cores.slice(0, h.dIn), h.leftSizes, h.leftRanks);
  const rights = rightMerge(p.cores.slice(h.dIn), h.rightSizes, h.rightRanks);
  const Z = mm(K, mid, M, X, false, lefts.at(-1)!, false, new Float64Array(K * mid));
  const Y = mm(K, N, mid, Z, false, rights[0]!, false, new Float64Array(K * N));
  const bias = p.bias;
  for (let t = 0; t < K; t++) for (let j = 0; j < N; j++) Y[t * N + j]! += bias[j]!;
  const cache: Cache = { K, X, lefts, rights, Z };
  return { Y, cache };
}

export function ttBackward64(p: TTLinear64, cache: unknown, dY: Float64Array): { dX: Float64Array; dCores: Float64Array[]; dBias: Float64Array } {
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
  const dLeft = leftMergeBackward(p.cores.slice(0, h.dIn), c.lefts, h.leftSizes, h.leftRanks, dL);
  const dRight = rightMergeBackward(p.cores.slice(h.dIn), c.rights, h.rightSizes, h.rightRanks, dR);
  const dBias = new Float64Array(N);
  for (let t = 0; t < K; t++) for (let j = 0; j < N; j++) dBias[j]! += dY[t * N + j]!;
  return { dX, dCores: [...dLeft, ...dRight], dBias };
}

const slices64 = (p: TTMEmbedding64, token: number) => ttmSlices(p.cores, p.shape, token, (n) => new Float64Array(n));

export function ttmRowFast64(p: TTMEmbedding64, token: number): Float64Array {
  return leftMerge(slices64(p, token), p.shape.colShape, p.shape.ranks).at(-1)!;
}

export function ttmRowBackwardFast64(p: TTMEmbedding64, token: number, dRow: Float64Array): TTMSliceGrad<Float64Array>[] {
  const slices = slices64(p, token);
  const prefixes = leftMerge(slices, p.shape.colShape, p.shape.ranks);
  return splitSliceGrads(leftMergeBackward(slices, prefixes, p.shape.colShape, p.shape.ranks, dRow), p.shape, token);
}
