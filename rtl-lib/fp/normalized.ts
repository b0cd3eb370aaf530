// Normalized view of an operand for the nonlinear units: subnormals are shifted up so the
// significand always has its top bit set, and the exponent goes below 1 instead.
import type { Arith } from '../arith/arith.js';
import { normalizeLeft, normalizeLeftFinish, type PartialNormalize } from '../arith/helpers.js';
import { type FloatFormat, expWorkBits } from './format.js';
import type { Unpacked } from './unpack.js';

export interface Normalized<V> {
  /** mantBits+1 bits, top bit 1 for every nonzero input: value mant / 2^mantBits in [1, 2). */
  mant: V;
  /** Signed biased exponent (expWorkBits wide): x = mant/2^m * 2^(exp - bias). */
  exp: V;
}

export function normalizeInput<V>(ar: Arith<V>, f: FloatFormat, u: Pick<Unpacked<V>, 'sig' | 'expEff'>): Normalized<V> {
  const ew = expWorkBits(f);
  const norm = normalizeLeft(ar, u.sig);
  return { mant: norm.shifted, exp: ar.sub(ar.zext(u.expEff, ew), ar.zext(norm.count, ew)) };
}

/** normalizeInput's second half after normalizeLeftStart(u.sig, k) and, maybe, a pipeline register. */
export function finishNormalized<V>(ar: Arith<V>, f: FloatFormat, p: PartialNormalize<V>, expEff: V): Normalized<V> {
  const ew = expWorkBits(f);
  const norm = normalizeLeftFinish(ar, f.mantBits + 1, p);
  return { mant: norm.shifted, exp: ar.sub(ar.zext(expEff, ew), ar.zext(norm.count, ew)) };
}
