// Element-wise nonlinearities and row softmax, forward and backward, in both numeric levels.
import type { Arr, Precision } from './precision.js';
import { combinePartials, newPartials, rowMax, rowSumWays } from './row-reduce.js';

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;
/** GELU's constants as the FP32 level rounds them (c, a, 3a): what a vector unit must hold. */
export const GELU_FP32_CONSTANTS = { c: Math.fround(GELU_C), a: Math.fround(GELU_A), a3: Math.fround(3 * GELU_A) };

/** GELU, tanh form: 0.5 x (1 + tanh(c (x + a x^3))). Keeps t = tanh(...) for the backward pass. */
export function geluForward(P: Precision, x: Arr, y: Arr, t: Arr): void {
  if (P.name === 'fp64') {
    geluForward64(x, y, t);
    return;
  }
  const r = P.r;
  const c = r(GELU_C),
    a = r(GELU_A),
    half = r(0.5);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const th = P.tanh(r(c * r(v + r(a * r(r(v * v) * v)))));
    t[i] = th;
    y[i] = r(r(half * v) * r(1 + th));
  }
}

/** dy * [0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 a x^2)]. */
export function geluBackward(P: Precision, x: Arr, t: Arr, dy: Arr, dx: Arr): void {
  if (P.name === 'fp64') {
    geluBackward64(x, t, dy, dx);
    return;
  }
  const r = P.r;
  const c = r(GELU_C),
    a3 = r(3 * GELU_A),
    half = r(0.5);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!,
      th = t[i]!;
    const inner = r(c * r(1 + r(a3 * r(v * v))));
    const sech2 = r(1 - r(th * th));
    const deriv = r(r(half * r(1 + th)) + r(r(r(half * v) * sech2) * inner));
    dx[i] = r(dy[i]! * deriv);
  }
}

// Float64 spellings of the two loops above without the rounding hook (the identity at this level):
// the same operations in the same order, so bit-identical, but monomorphic and inlinable (hot path).
function geluForward64(x: Arr, y: Arr, t: Arr): void {
  const c = GELU_C,
    a = GELU_A;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const th = Math.tanh(c * (v + a * (v * v * v)));
    t[i] = th;
    y[i] = 0.5 * v * (1 + th);
  }
}

function geluBackward64(x: Arr, t: Arr, dy: Arr, dx: Arr): void {
  const c = GELU_C,
    a3 = 3 * GELU_A;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!,
      th = t[i]!;
    const inner = c * (1 + a3 * (v * v));
    const sech2 = 1 - th * th;
    dx[i] = dy[i]! * (0.5 * (1 + th) + 0.5 * v * sech2 * inner);
  }
}

export function tanhForward(P: Precision, x: Arr, y: Arr): void {
  for (let i = 0; i < x.length; i++) y[i] = P.tanh(x[i]!);
}

export function tanhBackward(P: Precision, y: Arr, dy: Arr, dx: Arr): void {
  const r = P.r;
  for (let i = 0; i < y.length; i++) dx[i] = r(dy[i]! * r(1 - r(y[i]! * y[i]!)));
}

/**
 * Softmax of a row of n values at x[o..o+n), max subtracted first; result into p at the same offset.
 * The max is rowMax's (NaN wins, -0 < +0); the sum of the e_j follows the one row-sum order (row-reduce.ts).
 */
export function softmaxRow(P: Precision, x: Arr, p: Arr, o: number, n: number): void {
  const r = P.r;
  const m = rowMax(x, o, n);
  const part = newPartials(rowSumWays(P)),
    mask = part.length - 1;
  for (let j = 0; j < n; j++) {
    const e = P.exp(r(x[o + j]! - m));
    p[o + j] = e;
    part[j & mask] = r(part[j & mask]! + e);
  }
  const s = combinePartials(r, part);
  for (let j = 0; j < n; j++) p[o + j] = P.div(p[o + j]!, s);
}

/** dx_j = p_j (dp_j - sum_k p_k dp_k), the sum in the row-sum order (row-reduce.ts). */
export function softmaxRowBackward(P: Precision, p: Arr, dp: Arr, dx: Arr, o: number, n: number): void {
  const r = P.r;
  const part = newPartials(rowSumWays(P)),
    mask = part.length - 1;
  for (let j = 0; j < n; j++) part[j & mask] = r(part[j & mask]! + r(p[o + j]! * dp[o + j]!));
  const s = combinePartials(r, part);
  for (let j = 0; j < n; j++) dx[o + j] = r(p[o + j]! * r(dp[o + j]! - s));
}

/**
 * Cross-entropy of softmax(logits row) against class `target`, gradient scaled by `weight`:
 * dz = r((p - q) * weight) with the target distribution q = onehot, or with label smoothing e > 0
 * q_j = r((1 - e) [j = target] + e / n) (both terms computed once on the host in float64, like every
 * per-step scalar). The returned loss is the plain cross-entropy -log p[target] computed in float64 from
 * the logits, whatever the smoothing: it is reported, never fed back, so it is not part of the hardware order.
 */
export function crossEntropyRow(
  P: Precision,
  z: Arr,
  o: number,
  n: number,
  target: number,
  weight: number,
  p: Arr,
  dz: Arr,
  smoothing = 0,
): number {
  const r = P.r;
  softmaxRow(P, z, p, o, n);
  const w = r(weight);
  const qOn = r(1 - smoothing + smoothing / n),
    qOff = r(smoothing / n);
  for (let j = 0; j < n; j++) dz[o + j] = r(r(p[o + j]! - (j === target ? qOn : qOff)) * w);
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, z[o + j]!);
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(z[o + j]! - m);
  return Math.log(s) + m - z[o + target]!;
}
