// A record word (already checked: a token id, a label, the length) to its FP32 value, combinational.
// The checked values are small (at most 24 bits), so every one is exact in FP32 and no rounding is
// needed: sign, magnitude, the leading one found and shifted out (rtl-lib's normalizeLeft), the
// exponent from its position. Bit-identical to the 32-bit conversion (Fp32FromInt) for every value that
// fits, in fewer LUT levels (a 32-bit Fp32FromInt without a stage is 16 LUT levels deep, rtl-lib's
// intToFloat on 7 bits 9: its rounding is what this leaves out).
import { Module, UInt, bitsFor, mux } from '../../dsl/index.js';
import { negate, normalizeLeft } from '../../rtl-lib/arith/helpers.js';
import { SignalArith } from '../../rtl-lib/arith/signal-arith.js';
import type { RecordShape } from './sample-record.js';

/** Two's complement bits that hold every checked record value: -1 .. max(vocab, intents, slots, maxTokens). */
export const recordValueBits = (s: RecordShape): number =>
  bitsFor(Math.max(s.vocab, s.intents, s.slots, s.maxTokens + 1)) + 1;

export class SmallIntToF32 extends Module {
  readonly a;
  readonly y = this.output(UInt(32), 'y');

  constructor(readonly bits: number) {
    super({ bits });
    if (!Number.isInteger(bits) || bits < 2 || bits > 24)
      throw new RangeError(`SmallIntToF32: bits must be 2..24 (exact in FP32), got ${bits}`);
    const n = bits;
    this.a = this.input(UInt(n), 'a');
    const ar = new SignalArith();
    const sign = this.a.bit(n - 1);
    // |-2^(n-1)| = 2^(n-1) still fits n bits unsigned.
    const magnitude = mux(sign, negate(ar, this.a), this.a);
    const { shifted, count } = normalizeLeft(ar, magnitude);
    // The leading one at bit n - 1 - count: exponent 127 + n - 1 - count, the bits below it the fraction.
    const exponent = UInt(8)
      .lit(127 + n - 1)
      .sub(count.zext(8));
    const fraction = n > 1 ? shifted.slice(n - 2, 0).cat(UInt(23 - (n - 1)).lit(0)) : UInt(23).lit(0);
    this.y.set(mux(magnitude.eq(0), UInt(32).lit(0), sign.cat(exponent).cat(fraction)));
  }
}
