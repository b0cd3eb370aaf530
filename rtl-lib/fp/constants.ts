// Encodings of the special values, as Arith constants.
import type { Arith } from '../arith/arith.js';
import { type FloatFormat, canonicalNaN, maxExpField, totalBits } from './format.js';

export function nanValue<V>(ar: Arith<V>, f: FloatFormat): V {
  return ar.constant(canonicalNaN(f), totalBits(f));
}

/** Signed infinity: sign bit followed by the all-ones exponent and a zero fraction. */
export function infValue<V>(ar: Arith<V>, f: FloatFormat, sign: V): V {
  return ar.concat(sign, ar.constant(BigInt(maxExpField(f)) << BigInt(f.mantBits), f.expBits + f.mantBits));
}

/** Signed zero. */
export function zeroValue<V>(ar: Arith<V>, f: FloatFormat, sign: V): V {
  return ar.concat(sign, ar.constant(0n, f.expBits + f.mantBits));
}

/** Signed one. */
export function oneValue<V>(ar: Arith<V>, f: FloatFormat, sign: V): V {
  return ar.concat(sign, ar.constant(BigInt(2 ** (f.expBits - 1) - 1) << BigInt(f.mantBits), f.expBits + f.mantBits));
}
