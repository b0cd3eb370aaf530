// Inputs that stress the nonlinear units' fast models (shared by their tests and the fp32-model bench), as
// 32-bit patterns: every exponent field with boundary fractions, the points where exp's and tanh's range
// reduction changes n (T = n + 1/2), the saturation, overflow and underflow thresholds, tanh's path
// boundaries, and subnormals of every length; each with its neighbours a few ulps away.
import { bits32 } from './f32-view.js';

export type NonlinearUnit = 'exp' | 'tanh' | 'rsqrt' | 'reciprocal';
export const nonlinearUnits: readonly NonlinearUnit[] = ['exp', 'tanh', 'rsqrt', 'reciprocal'];

/** x and its neighbours up to `ulps` patterns away on both sides (same sign). */
function around(out: Set<number>, x: number, ulps = 3): void {
  const b = bits32(Math.fround(x));
  for (let d = -ulps; d <= ulps; d++) {
    const n = b + d;
    if ((n & 0x80000000) === (b & 0x80000000)) out.add(n >>> 0);
  }
}

function common(out: Set<number>): void {
  for (const sign of [0, 0x80000000])
    for (let field = 0; field < 256; field++)
      for (const frac of [0, 1, 2, 0x400000, 0x400001, 0x7ffffe, 0x7fffff])
        out.add((sign | (field << 23) | frac) >>> 0);
  for (let j = 0; j < 23; j++)
    for (const frac of [1 << j, (1 << j) + 1, 2 ** (j + 1) - 1]) {
      out.add(frac >>> 0);
      out.add((0x80000000 | frac) >>> 0);
    }
}

/** Edge-heavy inputs of one unit (a few thousand patterns). */
export function nonlinearEdgeInputs(unit: NonlinearUnit): number[] {
  const out = new Set<number>();
  common(out);
  if (unit === 'exp') {
    for (let k = 0; k <= 370; k++) for (const s of [1, -1]) around(out, s * (k + 0.5) * Math.LN2, 2);
    for (const t of [88.72283935546875, -87.33654022216797, -103.27892303466797, -103.97, 256, -256, 255.99])
      around(out, t, 8);
  }
  if (unit === 'tanh') {
    for (let k = 0; k <= 47; k++) for (const s of [1, -1]) around(out, (s * (k + 0.5) * Math.LN2) / 2, 3);
    for (const t of [0.125, -0.125, 16, -16, 9.01, -9.01, 2 ** -12, 2 ** -30]) around(out, t, 8);
  }
  if (unit === 'rsqrt' || unit === 'reciprocal')
    for (let e = -149; e <= 127; e++) {
      around(out, 2 ** e, 2);
      if (unit === 'reciprocal') around(out, -(2 ** e), 2);
      around(out, 2 ** e * 1.5, 1);
    }
  return [...out];
}

/** A random input for a unit: a third uniform patterns, the rest uniform in value over its busy range. */
export function edgeHeavyInput(unit: NonlinearUnit, rand32: () => number): number {
  const r = rand32();
  const u = rand32() / 2 ** 32;
  if (r % 3 === 0) return r >>> 0;
  if (unit === 'exp') return bits32(Math.fround(r % 3 === 1 ? -104 + 193 * u : 20 * u - 10));
  if (unit === 'tanh') return bits32(Math.fround(r % 3 === 1 ? 32 * u - 16 : 0.25 * u - 0.125));
  // rsqrt and reciprocal: every positive (and for reciprocal negative) exponent alike.
  const pattern = (((rand32() % 255) << 23) | (rand32() & 0x7fffff)) >>> 0;
  return unit === 'reciprocal' && r % 3 === 2 ? (pattern | 0x80000000) >>> 0 : pattern;
}
