// Operand sets for checking a float unit: the edge-case sets of rtl-lib/fp/edge-cases.ts shaped for
// the unit's arity, and reproducible random sets (uniform bit patterns mixed with operands chosen to
// make additions cancel and products land near the subnormal and overflow boundaries).
import {
  addEdgePairs,
  divEdgePairs,
  edgePairs,
  edgeValues,
  intEdgeValues,
  mulEdgePairs,
  sqrtEdgeValues,
} from '../edge-cases.js';
import { type FloatFormat, bias, totalBits } from '../format.js';
import { fpUnit } from '../units.js';
import { xorshift32 } from './unit-check.js';

/** Edge-case operand sets for a unit; `limit` keeps an evenly spaced subset of a larger set. */
export function edgeSets(unitName: string, f: FloatFormat, limit = Infinity): bigint[][] {
  const u = fpUnit(unitName);
  let sets: bigint[][];
  if (unitName === 'intToFloat') sets = intEdgeValues().map((x) => [x]);
  else if (unitName === 'sqrt') sets = [...edgeValues(f), ...sqrtEdgeValues(f)].map((x) => [x]);
  else if (u.arity === 1) sets = edgeValues(f).map((x) => [x]);
  else if (u.arity === 2) {
    const extra = unitName === 'mul' ? mulEdgePairs(f) : unitName === 'div' ? divEdgePairs(f) : addEdgePairs(f);
    sets = edgePairs(f, extra).map(([a, b]) => [a, b]);
  } else {
    // mac: the multiplier's edge pairs against a spread of addends, and edge values in every slot.
    const v = edgeValues(f);
    const rnd = xorshift32(7);
    sets = [];
    for (const [a, b] of mulEdgePairs(f)) for (let k = 0; k < 8; k++) sets.push([a, b, v[rnd() % v.length]!]);
    for (let k = 0; k < 4 * v.length * v.length; k++)
      sets.push([v[rnd() % v.length]!, v[rnd() % v.length]!, v[rnd() % v.length]!]);
  }
  if (sets.length <= limit) return sets;
  const step = sets.length / limit;
  return Array.from({ length: limit }, (_, i) => sets[Math.floor(i * step)]!);
}

/** `n` random operand sets from `seed`. */
export function randomSets(unitName: string, f: FloatFormat, n: number, seed: number): bigint[][] {
  const u = fpUnit(unitName);
  const rnd = xorshift32(seed);
  const w = totalBits(f);
  const mask = (1n << BigInt(w)) - 1n;
  const m = BigInt(f.mantBits);
  const expMask = (1n << BigInt(f.expBits)) - 1n;
  const uniform = (): bigint => (BigInt(rnd()) | (w > 32 ? BigInt(rnd()) << 32n : 0n)) & mask;
  /** A value whose exponent field is `field` (clamped to the finite range) with random sign and fraction. */
  const withField = (field: bigint): bigint => {
    const fl = field < 0n ? 0n : field > expMask - 1n ? expMask - 1n : field;
    return (uniform() & ~(expMask << m) & mask) | (fl << m);
  };
  const field = (x: bigint): bigint => (x >> m) & expMask;
  const out: bigint[][] = [];
  for (let i = 0; i < n; i++) {
    const a = uniform();
    const kind = rnd() & 3;
    if (unitName === 'intToFloat') {
      // Integers of every magnitude, not only the huge ones uniform bits give.
      const bits = rnd() % 33;
      out.push([bits === 32 ? uniform() : (BigInt(rnd() >>> (32 - bits)) * (rnd() & 1 ? 1n : -1n)) & 0xffffffffn]);
    } else if (u.arity === 1) {
      // Half uniform, half near 1 where the nonlinear units' interesting range is.
      out.push([kind < 2 ? a : withField(BigInt(bias(f)) + BigInt((rnd() % 16) - 10))]);
    } else if (u.arity === 2) {
      // Half uniform; half the second operand within one exponent step of the first (cancellation).
      out.push([a, kind < 2 ? uniform() : withField(field(a) + BigInt((rnd() % 3) - 1))]);
    } else {
      const b = uniform();
      // The addend near the product's exponent half of the time, so the final addition cancels.
      const prodField = field(a) + field(b) - BigInt(bias(f));
      out.push([a, b, kind < 2 ? uniform() : withField(prodField + BigInt((rnd() % 5) - 2))]);
    }
  }
  return out;
}
