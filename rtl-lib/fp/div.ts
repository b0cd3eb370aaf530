// Division a / b, correctly rounded: both significands are normalized (subnormals shifted up), the
// dividend is doubled when its significand is below the divisor's so the quotient lies in [1, 2), and
// a restoring digit recurrence produces one quotient bit per step (mantBits+2 bits: the significand
// and a round bit; a nonzero remainder is the sticky bit). Every step is a subtract and a select, so a
// cut point after each bit lets the pipeline take one or a few bits per stage, one result per cycle.
// Specials: NaN in, 0/0 and inf/inf give NaN; x/0 and inf/x give a signed infinity; 0/x and x/inf a
// signed zero. Results below the normal range come out subnormal through roundPack.
import type { Arith } from '../arith/arith.js';
import { Pipeline } from '../arith/pipeline.js';
import { infValue, nanValue, zeroValue } from './constants.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { normalizeLeftStart } from '../arith/helpers.js';
import { finishNormalized } from './normalized.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';

/** Quotient bits the recurrence produces: hidden bit, mantBits fraction bits, round bit. */
export const divDigits = (f: FloatFormat): number => f.mantBits + 2;

/**
 * fields (operands decoded and classified), normalize (the subnormal normalisation's first
 * NORMALIZE_STEPS_FIRST shift steps), unpack (inputs normalized), scale (dividend aligned),
 * digit1..digitN (after each quotient bit), round.
 */
export function divCutPoints(f: FloatFormat): string[] {
  return [
    'fields',
    'normalize',
    'unpack',
    'scale',
    ...Array.from({ length: divDigits(f) }, (_, k) => `digit${k + 1}`),
    'round',
  ];
}

/** Shift steps (of log2 of the significand width, 5 for fp32) before the 'normalize' cut. */
const NORMALIZE_STEPS_FIRST = 2;

export function fpDiv<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V, pipe = new Pipeline(divCutPoints(f))): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const ua = unpack(ar, f, a);
  const ub = unpack(ar, f, b);
  const sign = ar.xor(ua.sign, ub.sign);
  const isNaN = ar.or(ar.or(ua.isNaN, ub.isNaN), ar.or(ar.and(ua.isZero, ub.isZero), ar.and(ua.isInf, ub.isInf)));
  const toInf = ar.or(ua.isInf, ub.isZero);
  const toZero = ar.or(ua.isZero, ub.isInf);
  const special = ar.or(isNaN, ar.or(toInf, toZero));
  const specialValue = ar.mux(isNaN, nanValue(ar, f), ar.mux(toInf, infValue(ar, f, sign), zeroValue(ar, f, sign)));
  // Decoding and the subnormal normalisation (a leading-zero count and a shift) take 7 LUT levels in one
  // stage alone and 9 behind a caller's muxes (the vector unit's optimizer lane); 'fields' and
  // 'normalize' split them.
  const s0 = pipe.cut(ar, 'fields', {
    special,
    specialValue,
    sign,
    sigA: ua.sig,
    expA: ua.expEff,
    sigB: ub.sig,
    expB: ub.expEff,
  });
  const pa = normalizeLeftStart(ar, s0.sigA, NORMALIZE_STEPS_FIRST);
  const pb = normalizeLeftStart(ar, s0.sigB, NORMALIZE_STEPS_FIRST);
  const h = pipe.cut(ar, 'normalize', {
    special: s0.special,
    specialValue: s0.specialValue,
    sign: s0.sign,
    expA: s0.expA,
    expB: s0.expB,
    xA: pa.x,
    countA: pa.countHigh,
    zeroA: pa.isZero,
    xB: pb.x,
    countB: pb.countHigh,
    zeroB: pb.isZero,
  });
  const na = finishNormalized(ar, f, { x: h.xA, countHigh: h.countA, isZero: h.zeroA }, h.expA);
  const nb = finishNormalized(ar, f, { x: h.xB, countHigh: h.countB, isZero: h.zeroB }, h.expB);
  const s1 = pipe.cut(ar, 'unpack', {
    special: h.special,
    specialValue: h.specialValue,
    sign: h.sign,
    // (ma 2^(ea-bias)) / (mb 2^(eb-bias)): biased exponent ea - eb + bias before the scaling.
    expDiff: ar.add(ar.sub(na.exp, nb.exp), ar.constant(BigInt(bias(f)), ew)),
    dividend: ar.named(na.mant, 'div_dividend'),
    divisor: ar.named(nb.mant, 'div_divisor'),
  });

  // A dividend significand below the divisor's is doubled (and the exponent lowered) so the quotient
  // is in [1, 2) and its top bit is the first digit: no normalization after the recurrence.
  const dividendSmaller = ar.ltu(s1.dividend, s1.divisor);
  const wideDividend = ar.zext(s1.dividend, m + 2);
  const s2 = pipe.cut(ar, 'scale', {
    special: s1.special,
    specialValue: s1.specialValue,
    sign: s1.sign,
    divisor: s1.divisor,
    exp: ar.sub(s1.expDiff, ar.zext(dividendSmaller, ew)),
    remainder: ar.named(ar.mux(dividendSmaller, ar.shl(wideDividend, 1), wideDividend), 'div_scaled'),
  });

  // Restoring recurrence: the remainder stays below twice the divisor (m+2 bits); each step takes one
  // quotient bit (remainder >= divisor), subtracts when it is 1 and doubles the remainder.
  let state = { ...s2, quotient: undefined as V | undefined };
  const digits = divDigits(f);
  for (let k = 1; k <= digits; k++) {
    const trial = ar.sub(ar.zext(state.remainder, m + 3), ar.zext(state.divisor, m + 3));
    const digit = ar.not(ar.bit(trial, m + 2));
    const kept = ar.mux(digit, ar.trunc(trial, m + 1), ar.trunc(state.remainder, m + 1));
    const quotient = state.quotient === undefined ? digit : ar.concat(state.quotient, digit);
    const { quotient: q, ...rest } = pipe.cut(ar, `digit${k}`, {
      special: state.special,
      specialValue: state.specialValue,
      sign: state.sign,
      divisor: state.divisor,
      exp: state.exp,
      remainder: ar.named(ar.concat(kept, ar.constant(0n, 1)), `div_remainder${k}`),
      quotient: ar.named(quotient, `div_quotient${k}`),
    });
    state = { ...rest, quotient: q };
  }
  const sticky = ar.orReduce(state.remainder);
  const sig = ar.concat(state.quotient!, sticky);
  return roundPack(ar, f, state.sign, state.exp, sig, {
    pipe,
    special: state.special,
    specialValue: state.specialValue,
  });
}
