// The FP32 model of the kernel's error unit, in its hardware order. For every element i of Y (row-major,
// K x N): e = fround(Y[i] - T[i]) is the output gradient dY[i] (the gradient of loss/2), and e*e is
// accumulated into partial sum i mod P with one FP32 MAC (two roundings), partials starting at +0.
// P is the unit's loop length (its MAC latency + 1: each partial is read again only after its last
// update is back). At the end the partials are combined in order: loss = p0, then loss = mac32(loss, p_j, 1)
// for j = 1 .. P-1 (p_j * 1 is exact, so that is fround(loss + p_j)). Loss = the sum of squared errors.
import { mac32 } from '../tt/gemm32.js';

export function errorAndLoss32(Y: Float32Array, T: Float32Array, dY: Float32Array, P: number): number {
  if (Y.length !== T.length || dY.length !== Y.length) throw new Error('Y, T and dY must have the same length');
  const parts = new Float64Array(P); // binary32 values held exactly
  for (let i = 0; i < Y.length; i++) {
    const e = Math.fround(Y[i]! - T[i]!);
    dY[i] = e;
    const s = i % P;
    parts[s] = mac32(parts[s]!, e, e);
  }
  let loss = parts[0]!;
  for (let j = 1; j < P; j++) loss = mac32(loss, parts[j]!, 1);
  return Math.fround(loss);
}
