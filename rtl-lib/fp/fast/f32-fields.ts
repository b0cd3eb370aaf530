// The fields of a float32 argument, read through a typed-array view (no bigint): what the units' unpack and
// normalizeInput compute, as plain integers.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The raw 32-bit pattern of a float32 value (a NaN keeps whatever pattern it has). */
export function patternOf(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

/** Leading zeros of a 24-bit significand (24 for zero): the normalization count of normalizeInput. */
export const sigLeadingZeros = (sig: number): number => Math.clz32(sig) - 8;
