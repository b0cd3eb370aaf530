// Floating-point addition and subtraction: swap by magnitude, align with a sticky shift, add or
// subtract the significands with three extra bits (guard, round, sticky), normalize, round once.
import type { Arith } from '../arith/arith.js';
import { normalizeLeft, shrSticky, zeros } from '../arith/helpers.js';
import { Pipeline } from '../arith/pipeline.js';
import { infValue, nanValue } from './constants.js';
import { type FloatFormat, expWorkBits } from './format.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';

/** Where fpAdd may place pipeline registers, in data-flow order. */
export const addCutPoints = ['swap', 'align', 'sum', 'normalize', 'round'] as const;

export function fpAdd<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V, pipe = new Pipeline(addCutPoints)): V {
  return addSigned(ar, f, a, b, ar.constant(0n, 1), pipe);
}

/** a - b: addition with b's sign flipped (before NaN handling, so NaN stays canonical). */
export function fpSub<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V, pipe = new Pipeline(addCutPoints)): V {
  return addSigned(ar, f, a, b, ar.constant(1n, 1), pipe);
}

function addSigned<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V, flipB: V, pipe: Pipeline): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const ua = unpack(ar, f, a);
  const ub = unpack(ar, f, b);
  const signA = ua.sign;
  const signB = ar.xor(ub.sign, flipB);

  // Specials: NaN in, or inf - inf, gives NaN; otherwise any infinity wins with its sign.
  const infMinusInf = ar.and(ar.and(ua.isInf, ub.isInf), ar.xor(signA, signB));
  const isNaN = ar.or(ar.or(ua.isNaN, ub.isNaN), infMinusInf);
  const special = ar.or(isNaN, ar.or(ua.isInf, ub.isInf));
  const specialValue = ar.mux(isNaN, nanValue(ar, f), infValue(ar, f, ar.mux(ua.isInf, signA, signB)));
  // An exact zero sum is +0 under round-to-nearest unless both operands are -0.
  const zeroSign = ar.and(signA, signB);

  // Order by magnitude so the difference of significands is never negative.
  const swap = ar.ltu(ua.magnitude, ub.magnitude);
  const s1 = pipe.cut(ar, 'swap', {
    special,
    specialValue,
    zeroSign,
    signBig: ar.mux(swap, signB, signA),
    effSub: ar.xor(signA, signB),
    expBig: ar.mux(swap, ub.expEff, ua.expEff),
    expSmall: ar.mux(swap, ua.expEff, ub.expEff),
    sigBig: ar.mux(swap, ub.sig, ua.sig),
    sigSmall: ar.mux(swap, ua.sig, ub.sig),
  });

  // Three extra bits below the significand: guard, round and sticky.
  const distance = ar.sub(s1.expBig, s1.expSmall);
  const s2 = pipe.cut(ar, 'align', {
    special: s1.special,
    specialValue: s1.specialValue,
    zeroSign: s1.zeroSign,
    signBig: s1.signBig,
    effSub: s1.effSub,
    expBig: s1.expBig,
    bigX: ar.concat(s1.sigBig, zeros(ar, 3)),
    smallX: ar.named(shrSticky(ar, ar.concat(s1.sigSmall, zeros(ar, 3)), distance), 'add_aligned'),
  });

  // m+5 bits: carry, hidden, m fraction bits, guard/round/sticky.
  const sum = ar.addWide(s2.bigX, s2.smallX);
  const difference = ar.zext(ar.sub(s2.bigX, s2.smallX), m + 5);
  const s3 = pipe.cut(ar, 'sum', {
    special: s2.special,
    specialValue: s2.specialValue,
    zeroSign: s2.zeroSign,
    signBig: s2.signBig,
    expBig: s2.expBig,
    raw: ar.named(ar.mux(s2.effSub, difference, sum), 'add_raw'),
  });

  const norm = normalizeLeft(ar, s3.raw);
  const isZero = ar.not(ar.orReduce(s3.raw));
  // The raw top bit weighs 2^(expBig - bias + 1); each leading zero removes one.
  const exp = ar.sub(ar.add(ar.zext(s3.expBig, ew), ar.constant(1n, ew)), ar.zext(norm.count, ew));
  const s4 = pipe.cut(ar, 'normalize', {
    special: s3.special,
    specialValue: s3.specialValue,
    sign: ar.mux(isZero, s3.zeroSign, s3.signBig),
    exp,
    sig: ar.named(norm.shifted, 'add_normalized'),
  });

  return roundPack(ar, f, s4.sign, s4.exp, s4.sig, { pipe, special: s4.special, specialValue: s4.specialValue });
}
