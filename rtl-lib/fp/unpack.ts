// Field extraction and classification of an encoded float, shared by every unit.
import type { Arith } from '../arith/arith.js';
import { type FloatFormat, totalBits } from './format.js';

export interface Unpacked<V> {
  sign: V; // 1 bit
  expField: V; // expBits, as stored
  frac: V; // mantBits, as stored
  /** Exponent as used for the value: the field, or 1 for subnormals and zero (expBits wide). */
  expEff: V;
  /** Significand with the hidden bit: 1.frac for normals, 0.frac for subnormals (mantBits+1 wide). */
  sig: V;
  isZero: V;
  isSubnormal: V;
  isInf: V;
  isNaN: V;
  /** Zero or subnormal (exponent field 0). */
  expZero: V;
  /** Infinity or NaN (exponent field all ones). */
  expMax: V;
  /** Everything but the sign bit: magnitude order equals unsigned order of these bits. */
  magnitude: V;
}

export function unpack<V>(ar: Arith<V>, f: FloatFormat, x: V): Unpacked<V> {
  const w = totalBits(f);
  if (ar.width(x) !== w) throw new RangeError(`float operand must be ${w} bits, got ${ar.width(x)}`);
  const m = f.mantBits;
  const sign = ar.bit(x, w - 1);
  const expField = ar.slice(x, w - 2, m);
  const frac = ar.slice(x, m - 1, 0);
  const expZero = ar.not(ar.orReduce(expField));
  const expMax = ar.andReduce(expField);
  const fracZero = ar.not(ar.orReduce(frac));
  const hidden = ar.not(expZero);
  return {
    sign,
    expField,
    frac,
    expEff: ar.mux(expZero, ar.constant(1n, f.expBits), expField),
    sig: ar.concat(hidden, frac),
    isZero: ar.and(expZero, fracZero),
    isSubnormal: ar.and(expZero, ar.not(fracZero)),
    isInf: ar.and(expMax, fracZero),
    isNaN: ar.and(expMax, ar.not(fracZero)),
    expZero,
    expMax,
    magnitude: ar.slice(x, w - 2, 0),
  };
}
