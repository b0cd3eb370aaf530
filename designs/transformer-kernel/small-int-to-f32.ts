// A record word (already checked: a token id, a label, the length) to its FP32 value, combinational.
// The checked values are small, so the conversion runs on `bits` bits (two's complement) instead of 32:
// rtl-lib's intToFloat, the same algorithm and bits as Fp32FromInt for every value that fits, in
// fewer LUT levels (a 32-bit Fp32FromInt without a stage is 16 LUT levels deep).
import { Module, UInt } from '../../dsl/index.js';
import { SignalArith } from '../../rtl-lib/arith/signal-arith.js';
import { Pipeline } from '../../rtl-lib/arith/pipeline.js';
import { intToFloat, intToFloatCutPoints } from '../../rtl-lib/fp/convert.js';
import { fp32 } from '../../rtl-lib/fp/format.js';
import { bitsFor } from '../../dsl/index.js';
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
    this.a = this.input(UInt(bits), 'a');
    const ar = new SignalArith();
    this.y.set(intToFloat(ar, fp32, this.a, new Pipeline(intToFloatCutPoints, 0)));
  }
}
