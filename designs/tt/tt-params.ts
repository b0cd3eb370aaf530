// Parameter containers of TT linear layers and TTM embeddings, their initialisation and the float64 ->
// float32 conversion used to feed both numeric levels the same values.
import type { TTLayerShape, TTMEmbeddingShape } from '../transformer/config.js';
import { ttLayerDims, ttmDims } from './tt-shape.js';

/**
 * cores[k] has shape [r_k, s_k, r_{k+1}], row-major, s = [...inShape, ...outShape];
 * W[(i1..id),(j1..jd)] = G1[:,i1,:] ... G2d[:,jd,:], i1 most significant. bias has length N.
 */
export interface TTLinearParams {
  shape: TTLayerShape;
  cores: Float64Array[];
  bias: Float64Array;
}
export interface TTLinearParams32 {
  shape: TTLayerShape;
  cores: Float32Array[];
  bias: Float32Array;
}

/** cores[k] has shape [r_k, V_k, D_k, r_{k+1}], row-major. */
export interface TTMEmbeddingParams {
  shape: TTMEmbeddingShape;
  cores: Float64Array[];
}
export interface TTMEmbeddingParams32 {
  shape: TTMEmbeddingShape;
  cores: Float32Array[];
}

/** Uniform in [-a, a) with the given standard deviation. */
function fillUniform(out: Float64Array, std: number, rng: () => number): Float64Array {
  const a = std * Math.sqrt(3);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng() - 1) * a;
  return out;
}

/**
 * Random cores whose reconstructed W has entries of standard deviation `scale` (default 1/sqrt(M),
 * Xavier-like): each W entry sums prod(interior ranks) products of one entry per core, so every core
 * gets std (scale^2 / prod(interior ranks))^(1/(2 cores)). Bias starts at zero.
 */
export function initTTLinear(shape: TTLayerShape, rng: () => number, scale?: number): TTLinearParams {
  const dims = ttLayerDims(shape);
  const target = scale ?? 1 / Math.sqrt(dims.M);
  const paths = dims.ranks.reduce((a, b) => a * b, 1);
  const coreStd = ((target * target) / paths) ** (1 / (2 * dims.cores));
  const cores = dims.coreWords.map((w) => fillUniform(new Float64Array(w), coreStd, rng));
  return { shape, cores, bias: new Float64Array(dims.N) };
}

/** Random TTM cores whose reconstructed rows have entries of standard deviation `scale` (default 1). */
export function initTTMEmbedding(shape: TTMEmbeddingShape, rng: () => number, scale = 1): TTMEmbeddingParams {
  const dims = ttmDims(shape);
  const paths = dims.ranks.reduce((a, b) => a * b, 1);
  const coreStd = ((scale * scale) / paths) ** (1 / (2 * dims.d));
  return { shape, cores: dims.coreWords.map((w) => fillUniform(new Float64Array(w), coreStd, rng)) };
}

/** Round every value to binary32: the FP32 model's copy of float64 parameters. */
export function ttLinearTo32(p: TTLinearParams): TTLinearParams32 {
  return { shape: p.shape, cores: p.cores.map((c) => Float32Array.from(c)), bias: Float32Array.from(p.bias) };
}

/** The float64 copy of FP32 parameters (exact: every binary32 value is a float64). */
export function ttLinearTo64(p: TTLinearParams32): TTLinearParams {
  return { shape: p.shape, cores: p.cores.map((c) => Float64Array.from(c)), bias: Float64Array.from(p.bias) };
}

export function ttmTo32(p: TTMEmbeddingParams): TTMEmbeddingParams32 {
  return { shape: p.shape, cores: p.cores.map((c) => Float32Array.from(c)) };
}

export function ttmTo64(p: TTMEmbeddingParams32): TTMEmbeddingParams {
  return { shape: p.shape, cores: p.cores.map((c) => Float64Array.from(c)) };
}
