// The two numeric levels of the model. Both run the same code (designs/transformer/*); a level fixes the
// array type, the rounding applied after every arithmetic operation and the nonlinear units.
//   fp64: the float64 reference. r is the identity.
//   fp32: the hardware-order model. Every multiply and add is rounded to FP32 (Math.fround) in the order
//         the code spells out (see gemm.ts for products); the nonlinear units are the chip's fp32 units'
//         bit-exact fast models (fp32-nonlinear.ts).
// No level has a log: the reported loss is float64 from the logits in both (activations.ts).
import { fp32Div, fp32Exp, fp32Rsqrt, fp32Sqrt, fp32Tanh } from './fp32-nonlinear.js';

export type Arr = Float64Array | Float32Array;
export type Round = (x: number) => number;
export type PrecisionName = 'fp64' | 'fp32';

export interface Precision {
  readonly name: PrecisionName;
  readonly r: Round;
  alloc(n: number): Arr;
  /** A copy of `xs` in this level's array type (rounded for fp32). */
  from(xs: ArrayLike<number>): Arr;
  exp(x: number): number;
  tanh(x: number): number;
  sqrt(x: number): number;
  rsqrt(x: number): number;
  div(a: number, b: number): number;
}

const identity: Round = (x) => x;

export const FP64: Precision = {
  name: 'fp64',
  r: identity,
  alloc: (n) => new Float64Array(n),
  from: (xs) => Float64Array.from(xs),
  exp: Math.exp,
  tanh: Math.tanh,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  div: (a, b) => a / b,
};

export const FP32: Precision = {
  name: 'fp32',
  r: Math.fround,
  alloc: (n) => new Float32Array(n),
  from: (xs) => Float32Array.from(xs),
  exp: fp32Exp,
  tanh: fp32Tanh,
  sqrt: fp32Sqrt,
  rsqrt: fp32Rsqrt,
  div: fp32Div,
};

export function precisionByName(name: string): Precision {
  if (name === 'fp64') return FP64;
  if (name === 'fp32') return FP32;
  throw new Error(`unknown precision '${name}' (fp64 or fp32)`);
}
