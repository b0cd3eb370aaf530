// Float format descriptors: IEEE-754 style binary formats with a sign bit, expBits of biased exponent
// and mantBits of stored fraction (hidden leading 1 for normals, subnormals at exponent field 0).

export interface FloatFormat {
  readonly expBits: number;
  readonly mantBits: number;
}

export const fp32: FloatFormat = Object.freeze({ expBits: 8, mantBits: 23 });
export const bf16: FloatFormat = Object.freeze({ expBits: 8, mantBits: 7 });
export const fp16: FloatFormat = Object.freeze({ expBits: 5, mantBits: 10 });

export function checkFormat(f: FloatFormat): void {
  if (!Number.isInteger(f.expBits) || f.expBits < 2 || f.expBits > 15)
    throw new RangeError(`expBits must be 2..15, got ${f.expBits}`);
  if (!Number.isInteger(f.mantBits) || f.mantBits < 1 || f.mantBits > 52)
    throw new RangeError(`mantBits must be 1..52, got ${f.mantBits}`);
}

/** Total encoding width: sign + exponent + fraction. */
export function totalBits(f: FloatFormat): number {
  return 1 + f.expBits + f.mantBits;
}

export function bias(f: FloatFormat): number {
  return 2 ** (f.expBits - 1) - 1;
}

/** All-ones exponent field (infinities and NaNs). */
export function maxExpField(f: FloatFormat): number {
  return 2 ** f.expBits - 1;
}

/**
 * Width of the signed (two's complement) internal exponent: wide enough for every intermediate of
 * every unit (products of two subnormals, int32 conversion, exp's scale) without wrapping.
 */
export function expWorkBits(f: FloatFormat): number {
  let b = f.expBits + 3;
  while (2 ** (b - 2) < 3 * f.mantBits + 72) b++;
  return b;
}

/** The canonical quiet NaN encoding: sign 0, exponent all ones, only the top fraction bit set. */
export function canonicalNaN(f: FloatFormat): bigint {
  return (BigInt(maxExpField(f)) << BigInt(f.mantBits)) | (1n << BigInt(f.mantBits - 1));
}

export function formatName(f: FloatFormat): string {
  if (f.expBits === 8 && f.mantBits === 23) return 'fp32';
  if (f.expBits === 8 && f.mantBits === 7) return 'bf16';
  if (f.expBits === 5 && f.mantBits === 10) return 'fp16';
  return `e${f.expBits}m${f.mantBits}`;
}
