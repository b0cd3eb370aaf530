// abs and neg: sign-bit operations, except that a NaN operand gives the canonical NaN like every
// other unit (so NaN payloads never leak through the datapath).
import type { Arith } from '../arith/arith.js';
import { nanValue } from './constants.js';
import { type FloatFormat, totalBits } from './format.js';
import { unpack } from './unpack.js';

export function fpAbs<V>(ar: Arith<V>, f: FloatFormat, a: V): V {
  const u = unpack(ar, f, a);
  return ar.mux(u.isNaN, nanValue(ar, f), ar.concat(ar.constant(0n, 1), u.magnitude));
}

export function fpNeg<V>(ar: Arith<V>, f: FloatFormat, a: V): V {
  const u = unpack(ar, f, a);
  const flipped = ar.xor(a, ar.constant(1n << BigInt(totalBits(f) - 1), totalBits(f)));
  return ar.mux(u.isNaN, nanValue(ar, f), flipped);
}
