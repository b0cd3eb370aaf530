// LayerNorm over rows of length d: y = (x - mean) * rstd * gamma + beta, rstd = 1/sqrt(var + eps).
// FP32 order: sums run over the row left to right; mean and variance multiply by the constant r(1/d);
// rstd is one rsqrt unit; y = r(r(xhat * gamma) + beta).
import type { Arr, Precision } from './precision.js';

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
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    let s = 0;
    for (let c = 0; c < d; c++) s = r(s + x[o + c]!);
    const mean = r(s * invD);
    let v = 0;
    for (let c = 0; c < d; c++) {
      const t = r(x[o + c]! - mean);
      v = r(v + r(t * t));
    }
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
  for (let i = 0; i < rows; i++) {
    const o = i * d;
    let s1 = 0;
    let s2 = 0;
    for (let c = 0; c < d; c++) {
      const dyc = dy[o + c]!;
      const h = xhat[o + c]!;
      dGamma[c] = r(dGamma[c]! + r(dyc * h));
      dBeta[c] = r(dBeta[c]! + dyc);
      const gc = r(dyc * gamma[c]!);
      g[c] = gc;
      s1 = r(s1 + gc);
      s2 = r(s2 + r(gc * h));
    }
    const m1 = r(s1 * invD);
    const m2 = r(s2 * invD);
    const rs = rstd[i]!;
    for (let c = 0; c < d; c++) dx[o + c] = r(rs * r(r(g[c]! - m1) - r(xhat[o + c]! * m2)));
  }
}
