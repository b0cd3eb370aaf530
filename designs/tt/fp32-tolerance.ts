// The documented tolerance between the FP32 hardware-order model and the float64 reference.
// Error measure: max_i |a_i - b_i| / max_i |b_i| (normwise, so cancellation in one element does not
// count as failure). A length-k binary32 dot product with MAC rounding has a worst-case relative error
// near k * 2^-23 of sum |a_i b_i|; chained GEMMs add up. Measured on the test shapes (k <= 64 per step,
// up to 6 chained steps): see docs/tt-math.md. 1e-5 leaves about 10x margin over the worst measured.
export const FP32_TOLERANCE = 1e-5;

export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return den === 0 ? num : num / den;
}
