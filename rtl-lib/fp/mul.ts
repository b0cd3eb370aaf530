// Floating-point multiplication (full significand product, normalize, round once) and the
// multiply-accumulate built from it: mul then add, two roundings, as the issue asks.
import type { Arith } from '../arith/arith.js';
import { normalizeLeft } from '../arith/helpers.js';
import { Pipeline } from '../arith/pipeline.js';
import { addCutPoints, fpAdd } from './add.js';
import { infValue, nanValue } from './constants.js';
import { type FloatFormat, bias, expWorkBits } from './format.js';
import { roundPack } from './round-pack.js';
import { unpack } from './unpack.js';

export const mulCutPoints = ['unpack', 'product', 'normalize', 'round'] as const;

export function fpMul<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V, pipe = new Pipeline(mulCutPoints)): V {
  const ew = expWorkBits(f);
  const ua = unpack(ar, f, a);
  const ub = unpack(ar, f, b);
  const sign = ar.xor(ua.sign, ub.sign);

  // NaN in, or inf * 0, gives NaN; otherwise inf * x is a signed infinity.
  const infTimesZero = ar.or(ar.and(ua.isInf, ub.isZero), ar.and(ub.isInf, ua.isZero));
  const isNaN = ar.or(ar.or(ua.isNaN, ub.isNaN), infTimesZero);
  const special = ar.or(isNaN, ar.or(ua.isInf, ub.isInf));
  const specialValue = ar.mux(isNaN, nanValue(ar, f), infValue(ar, f, sign));

  // Product exponent before normalization; the 2m+2-bit product's top bit weighs 2^(ea+eb-2bias+1).
  const expSum = ar.sub(ar.add(ar.zext(ua.expEff, ew), ar.zext(ub.expEff, ew)), ar.constant(BigInt(bias(f) - 1), ew));
  const s1 = pipe.cut(ar, 'unpack', { special, specialValue, sign, expSum, sigA: ua.sig, sigB: ub.sig });

  const product = ar.named(ar.mul(s1.sigA, s1.sigB), 'mul_product');
  const s2 = pipe.cut(ar, 'product', {
    special: s1.special,
    specialValue: s1.specialValue,
    sign: s1.sign,
    expSum: s1.expSum,
    product,
  });

  // Subnormal inputs leave leading zeros in the product; one normalizer handles both operands.
  const norm = normalizeLeft(ar, s2.product);
  const s3 = pipe.cut(ar, 'normalize', {
    special: s2.special,
    specialValue: s2.specialValue,
    sign: s2.sign,
    exp: ar.sub(s2.expSum, ar.zext(norm.count, ew)),
    // Only mantBits+3 bits and the OR of the rest (sticky) matter to rounding: a narrower significand
    // makes the subnormal shift and the rounding shallower.
    sig: ar.named(
      f.mantBits < 2
        ? norm.shifted
        : ar.concat(
            ar.slice(norm.shifted, 2 * f.mantBits + 1, f.mantBits - 1),
            ar.orReduce(ar.slice(norm.shifted, f.mantBits - 2, 0)),
          ),
      'mul_normalized',
    ),
  });
  return roundPack(ar, f, s3.sign, s3.exp, s3.sig, { pipe, special: s3.special, specialValue: s3.specialValue });
}

/** Cut points of the multiply-accumulate: the multiplier's, then the adder's. */
export const macCutPoints = [
  ...mulCutPoints.map((c) => `mul_${c}`),
  'product_rounded',
  ...addCutPoints.map((c) => `add_${c}`),
];

/**
 * a*b + c with two roundings. The addend c waits in the pipeline while the product is computed.
 */
export function fpMac<V>(ar: Arith<V>, f: FloatFormat, a: V, b: V, c: V, pipe = new Pipeline(macCutPoints)): V {
  const { mulPipe, addPipe, carry } = splitMacPipeline(pipe);
  const delayedC = carry(ar, c, mulPipe.latency);
  const product = fpMul(ar, f, a, b, mulPipe);
  const staged = pipe.cut(ar, 'product_rounded', { product, c: delayedC });
  return fpAdd(ar, f, staged.product, staged.c, addPipe);
}

/** Sub-pipelines of a MAC pipeline, and a helper to delay the addend by the multiplier's latency. */
function splitMacPipeline(pipe: Pipeline): {
  mulPipe: Pipeline;
  addPipe: Pipeline;
  carry: <V>(ar: Arith<V>, v: V, n: number) => V;
} {
  const mulPipe = new Pipeline(
    mulCutPoints,
    mulCutPoints.filter((c) => pipe.enabled.has(`mul_${c}`)),
  );
  const addPipe = new Pipeline(
    addCutPoints,
    addCutPoints.filter((c) => pipe.enabled.has(`add_${c}`)),
  );
  const carry = <V>(ar: Arith<V>, v: V, n: number): V => {
    let x = v;
    for (let i = 0; i < n; i++) x = ar.stage(ar.named(x, `mac_addend_d${i + 1}`));
    return x;
  };
  return { mulPipe, addPipe, carry };
}
