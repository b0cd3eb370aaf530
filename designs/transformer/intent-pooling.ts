// The intent head's input row from the encoder's T output rows (config.intentPooling):
//   'first' (default): X[0], the classification token's row;
//   'mean': u = r(s * r(1/T)), s = the rows summed ascending from +0 (the vector unit's sumRows, then
//   scale), and backward dX[t] = r(g * r(1/T)) for every row t (scale with a broadcast row).
import type { IntentPooling } from './config.js';
import type { Arr, Precision } from './precision.js';

/** The pooled row (length d) of X (T x d, row-major). 'first' returns a view of X. */
export function poolIntentInput(P: Precision, mode: IntentPooling, X: Arr, T: number, d: number): Arr {
  if (mode === 'first') return X.subarray(0, d);
  const r = P.r,
    invT = r(1 / T),
    u = P.alloc(d);
  for (let c = 0; c < d; c++) {
    let s = 0;
    for (let t = 0; t < T; t++) s = r(s + X[t * d + c]!);
    u[c] = r(s * invT);
  }
  return u;
}

/** Writes the pooled row's gradient g (length d) into dX (T x d), which the slot head then adds to. */
export function poolIntentInputBackward(
  P: Precision,
  mode: IntentPooling,
  g: Arr,
  T: number,
  d: number,
  dX: Arr,
): void {
  if (mode === 'first') {
    dX.set(g, 0);
    return;
  }
  const r = P.r,
    invT = r(1 / T);
  for (let t = 0; t < T; t++) for (let c = 0; c < d; c++) dX[t * d + c] = r(g[c]! * invT);
}
