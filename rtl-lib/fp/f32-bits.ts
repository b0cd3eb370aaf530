// Conversions between JavaScript numbers and binary32 / binary64 bit patterns, for models and tests.
const buf = new DataView(new ArrayBuffer(8));

export function f32ToBits(x: number): bigint {
  buf.setFloat32(0, x);
  return BigInt(buf.getUint32(0));
}

export function bitsToF32(b: bigint): number {
  buf.setUint32(0, Number(b & 0xffffffffn));
  return buf.getFloat32(0);
}

/** Is a 32-bit pattern a NaN? */
export function isNaN32(b: bigint): boolean {
  return (b & 0x7f800000n) === 0x7f800000n && (b & 0x7fffffn) !== 0n;
}
