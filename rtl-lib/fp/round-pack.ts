// The single rounding step every unit ends with: round to nearest, ties to even, with gradual
// underflow (subnormal results), overflow to infinity and the rounding carry-out folded in.
import type { Arith } from '../arith/arith.js';
import { les, shrSticky, signedConst, zeros } from '../arith/helpers.js';
import { infValue } from './constants.js';
import { type FloatFormat, expWorkBits, maxExpField } from './format.js';
import type { Pipeline } from '../arith/pipeline.js';

/**
 * Pack sign * sig/2^(S-1) * 2^(exp - bias) into the format.
 * - `exp` is a signed (two's complement) biased exponent of width expWorkBits(f); it may be <= 0
 *   (the result is then subnormal or zero after rounding) or beyond the range (infinity).
 * - `sig` (width S >= mantBits+3) is normalized: its top bit is 1, or the whole value is 0, which packs
 *   to a zero of the given sign. Bits below the round bit only matter through their OR (sticky), so
 *   callers may jam lost bits into the LSB.
 */
/**
 * Optional pipelining of the rounding step itself: with `staged`, the 'round' cut of `pipe` (when
 * enabled) registers the aligned significand between the subnormal shift and the increment, and the
 * special-case result (NaN, infinity, ...) rides along to the final select.
 */
export interface RoundStage<V> {
  readonly pipe: Pipeline;
  readonly special: V;
  readonly specialValue: V;
}

export function roundPack<V>(ar: Arith<V>, f: FloatFormat, sign0: V, exp0: V, sig: V, staged?: RoundStage<V>): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const s = ar.width(sig);
  const g = s - (m + 1);
  if (ar.width(exp0) !== ew) throw new RangeError(`roundPack: exponent must be ${ew} bits, got ${ar.width(exp0)}`);
  if (g < 2) throw new RangeError(`roundPack: significand needs at least ${m + 3} bits, got ${s}`);

  // Tiny results: shift right so the exponent becomes the subnormal one (1), keeping a sticky bit.
  const tiny0 = les(ar, exp0, signedConst(ar, 0, ew));
  const denormShift = ar.mux(tiny0, ar.sub(signedConst(ar, 1, ew), exp0), zeros(ar, ew));
  const aligned0 = ar.named(shrSticky(ar, sig, denormShift), 'round_aligned');
  const isZero0 = ar.not(ar.orReduce(sig));
  const live = { sign: sign0, exp: exp0, tiny: tiny0, aligned: aligned0, isZero: isZero0 };
  const st = staged
    ? staged.pipe.cut(ar, 'round', { ...live, special: staged.special, specialValue: staged.specialValue })
    : { ...live, special: undefined, specialValue: undefined };
  const { sign, exp, tiny, aligned, isZero } = st;

  const kept = ar.slice(aligned, s - 1, g);
  const lsb = ar.bit(aligned, g);
  const roundBit = ar.bit(aligned, g - 1);
  const sticky = ar.orReduce(ar.slice(aligned, g - 2, 0));
  const roundUp = ar.and(roundBit, ar.or(sticky, lsb));
  const rounded = ar.add(ar.zext(kept, m + 2), ar.zext(roundUp, m + 2));

  // (exp-1) << m plus the significand with its hidden bit: the hidden bit (or a rounding carry into
  // it, or out of it) increments the exponent field for free. Subnormals use exp-1 = 0.
  const expBase = ar.mux(tiny, zeros(ar, ew), ar.sub(exp, signedConst(ar, 1, ew)));
  const tw = ew + m + 1;
  const packed = ar.add(ar.shl(ar.zext(expBase, tw), m), ar.zext(rounded, tw));
  const overflow = ar.geu(packed, ar.constant(BigInt(maxExpField(f)) << BigInt(m), tw));
  const finite = ar.concat(sign, ar.trunc(packed, f.expBits + m));
  const zero = ar.concat(sign, zeros(ar, f.expBits + m));
  const result = ar.mux(isZero, zero, ar.mux(overflow, infValue(ar, f, sign), finite));
  return st.special !== undefined && st.specialValue !== undefined
    ? ar.mux(st.special, st.specialValue, result)
    : result;
}
