// Exact bit-vector helpers on bigint: every simulator value is an unsigned vector of its net's width.

/** The value reduced to `width` bits, unsigned. */
export function truncBits(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}

export function hex(v: bigint, width: number): string {
  const digits = Math.max(1, Math.ceil(width / 4));
  return `0x${truncBits(v, width).toString(16).padStart(digits, '0')}`;
}

/** The 32 low bits read as an IEEE binary32 value. */
export function fp32Of(v: bigint): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, Number(BigInt.asUintN(32, v)));
  return view.getFloat32(0);
}

/** Number of 32-bit words a `width`-bit value takes on the wire. */
export function wordsFor(width: number): number {
  return Math.max(1, Math.ceil(width / 32));
}

/** Writes a value as little-endian 32-bit words (least significant word first). */
export function putWords(out: Uint32Array, at: number, v: bigint, width: number): void {
  const n = wordsFor(width);
  if (n === 1) {
    out[at] = Number(BigInt.asUintN(32, v));
    return;
  }
  let x = BigInt.asUintN(width, v);
  for (let i = 0; i < n; i++) {
    out[at + i] = Number(x & 0xffffffffn);
    x >>= 32n;
  }
}

export function getWords(src: Uint32Array, at: number, width: number): bigint {
  const n = wordsFor(width);
  if (n === 1) return BigInt(src[at]!);
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 32n) | BigInt(src[at + i]!);
  return BigInt.asUintN(width, x);
}
