// An independent reference for any binary format: values decoded to exact dyadic rationals
// (sign, n * 2^k with bigint n) and rounded by plain bigint arithmetic, round to nearest even.
// Written without the generic units' structure so the two can check each other.
import { type FloatFormat, bias, canonicalNaN, maxExpField } from './format.js';

export type Exact =
  | { kind: 'nan' }
  | { kind: 'inf'; sign: 0 | 1 }
  | { kind: 'finite'; sign: 0 | 1; n: bigint; k: number };

export function decodeExact(f: FloatFormat, x: bigint): Exact {
  const m = BigInt(f.mantBits);
  const sign = Number((x >> BigInt(f.expBits + f.mantBits)) & 1n) as 0 | 1;
  const e = Number((x >> m) & BigInt(maxExpField(f)));
  const frac = x & ((1n << m) - 1n);
  if (e === maxExpField(f)) return frac === 0n ? { kind: 'inf', sign } : { kind: 'nan' };
  if (e === 0) return { kind: 'finite', sign, n: frac, k: 1 - bias(f) - f.mantBits };
  return { kind: 'finite', sign, n: frac | (1n << m), k: e - bias(f) - f.mantBits };
}

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** Round sign * n * 2^k (n >= 0) to the format, nearest even. */
export function roundExact(f: FloatFormat, sign: 0 | 1, n: bigint, k: number): bigint {
  const m = f.mantBits;
  const signBit = BigInt(sign) << BigInt(f.expBits + m);
  if (n === 0n) return signBit;
  const emin = 1 - bias(f);
  const top = k + bitLength(n) - 1;
  let q = Math.max(top, emin) - m; // exponent of the result's last place
  let mi: bigint;
  if (k >= q) mi = n << BigInt(k - q);
  else {
    const shift = BigInt(q - k);
    mi = n >> shift;
    const rem = n - (mi << shift);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (mi & 1n) === 1n)) mi += 1n;
  }
  if (mi === 1n << BigInt(m + 1)) {
    mi >>= 1n;
    q += 1;
  }
  if (mi < 1n << BigInt(m)) return signBit | mi; // subnormal (or rounded to zero)
  const field = q + m + bias(f);
  if (field >= maxExpField(f)) return signBit | (BigInt(maxExpField(f)) << BigInt(m));
  return signBit | (BigInt(field) << BigInt(m)) | (mi - (1n << BigInt(m)));
}

const nan = (f: FloatFormat) => canonicalNaN(f);
const inf = (f: FloatFormat, sign: 0 | 1) =>
  (BigInt(sign) << BigInt(f.expBits + f.mantBits)) | (BigInt(maxExpField(f)) << BigInt(f.mantBits));

export function refAdd(f: FloatFormat, a: bigint, b: bigint): bigint {
  const x = decodeExact(f, a);
  const y = decodeExact(f, b);
  if (x.kind === 'nan' || y.kind === 'nan') return nan(f);
  if (x.kind === 'inf' && y.kind === 'inf') return x.sign === y.sign ? inf(f, x.sign) : nan(f);
  if (x.kind === 'inf') return inf(f, x.sign);
  if (y.kind === 'inf') return inf(f, y.sign);
  const k = Math.min(x.k, y.k);
  const sx = (x.sign ? -x.n : x.n) << BigInt(x.k - k);
  const sy = (y.sign ? -y.n : y.n) << BigInt(y.k - k);
  const s = sx + sy;
  if (s === 0n) return roundExact(f, (x.sign & y.sign) as 0 | 1, 0n, k);
  return roundExact(f, s < 0n ? 1 : 0, s < 0n ? -s : s, k);
}

export function refNeg(f: FloatFormat, a: bigint): bigint {
  return decodeExact(f, a).kind === 'nan' ? nan(f) : a ^ (1n << BigInt(f.expBits + f.mantBits));
}

export function refSub(f: FloatFormat, a: bigint, b: bigint): bigint {
  return decodeExact(f, b).kind === 'nan' ? nan(f) : refAdd(f, a, b ^ (1n << BigInt(f.expBits + f.mantBits)));
}

export function refMul(f: FloatFormat, a: bigint, b: bigint): bigint {
  const x = decodeExact(f, a);
  const y = decodeExact(f, b);
  if (x.kind === 'nan' || y.kind === 'nan') return nan(f);
  const sign = ((x.kind === 'finite' || x.kind === 'inf' ? x.sign : 0) ^
    (y.kind === 'finite' || y.kind === 'inf' ? y.sign : 0)) as 0 | 1;
  if (x.kind === 'inf' || y.kind === 'inf') {
    const other = x.kind === 'inf' ? y : x;
    if (other.kind === 'finite' && other.n === 0n) return nan(f);
    return inf(f, sign);
  }
  if (x.kind !== 'finite' || y.kind !== 'finite') throw new Error('unreachable');
  return roundExact(f, sign, x.n * y.n, x.k + y.k);
}

export function refFromInt(f: FloatFormat, v: bigint): bigint {
  return roundExact(f, v < 0n ? 1 : 0, v < 0n ? -v : v, 0);
}

/** Truncate toward zero, saturate to the int32 range, NaN -> 0 (Rust `as` semantics). */
export function refToInt32(f: FloatFormat, a: bigint): bigint {
  const x = decodeExact(f, a);
  if (x.kind === 'nan') return 0n;
  let v: bigint;
  if (x.kind === 'inf') v = x.sign ? -(1n << 40n) : 1n << 40n;
  else {
    const mag = x.k >= 0 ? x.n << BigInt(x.k) : x.n >> BigInt(-x.k);
    v = x.sign ? -mag : mag;
  }
  if (v > 0x7fffffffn) v = 0x7fffffffn;
  if (v < -0x80000000n) v = -0x80000000n;
  return v & 0xffffffffn;
}

/** Correctly rounded a / b: enough quotient bits for the round bit, the remainder jammed as sticky. */
export function refDiv(f: FloatFormat, a: bigint, b: bigint): bigint {
  const x = decodeExact(f, a);
  const y = decodeExact(f, b);
  if (x.kind === 'nan' || y.kind === 'nan') return nan(f);
  const sign = (x.sign ^ y.sign) as 0 | 1;
  const xZero = x.kind === 'finite' && x.n === 0n;
  const yZero = y.kind === 'finite' && y.n === 0n;
  if ((x.kind === 'inf' && y.kind === 'inf') || (xZero && yZero)) return nan(f);
  if (x.kind === 'inf' || yZero) return inf(f, sign);
  if (y.kind === 'inf' || xZero) return roundExact(f, sign, 0n, 0);
  if (x.kind !== 'finite' || y.kind !== 'finite') throw new Error('unreachable');
  // Scale so the integer quotient has at least mantBits+3 bits; the jammed remainder sits below them.
  const s = f.mantBits + 3 + bitLength(y.n) - bitLength(x.n);
  const num = x.n << BigInt(s);
  const q = num / y.n;
  const sticky = num % y.n === 0n ? 0n : 1n;
  return roundExact(f, sign, (q << 1n) | sticky, x.k - y.k - s - 1);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let r = 1n << BigInt((bitLength(n) + 1) >> 1); // >= sqrt(n)
  for (;;) {
    const next = (r + n / r) >> 1n;
    if (next >= r) return r;
    r = next;
  }
}

/** Correctly rounded sqrt(a): an integer root with enough bits, the remainder jammed as sticky. */
export function refSqrt(f: FloatFormat, a: bigint): bigint {
  const x = decodeExact(f, a);
  if (x.kind === 'nan') return nan(f);
  if (x.kind === 'finite' && x.n === 0n) return a; // +-0
  if (x.sign === 1) return nan(f);
  if (x.kind === 'inf') return inf(f, 0);
  let n = x.n;
  let k = x.k;
  if (k % 2 !== 0) {
    n <<= 1n;
    k -= 1;
  }
  // The root of n 4^t has about (bits(n) + 2t) / 2 bits: at least mantBits+3.
  const t = Math.max(0, Math.ceil((2 * (f.mantBits + 3) - bitLength(n)) / 2));
  const scaled = n << BigInt(2 * t);
  const r = isqrt(scaled);
  const sticky = r * r === scaled ? 0n : 1n;
  return roundExact(f, 0, (r << 1n) | sticky, k / 2 - t - 1);
}
