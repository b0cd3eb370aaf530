// The TT layers of both numeric levels, behind one interface. FP32: designs/tt's hardware-order
// kernels. Float64: tt-fast64.ts, bit-identical to designs/tt's float64 reference but faster.
import {
  ttLinearBackward32,
  ttLinearForward32,
  ttmRow32,
  ttmRowBackward32,
  type TTLayerShape,
  type TTMEmbeddingShape,
} from '../tt/index.js';
import {
  ttBackward64,
  ttForward64,
  ttmRowBackwardFast64,
  ttmRowFast64,
  type TTLinear64,
  type TTMEmbedding64,
} from './tt-fast64.js';
import type { Arr, Precision } from './precision.js';

/** Same layout as designs/tt's TTLinearParams / TTLinearParams32, either array type. */
export interface TTLinear {
  shape: TTLayerShape;
  cores: Arr[];
  bias: Arr;
}
export interface TTMEmbedding {
  shape: TTMEmbeddingShape;
  cores: Arr[];
}

export interface TTKernels {
  forward(p: TTLinear, X: Arr, K: number): { Y: Arr; cache: unknown };
  backward(p: TTLinear, cache: unknown, dY: Arr): { dX: Arr; dCores: Arr[]; dBias: Arr };
  embRow(p: TTMEmbedding, token: number): Arr;
  /** Gradient runs: add grad to cores[core] from offset. */
  embRowBackward(p: TTMEmbedding, token: number, dRow: Arr): { core: number; offset: number; grad: Arr }[];
}

type L32 = Parameters<typeof ttLinearForward32>[0];
type E32 = Parameters<typeof ttmRow32>[0];

const kernels64: TTKernels = {
  forward: (p, X, K) => ttForward64(p as TTLinear64, X as Float64Array, K),
  backward: (p, cache, dY) => ttBackward64(p as TTLinear64, cache, dY as Float64Array),
  embRow: (p, token) => ttmRowFast64(p as TTMEmbedding64, token),
  embRowBackward: (p, token, dRow) => ttmRowBackwardFast64(p as TTMEmbedding64, token, dRow as Float64Array),
};

const kernels32: TTKernels = {
  forward: (p, X, K) => ttLinearForward32(p as L32, X as Float32Array, K),
  backward: (p, cache, dY) => ttLinearBackward32(p as L32, cache, dY as Float32Array),
  embRow: (p, token) => ttmRow32(p as E32, token),
  embRowBackward: (p, token, dRow) => ttmRowBackward32(p as E32, token, dRow as Float32Array),
};

export const ttKernels = (P: Precision): TTKernels => (P.name === 'fp32' ? kernels32 : kernels64);
