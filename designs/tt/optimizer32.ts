// Parameter updates in FP32 hardware order, applied core by core (each core is one flat buffer).
// SGD:  w = fround(w - fround(lr * g)).
// Adam (t >= 1 is the step number, constants rounded to binary32 once):
//   c1 = fround(1 - b1), c2 = fround(1 - b2), bc1 = fround(1 - fround(b1^t)), bc2 = fround(1 - fround(b2^t))
//   m  = fround(fround(b1 * m) + fround(c1 * g))
//   v  = fround(fround(b2 * v) + fround(fround(c2 * g) * g))
//   mh = fround(m / bc1); vh = fround(v / bc2)
//   w  = fround(w - fround(fround(lr * mh) / fround(fround(sqrt(vh)) + eps)))
// fround of a float64 division or square root of binary32 operands is the correctly rounded binary32
// result (53 >= 2*24 + 2, so the double rounding is innocuous).

export interface AdamConfig {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** The GPU reference's Adam settings (../shared/docs/accelerator.md). */
export const DEFAULT_ADAM: AdamConfig = { lr: 1e-3, beta1: 0.9, beta2: 0.98, eps: 1e-6 };

export function sgdUpdate32(w: Float32Array, g: Float32Array, lr: number): void {
  const fr = Math.fround;
  const lr32 = fr(lr);
  for (let i = 0; i < w.length; i++) w[i] = fr(w[i]! - fr(lr32 * g[i]!));
}

/** One Adam step (t counts from 1) on one core: updates w, m and v in place. */
export function adamUpdate32(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  t: number,
  cfg: AdamConfig = DEFAULT_ADAM,
): void {
  const fr = Math.fround;
  const b1 = fr(cfg.beta1);
  const b2 = fr(cfg.beta2);
  const c1 = fr(1 - b1);
  const c2 = fr(1 - b2);
  const bc1 = fr(1 - fr(b1 ** t));
  const bc2 = fr(1 - fr(b2 ** t));
  const lr = fr(cfg.lr);
  const eps = fr(cfg.eps);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = fr(fr(b1 * m[i]!) + fr(c1 * gi));
    const vi = fr(fr(b2 * v[i]!) + fr(fr(c2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    const mh = fr(mi / bc1);
    const vh = fr(vi / bc2);
    w[i] = fr(w[i]! - fr(fr(lr * mh) / fr(fr(Math.sqrt(vh)) + eps)));
  }
}

/** Float64 counterparts (plain, for the float64 reference training). */
export function sgdUpdate64(w: Float64Array, g: Float64Array, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i]! -= lr * g[i]!;
}

export function adamUpdate64(
  w: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  t: number,
  cfg: AdamConfig = DEFAULT_ADAM,
): void {
  const bc1 = 1 - cfg.beta1 ** t;
  const bc2 = 1 - cfg.beta2 ** t;
  for (let i = 0; i < w.length; i++) {
    m[i] = cfg.beta1 * m[i]! + (1 - cfg.beta1) * g[i]!;
    v[i] = cfg.beta2 * v[i]! + (1 - cfg.beta2) * g[i]! * g[i]!;
    w[i]! -= (cfg.lr * (m[i]! / bc1)) / (Math.sqrt(v[i]! / bc2) + cfg.eps);
  }
}
