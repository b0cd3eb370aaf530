// Random input records biased to the check's edges (length 0, maxTokens, maxTokens + 1, 2^32 - 1; ids
// at vocab - 1 and vocab; labels -2, -1, the table's end, 2^31 - 1), most of them good.
import fc from 'fast-check';
import type { RecordShape } from '../../../designs/transformer-kernel/sample-record.js';

const word = (edges: number[]) =>
  fc.oneof(fc.constantFrom(...edges.map((x) => x >>> 0)), fc.integer({ min: 0, max: 0xffff_ffff }));

export const arbRecord = (shape: RecordShape): fc.Arbitrary<Uint32Array> => {
  const M = shape.maxTokens;
  return fc
    .tuple(
      fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: M }) }, fc.constantFrom(0, M + 1, 0xffff_ffff)),
      fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: shape.intents - 1 }) }, word([shape.intents, -1])),
      fc.array(
        fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: shape.vocab - 1 }) }, word([shape.vocab, -1])),
        { minLength: M, maxLength: M },
      ),
      fc.array(
        fc.oneof(
          { weight: 12, arbitrary: fc.integer({ min: -1, max: shape.slots - 1 }) },
          word([shape.slots, -2, 0x7fff_ffff]),
        ),
        { minLength: M, maxLength: M },
      ),
    )
    .map(([T, intent, tokens, slots]) => Uint32Array.from([T, intent, ...tokens, ...slots], (x) => x >>> 0));
};
