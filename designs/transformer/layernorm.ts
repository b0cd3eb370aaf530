// LayerNorm over rows of length d: y = (x - mean) * rstd * gamma + beta, rstd = 1/sqrt(var + eps).
// FP32 order: every row sum follows the one lane-parallel row-sum order (row-reduce.ts; float64: left to
// right); mean and variance multiply by the constant r(1/d);
// rstd is one rsqrt unit; y = r(r(xhat * gamma) + beta).
import type { Arr, Precision } from './precision.js';
import { combinePartials, newPartials, resetPartials, rowSumWays } from './row-reduce.js';

export interface LayerNormCache {
  xhat: Arr;
  rstd: Arr;
  rows: number;
}

export function layerNormForward(
  P: Precision,
  x: Arr,
  rows: number,
  d: number,
  gamma: Arr,
  beta: Arr,
  eps: number,
  y: Arr,
): LayerNormCache {
  const r = P.r;
  const invD = r(1 / d);
  const epsR = r(eps);
  const xhat = P.alloc(rows * d);
  const rstd = P.alloc(rows);
  const part = newPartials(rowSumWays(P)),
    mask = part.length - 1;
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    resetPartials(part);
    for (let c = 0; c < d; c++) part[c & mask] = r(part[c & mask]! + x[o + c]!);
    const mean = r(combinePartials(r, part) * invD);
    resetPartials(part);
    for (let c = 0; c < d; c++) {
      const t = r(x[o + c]! - mean);
      part[c & mask] = r(part[c & mask]! + r(t * t));
    }
    const v = combinePartials(r, part);
    const rs = P.rsqrt(r(r(v * invD) + epsR));
    rstd[i] = rs;
    for (let c = 0; c < d; c++) {
      const h = r(r(x[o + c]! - mean) * rs);
      xhat[o + c] = h;
      y[o + c] = r(r(h * gamma[c]!) + beta[c]!);
    }
  }
  return { xhat, rstd, rows };
}

/** dx from dy; dGamma/dBeta accumulate over rows in ascending order. */
export function layerNormBackward(
  P: Precision,
  cache: LayerNormCache,
  d: number,
  gamma: Arr,
  dy: Arr,
  dx: Arr,
  dGamma: Arr,
  dBeta: Arr,
): void {
  const r = P.r;
  const invD = r(1 / d);
  const { xhat, rstd, rows } = cache;
  const g = P.alloc(d);
  const part1 = newPartials(rowSumWays(P)),
    part2 = newPartials(rowSumWays(P)),
    mask = part1.length - 1;
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    resetPartials(part1);
    resetPartials(part2);
    for (let c = 0; c < d; c++) {
      const dyc = dy[o + c]!;
      const h = xhat[o + c]!;
      dGamma[c] = r(dGamma[c]! + r(dyc * h));
      dBeta[c] = r(dBeta[c]! + dyc);
      const gc = r(dyc * gamma[c]!);
      g[c] = gc;
      part1[c & mask] = r(part1[c & mask]! + gc);
      part2[c & mask] = r(part2[c & mask]! + r(gc * h));
    }
    const m1 = r(combinePartials(r, part1) * invD);
    const m2 = r(combinePartials(r, part2) * invD);
    const rs = rstd[i]!;
    for (let c = 0; c < d; c++) dx[o + c] = r(rs * r(r(g[c]! - m1) - r(xhat[o + c]! * m2)));
  }
}
