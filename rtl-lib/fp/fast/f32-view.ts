// Bit views of one float32 on typed arrays: the fast models' way between numbers and 32-bit patterns
// (plain numbers, no bigint). NaN always maps to the canonical quiet NaN, which is what every unit emits.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export const CANONICAL_NAN_32 = 0x7fc00000;

/** The unit's output pattern for a float32 value (any NaN becomes the canonical NaN). */
export function bits32(x: number): number {
  if (x !== x) return CANONICAL_NAN_32;
  f32[0] = x;
  return u32[0]!;
}

/** The float32 value of a 32-bit pattern (unsigned, 0 .. 2^32-1). */
export function float32(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}
