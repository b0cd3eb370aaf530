// Test helpers: a seeded generator and small random TT shapes.
import type { TTLayerShape } from '../../../designs/transformer/config.js';
import fc from 'fast-check';

/** mulberry32: a small deterministic generator in [0, 1). */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomArray(n: number, rng: () => number, scale = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * rng() - 1) * scale;
  return out;
}

/** Values that are exactly binary32, held in float64: both numeric levels then see the same inputs. */
export function randomArray32(n: number, rng: () => number, scale = 1): Float64Array {
  return randomArray(n, rng, scale).map(Math.fround);
}

/** Small random TT layer shapes: 1..3 input and output cores, modes 1..4, ranks 1..4. */
export const arbTTShape: fc.Arbitrary<TTLayerShape> = fc
  .record({
    inShape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    outShape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
    interior: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ inShape, outShape, interior }) => {
    const cores = inShape.length + outShape.length;
    const ranks = Array.from({ length: cores + 1 }, (_, i) => (i === 0 || i === cores ? 1 : interior[i - 1]!));
    return { inShape, outShape, ranks };
  });

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Bitwise equality of two float32 arrays (NaN never expected here). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
