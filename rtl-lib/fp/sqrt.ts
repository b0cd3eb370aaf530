// Square root, correctly rounded: the input is normalized (subnormals shifted up), its exponent made
// even by doubling the significand when it is odd, and a restoring digit-by-digit recurrence takes
// one root bit per step from two radicand bits (mantBits+2 root bits: the significand and a round bit;
// a nonzero remainder is the sticky bit). Each step is a subtract and a select, so a cut point after
// each bit lets the pipeline take one or a few bits per stage, one result per cycle. The root of a
// value in [1, 4) is in [1, 2), so it never needs normalizing, and it never under- or overflows.
// Specials: NaN and x < 0 (including -inf) give NaN, +-0 gives +-0, +inf gives +inf.
import type { Arith } from '../arith/arith.js';
import { Pipeline } from '../arith/pipeline.js';
import { infValue, nanValue, zeroValue } from './constants.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { normalizeInput } from './normalized.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';

/** Root bits the recurrence produces: hidden bit, mantBits fraction bits, round bit. */
export const sqrtDigits = (f: FloatFormat): number => f.mantBits + 2;

/** unpack (input normalized, exponent halved), digit1..digitN (after each root bit), round. */
export function sqrtCutPoints(f: FloatFormat): string[] {
  return ['unpack', ...Array.from({ length: sqrtDigits(f) }, (_, k) => `digit${k + 1}`), 'round'];
}

export function fpSqrt<V>(ar: Arith<V>, f: FloatFormat, x: V, pipe = new Pipeline(sqrtCutPoints(f))): V {
  const m = f.mantBits;
  const ew = expWorkBits(f);
  const u = unpack(ar, f, x);
  const negative = ar.and(u.sign, ar.not(u.isZero));
  const isNaN = ar.or(u.isNaN, negative);
  const special = ar.or(isNaN, ar.or(u.isInf, u.isZero));
  const specialValue = ar.mux(
    isNaN,
    nanValue(ar, f),
    ar.mux(u.isInf, infValue(ar, f, u.sign), zeroValue(ar, f, u.sign)),
  );
  const nx = normalizeInput(ar, f, u);
  // x = mant 2^(e - bias); with an odd e - bias the significand doubles so the exponent halves exactly.
  const unbiased = ar.sub(nx.exp, ar.constant(BigInt(bias(f)), ew));
  const odd = ar.bit(unbiased, 0);
  const halved = ar.concat(ar.bit(unbiased, ew - 1), ar.slice(unbiased, ew - 1, 1)); // floor(unbiased / 2)
  const wideMant = ar.zext(nx.mant, m + 2);
  const s1 = pipe.cut(ar, 'unpack', {
    special,
    specialValue,
    exp: ar.add(halved, ar.constant(BigInt(bias(f)), ew)),
    // The radicand, in [1, 4) with m fraction bits; the recurrence reads it two bits at a time.
    radicand: ar.named(ar.mux(odd, ar.shl(wideMant, 1), wideMant), 'sqrt_radicand'),
  });

  // The radicand scaled by 2^(m+2) has 2(m+2) bits: the m+2 radicand bits, then zeros. Step k brings
  // down the next two bits and tries root bit 1: remainder - (4 root + 1) >= 0. The remainder never
  // exceeds twice the root, so after k steps the root has k bits and the remainder k+1.
  const digits = sqrtDigits(f);
  let state: {
    special: V;
    specialValue: V;
    exp: V;
    radicand: V | undefined;
    root: V | undefined;
    remainder: V | undefined;
  } = { ...s1, root: undefined, remainder: undefined };
  for (let k = 1; k <= digits; k++) {
    // The two bits of the scaled radicand at positions 2(digits-k)+1 and 2(digits-k); the m+2 = digits
    // radicand bits sit at its top, so radicand bit p is scaled bit p + digits (negative p: a zero).
    const hiPos = 2 * (digits - k) + 1 - digits;
    const pairBits: V[] = [hiPos, hiPos - 1].map((p) =>
      p >= 0 && state.radicand !== undefined ? ar.bit(state.radicand, p) : ar.constant(0n, 1),
    );
    const pair = ar.concat(...pairBits);
    const brought = state.remainder === undefined ? pair : ar.concat(state.remainder, pair); // k+1 bits
    const trialRoot = state.root === undefined ? ar.constant(1n, 1) : ar.concat(state.root, ar.constant(1n, 2)); // 4 root + 1
    const tw = k + 2;
    const trial = ar.sub(ar.zext(brought, tw), ar.zext(trialRoot, tw));
    const digit = ar.not(ar.bit(trial, tw - 1));
    const remainder = ar.trunc(ar.mux(digit, trial, ar.zext(brought, tw)), k + 1);
    const root = state.root === undefined ? digit : ar.concat(state.root, digit);
    // Radicand bits still to be read: those below position hiPos - 1.
    const rest = hiPos - 2 >= 0 && state.radicand !== undefined ? ar.slice(state.radicand, hiPos - 2, 0) : undefined;
    const live = {
      special: state.special,
      specialValue: state.specialValue,
      exp: state.exp,
      root: ar.named(root, `sqrt_root${k}`),
      remainder: ar.named(remainder, `sqrt_remainder${k}`),
      ...(rest !== undefined ? { radicand: rest } : {}),
    };
    const cut = pipe.cut(ar, `digit${k}`, live);
    state = { ...cut, radicand: 'radicand' in cut ? cut.radicand : undefined };
  }
  const sig = ar.concat(state.root!, ar.orReduce(state.remainder!));
  return roundPack(ar, f, ar.constant(0n, 1), state.exp, sig, {
    pipe,
    special: state.special,
    specialValue: state.specialValue,
  });
}
