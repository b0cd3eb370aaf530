// The full-reconstruction flow in the FP32 model, written directly (for comparison with the planner's
// schedule of the same tree, and as the baseline the bi-directional flow is measured against):
// W = L R; Y = X W + b; dX = dY W^T; dW = X^T dY; dL = dW R^T; dR = L^T dW; then both merges backward.
import { leftMerge32, leftMergeBackward32, rightMerge32, rightMergeBackward32 } from './chain32.js';
import { gemm32, matmul32, ONE32 } from './gemm32.js';
import type { TTLinearParams32 } from './tt-params.js';
import { ttLayerDims } from './tt-shape.js';

export function ttLinearFull32(p: TTLinearParams32, X: Float32Array, K: number, dY: Float32Array) {
  const d = ttLayerDims(p.shape);
  const { M, N, mid, dIn } = d;
  const lc = p.cores.slice(0, dIn);
  const ls = d.modes.slice(0, dIn);
  const lr = d.ranks.slice(0, dIn + 1);
  const rc = p.cores.slice(dIn);
  const rs = d.modes.slice(dIn);
  const rr = d.ranks.slice(dIn);
  const lefts = leftMerge32(lc, ls, lr);
  const rights = rightMerge32(rc, rs, rr);
  const L = lefts.at(-1)!;
  const R = rights[0]!;
  const W = matmul32(M, N, mid, L, false, R, false, new Float32Array(M * N));
  const Y = matmul32(K, N, M, X, false, W, false, new Float32Array(K * N));
  gemm32(K, N, 1, ONE32, 0, 0, 0, p.bias, 0, N, 1, Y, 0, N, 1, true);
  const dX = matmul32(K, M, N, dY, false, W, true, new Float32Array(K * M));
  const dW = matmul32(M, N, K, X, true, dY, false, new Float32Array(M * N));
  const dL = matmul32(M, mid, N, dW, false, R, true, new Float32Array(M * mid));
  const dR = matmul32(mid, N, M, L, true, dW, false, new Float32Array(mid * N));
  const dCores = [...leftMergeBackward32(lc, lefts, ls, lr, dL), ...rightMergeBackward32(rc, rights, rs, rr, dR)];
  const dBias = new Float32Array(N);
  gemm32(1, N, K, ONE32, 0, 0, 0, dY, 0, N, 1, dBias, 0, N, 1, false);
  return { Y, dX, dCores, dBias };
}
