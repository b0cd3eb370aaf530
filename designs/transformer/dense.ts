// A dense linear layer (the two classifier outputs): Y = X W^T + b, W stored out x in (row-major), so
// each output is a dot product over contiguous memory. The bias is added after the dot: y = r(dot + b).
import { gemm, rowMajor, transposed } from './gemm.js';
import type { Arr, Precision } from './precision.js';

/** Y (K x N) from X (K x M), W (N x M), b (N). */
export function denseForward(P: Precision, X: Arr, K: number, M: number, N: number, W: Arr, b: Arr, Y: Arr): void {
  const r = P.r;
  gemm(P, K, N, M, rowMajor(X, M), transposed(W, M), rowMajor(Y, N));
  for (let i = 0; i < K; i++) for (let j = 0; j < N; j++) Y[i * N + j] = r(Y[i * N + j]! + b[j]!);
}

/** dX = dY W; dW += dY^T X (tokens ascending); db += column sums of dY (tokens ascending). */
export function denseBackward(
  P: Precision,
  X: Arr,
  K: number,
  M: number,
  N: number,
  W: Arr,
  dY: Arr,
  dX: Arr,
  dW: Arr,
  db: Arr,
): void {
  const r = P.r;
  gemm(P, K, M, N, rowMajor(dY, N), rowMajor(W, M), rowMajor(dX, M));
  gemm(P, N, M, K, transposed(dY, N), rowMajor(X, M), rowMajor(dW, M), true);
  for (let j = 0; j < N; j++) {
    let acc = db[j]!;
    for (let i = 0; i < K; i++) acc = r(acc + dY[i * N + j]!);
    db[j] = acc;
  }
}
