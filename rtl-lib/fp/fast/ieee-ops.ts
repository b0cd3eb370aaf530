// Fast models of the fp32 units that are correctly rounded (round to nearest even, subnormals kept,
// signed zeros and infinities as IEEE 754 says, the canonical NaN out): add, sub, mul, the mac (mul then
// add, two roundings, as rtl-lib/fp/mul.ts builds it), div and sqrt. Each is one float64 operation rounded
// once to float32 by Math.fround: for +, -, *, / and sqrt that double rounding is exact whenever the wide
// format has at least 2p+2 bits (53 >= 2*24+2), so these give the units' bits; tests and the fp32-model
// bench check that against the bit-level models. Inputs and outputs are float32 values as numbers; use
// bits32/float32 (f32-view.ts) at the edges where patterns are needed.

export const fastAdd = (a: number, b: number): number => Math.fround(a + b);
export const fastSub = (a: number, b: number): number => Math.fround(a - b);
export const fastMul = (a: number, b: number): number => Math.fround(a * b);
/** a * b + c with the product rounded to fp32 first: the unit is not fused. */
export const fastMac = (a: number, b: number, c: number): number => Math.fround(Math.fround(a * b) + c);
export const fastDiv = (a: number, b: number): number => Math.fround(a / b);
export const fastSqrt = (a: number): number => Math.fround(Math.sqrt(a));
