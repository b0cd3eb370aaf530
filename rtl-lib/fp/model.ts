// The bit-level model: every unit evaluated with BitsArith on raw bit patterns (bigint in, bigint
// out). This is the same generic code the hardware is generated from, not a separate implementation.
import { type Bits, bitsArith as ar } from '../arith/bits-arith.js';
import { fpAdd, fpSub } from './add.js';
import { fpCompare, fpMax, fpMin } from './compare.js';
import { floatToInt, intToFloat } from './convert.js';
import { fpDiv } from './div.js';
import { fpExp } from './exp.js';
import { type FloatFormat, checkFormat, totalBits } from './format.js';
import { fpMac, fpMul } from './mul.js';
import { fpReciprocal } from './reciprocal.js';
import { fpRsqrt } from './rsqrt.js';
import { fpAbs, fpNeg } from './sign-ops.js';
import { fpSqrt } from './sqrt.js';
import { fpTanh } from './tanh.js';

export interface FpModel {
  readonly format: FloatFormat;
  add(a: bigint, b: bigint): bigint;
  sub(a: bigint, b: bigint): bigint;
  mul(a: bigint, b: bigint): bigint;
  mac(a: bigint, b: bigint, c: bigint): bigint;
  min(a: bigint, b: bigint): bigint;
  max(a: bigint, b: bigint): bigint;
  /** -1, 0, 1, or NaN for unordered. */
  compare(a: bigint, b: bigint): number;
  abs(a: bigint): bigint;
  neg(a: bigint): bigint;
  /** From a 32-bit two's complement pattern. */
  fromInt32(x: bigint): bigint;
  /** To a 32-bit two's complement pattern. */
  toInt32(a: bigint): bigint;
  exp(a: bigint): bigint;
  reciprocal(a: bigint): bigint;
  rsqrt(a: bigint): bigint;
  tanh(a: bigint): bigint;
  /** a / b, correctly rounded. */
  div(a: bigint, b: bigint): bigint;
  /** sqrt(a), correctly rounded. */
  sqrt(a: bigint): bigint;
}

export function fpModel(f: FloatFormat): FpModel {
  checkFormat(f);
  const w = totalBits(f);
  const v = (x: bigint): Bits => ar.constant(x, w);
  return {
    format: f,
    add: (a, b) => fpAdd(ar, f, v(a), v(b)).value,
    sub: (a, b) => fpSub(ar, f, v(a), v(b)).value,
    mul: (a, b) => fpMul(ar, f, v(a), v(b)).value,
    mac: (a, b, c) => fpMac(ar, f, v(a), v(b), v(c)).value,
    min: (a, b) => fpMin(ar, f, v(a), v(b)).value,
    max: (a, b) => fpMax(ar, f, v(a), v(b)).value,
    compare: (a, b) => {
      const c = fpCompare(ar, f, v(a), v(b));
      return c.unordered.value ? NaN : c.lt.value ? -1 : c.gt.value ? 1 : 0;
    },
    abs: (a) => fpAbs(ar, f, v(a)).value,
    neg: (a) => fpNeg(ar, f, v(a)).value,
    fromInt32: (x) => intToFloat(ar, f, ar.constant(x, 32)).value,
    toInt32: (a) => floatToInt(ar, f, v(a), 32).value,
    exp: (a) => fpExp(ar, f, v(a)).value,
    reciprocal: (a) => fpReciprocal(ar, f, v(a)).value,
    rsqrt: (a) => fpRsqrt(ar, f, v(a)).value,
    tanh: (a) => fpTanh(ar, f, v(a)).value,
    div: (a, b) => fpDiv(ar, f, v(a), v(b)).value,
    sqrt: (a) => fpSqrt(ar, f, v(a)).value,
  };
}
