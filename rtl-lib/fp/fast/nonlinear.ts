// The fast models of the fp32 nonlinear units in one place, by name, for the tests, the fp32-model bench and
// the transformer's FP32 model.
import { fastExp } from './exp.js';
import { fastReciprocal } from './reciprocal.js';
import { fastRsqrt } from './rsqrt.js';
import { fastTanh } from './tanh.js';
import type { NonlinearUnit } from './edge-inputs.js';

export { fastExp, fastReciprocal, fastRsqrt, fastTanh };

export const fastNonlinear: Readonly<Record<NonlinearUnit, (x: number) => number>> = {
  exp: fastExp,
  tanh: fastTanh,
  rsqrt: fastRsqrt,
  reciprocal: fastReciprocal,
};
