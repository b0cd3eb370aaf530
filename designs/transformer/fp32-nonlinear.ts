// The FP32 model's nonlinear units, in ONE place: exp, log, tanh, reciprocal square root, square root and
// division. For now each is the correctly rounded float64 result rounded once to FP32
// (Math.fround(Math.exp(x)) ...). When the bit-exact models of the hardware units (rtl-lib/fp/) exist,
// they replace these bodies and the FP32 transformer then matches the RTL bit for bit.

const f = Math.fround;

export const fp32Exp = (x: number): number => f(Math.exp(x));
export const fp32Log = (x: number): number => f(Math.log(x));
export const fp32Tanh = (x: number): number => f(Math.tanh(x));
export const fp32Sqrt = (x: number): number => f(Math.sqrt(x));
/** 1/sqrt(x) as one unit (LayerNorm). */
export const fp32Rsqrt = (x: number): number => f(1 / Math.sqrt(x));
export const fp32Div = (a: number, b: number): number => f(a / b);
