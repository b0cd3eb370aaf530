// Conversions between two's complement integers (32 bits by default) and floats.
//
// intToFloat: exact magnitude, one normalization, one rounding (to nearest, ties to even).
// floatToInt: rounds toward zero like a C cast, saturates out-of-range values to INT_MAX / INT_MIN
// (infinities included) and maps NaN to 0 - the semantics of Rust's `f32 as i32`.
import type { Arith } from '../arith/arith.js';
import { negate, normalizeLeft, ones, zeros } from '../arith/helpers.js';
import { Pipeline } from '../arith/pipeline.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';

export const intToFloatCutPoints = ['normalize'] as const;
export const floatToIntCutPoints = ['decode'] as const;

export function intToFloat<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(intToFloatCutPoints)): V {
  const n = ar.width(x);
  const ew = expWorkBits(f);
  const sign = ar.bit(x, n - 1);
  // |INT_MIN| = 2^(n-1) still fits n bits as an unsigned value.
  const magnitude = ar.mux(sign, negate(ar, x), x);
  const norm = normalizeLeft(ar, magnitude);
  const exp = ar.sub(ar.constant(BigInt(bias(f) + n - 1), ew), ar.zext(norm.count, ew));
  // roundPack needs mantBits+3 significand bits; pad narrow integers with zeros.
  const pad = f.mantBits + 3 - n;
  const sig = pad > 0 ? ar.concat(norm.shifted, zeros(ar, pad)) : norm.shifted;
  const s = pipe.cut(ar, 'normalize', { sign, exp, sig });
  return roundPack(ar, f, s.sign, s.exp, s.sig);
}

export function floatToInt<V>(
  ar: Arith<V>,
  f: FloatFormat,
  x: V,
  intBits = 32,
  pipe = new Pipeline(floatToIntCutPoints),
): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const u = unpack(ar, f, x);
  const field = ar.zext(u.expField, ew);
  const b = BigInt(bias(f));
  // |x| < 1 truncates to 0; |x| >= 2^(intBits-1) saturates (so does -2^(intBits-1), to the same value).
  const belowOne = ar.ltu(field, ar.constant(b, ew));
  // Infinities too: in narrow formats their exponent field is below bias + intBits - 1.
  const tooBig = ar.or(u.expMax, ar.geu(field, ar.constant(b + BigInt(intBits - 1), ew)));
  // Here 0 <= field - bias <= intBits-2: shift the significand up by that much, then drop m bits.
  const shift = ar.sub(field, ar.constant(b, ew));
  const s = pipe.cut(ar, 'decode', { sign: u.sign, sig: u.sig, shift, zero: ar.or(u.isNaN, belowOne), tooBig });
  const wide = ar.shlVar(ar.zext(s.sig, m + intBits), s.shift);
  const magnitude = ar.trunc(ar.shr(wide, m), intBits);
  const inRange = ar.mux(s.sign, negate(ar, magnitude), magnitude);
  const saturated = ar.mux(s.sign, ar.constant(1n << BigInt(intBits - 1), intBits), ar.shr(ones(ar, intBits), 1));
  return ar.mux(s.zero, zeros(ar, intBits), ar.mux(s.tooBig, saturated, inRange));
}
