import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  INSTRUCTION_FIELDS,
  FIELD_BITS,
  decodeInstruction,
  encodeInstruction,
  type Instruction,
} from '../../../designs/engine/instruction.js';

const arbInstruction = fc.record({
  ...Object.fromEntries(INSTRUCTION_FIELDS.map((f) => [f, fc.integer({ min: 0, max: 2 ** FIELD_BITS - 1 })])),
  accumulate: fc.boolean(),
  last: fc.boolean(),
}) as fc.Arbitrary<Omit<Instruction, 'transposed' | 'label'>>;

describe('designs/engine instruction format', () => {
  it('decode(encode(x)) gives every field and flag back (property)', () => {
    fc.assert(
      fc.property(arbInstruction, (x) => {
        const ins: Instruction = { ...x, transposed: false, label: 'p' };
        assert.deepEqual(decodeInstruction(encodeInstruction(ins)), { ...x });
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('a field that does not fit is an error, not a silent truncation', () => {
    const ins = Object.fromEntries(INSTRUCTION_FIELDS.map((f) => [f, 1])) as unknown as Instruction;
    Object.assign(ins, { accumulate: false, last: true, transposed: false, label: 'big' });
    assert.doesNotThrow(() => encodeInstruction(ins));
    assert.throws(() => encodeInstruction({ ...ins, aRow: 2 ** FIELD_BITS }), /aRow/);
    assert.throws(() => encodeInstruction({ ...ins, k: -1 }), /field k/);
  });
});
