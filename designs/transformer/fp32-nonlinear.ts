// The FP32 model's nonlinear units, in ONE place: exp, tanh, reciprocal square root, square root and
// division. Each is the fast bit-exact model of the chip's fp32 unit (rtl-lib/fp/fast/): the same bits as
// the unit's bit-level model fpModel(fp32), checked on every edge input and 20k random inputs per unit in
// npm test and on >= 1M per unit in npm run bench fp32-model. exp, tanh and rsqrt are the units' fixed-point
// algorithms (faithful, not correctly rounded); sqrt and division are correctly rounded. There is no log:
// the reported loss is float64 from the logits (activations.ts), outside the hardware order.
// Arguments must be float32 values (every caller rounds them first).
import { fastExp } from '../../rtl-lib/fp/fast/exp.js';
import { fastDiv, fastSqrt } from '../../rtl-lib/fp/fast/ieee-ops.js';
import { fastRsqrt } from '../../rtl-lib/fp/fast/rsqrt.js';
import { fastTanh } from '../../rtl-lib/fp/fast/tanh.js';

export const fp32Exp: (x: number) => number = fastExp;
export const fp32Tanh: (x: number) => number = fastTanh;
export const fp32Sqrt: (x: number) => number = fastSqrt;
/** 1/sqrt(x) as one unit (LayerNorm). */
export const fp32Rsqrt: (x: number) => number = fastRsqrt;
export const fp32Div: (a: number, b: number) => number = fastDiv;
