// The full-reconstruction flow in the FP32 model, written directly (for comparison with the planner's
// schedule of the same tree, and as the baseline the bi-directional flow is measured against):
// W = L R; Y = X W + b; dX = dY W^T; dW = X^T dY; dL = dW R^T; dR = L^T dW; then both merges backward.
import { leftMerge, leftMergeBackward, rightMerge, rightMergeBackward } from './chain.js';
import { addRowVector, columnSums, FP32_GEMM as G, matmul } from './gemm-kernel.js';
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
  const lefts = leftMerge(G, lc, ls, lr);
  const rights = rightMerge(G, rc, rs, rr);
  const L = lefts.at(-1)!;
  const R = rights[0]!;
  const W = matmul(G, M, N, mid, L, false, R, false);
  const Y = matmul(G, K, N, M, X, false, W, false);
  addRowVector(G, K, N, p.bias, Y);
  const dX = matmul(G, K, M, N, dY, false, W, true);
  const dW = matmul(G, M, N, K, X, true, dY, false);
  const dL = matmul(G, M, mid, N, dW, false, R, true);
  const dR = matmul(G, mid, N, M, L, true, dW, false);
  const dCores = [...leftMergeBackward(G, lc, lefts, ls, lr, dL), ...rightMergeBackward(G, rc, rights, rs, rr, dR)];
  return { Y, dX, dCores, dBias: columnSums(G, K, N, dY) };
}
