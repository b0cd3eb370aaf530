// Comparison, minimum and maximum.
//
// compare(): IEEE-754 comparison predicates. -0 equals +0; a NaN operand makes the pair unordered
// (lt, eq and gt all 0, unordered 1).
// min()/max(): IEEE-754-2019 minimum/maximum, the same as JavaScript's Math.min/Math.max: a NaN in
// either operand gives the canonical NaN, and -0 is treated as less than +0.
import type { Arith } from '../arith/arith.js';
import { nanValue } from './constants.js';
import type { FloatFormat } from './format.js';
import { type Unpacked, unpack } from './unpack.js';

export interface Comparison<V> {
  lt: V;
  eq: V;
  gt: V;
  unordered: V;
}

export function fpCompare<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V): Comparison<V> {
  const ua = unpack(ar, f, a);
  const ub = unpack(ar, f, b);
  const unordered = ar.or(ua.isNaN, ub.isNaN);
  const ordered = ar.not(unordered);
  const bothZero = ar.and(ua.isZero, ub.isZero);
  const eq = ar.and(ordered, ar.or(ar.eq(a, b), bothZero));
  const lt = ar.and(ordered, ar.and(ar.not(bothZero), orderedLess(ar, ua, ub)));
  const gt = ar.and(ordered, ar.not(ar.or(lt, eq)));
  return { lt, eq, gt, unordered };
}

/** a < b in the order where -0 < +0 (NaNs excluded by the caller). */
function orderedLess<V>(ar: Arith<V>, ua: Unpacked<V>, ub: Unpacked<V>): V {
  const signsDiffer = ar.xor(ua.sign, ub.sign);
  const sameSignLess = ar.mux(ua.sign, ar.gtu(ua.magnitude, ub.magnitude), ar.ltu(ua.magnitude, ub.magnitude));
  return ar.mux(signsDiffer, ua.sign, sameSignLess);
}

export function fpMin<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V): V {
  return minMax(ar, f, a, b, false);
}

export function fpMax<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V): V {
  return minMax(ar, f, a, b, true);
}

function minMax<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V, wantMax: boolean): V {
  const ua = unpack(ar, f, a);
  const ub = unpack(ar, f, b);
  const anyNaN = ar.or(ua.isNaN, ub.isNaN);
  const aLess = orderedLess(ar, ua, ub);
  const picked = wantMax ? ar.mux(aLess, b, a) : ar.mux(aLess, a, b);
  return ar.mux(anyNaN, nanValue(ar, f), picked);
}
