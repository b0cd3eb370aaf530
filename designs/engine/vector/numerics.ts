// The one numeric interface of the vector interpreter: every FP32 operation it performs goes through
// these functions, which are the FP32 model's own units (Math.fround after +, -, *; the exp, tanh,
// rsqrt, sqrt and division of designs/transformer's FP32 Precision; the IEEE maximum). When the model's
// units change (fp32-nonlinear.ts), the interpreter follows without an edit.
import { FP32 } from '../../transformer/precision.js';

export interface VectorNumerics {
  add(a: number, b: number): number;
  sub(a: number, b: number): number;
  mul(a: number, b: number): number;
  /** IEEE 754-2019 maximum: NaN wins, -0 < +0 (rtl-lib/fp's max unit). */
  max(a: number, b: number): number;
  div(a: number, b: number): number;
  exp(x: number): number;
  tanh(x: number): number;
  sqrt(x: number): number;
  rsqrt(x: number): number;
}

const f = Math.fround;

export const FP32_NUMERICS: VectorNumerics = {
  add: (a, b) => f(a + b),
  sub: (a, b) => f(a - b),
  mul: (a, b) => f(a * b),
  max: (a, b) => Math.max(a, b),
  div: (a, b) => FP32.div(a, b),
  exp: (x) => FP32.exp(x),
  tanh: (x) => FP32.tanh(x),
  sqrt: (x) => FP32.sqrt(x),
  rsqrt: (x) => FP32.rsqrt(x),
};
