import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  checkInputRecord,
  decodeInputRecord,
  encodeInputRecords,
  inputStride,
  outputStride,
  readOutputRecord,
  SampleStatus,
  writeOutputRecord,
} from '../../../designs/transformer-kernel/sample-record.js';
import type { Sample } from '../../../designs/transformer/model.js';

const shape = { vocab: 800, maxTokens: 32, intents: 22, slots: 121 };

const arbSample = fc.integer({ min: 1, max: shape.maxTokens }).chain((T) =>
  fc.record({
    tokens: fc.array(fc.integer({ min: 0, max: shape.vocab - 1 }), { minLength: T, maxLength: T }),
    slots: fc.array(fc.integer({ min: -1, max: shape.slots - 1 }), { minLength: T, maxLength: T }),
    intent: fc.integer({ min: 0, max: shape.intents - 1 }),
  }),
);
const toSample = (s: { tokens: number[]; slots: number[]; intent: number }): Sample => ({
  tokens: Int32Array.from(s.tokens),
  slots: Int32Array.from(s.slots),
  intent: s.intent,
});

describe('transformer-kernel/sample-record (what crosses AXI per sample)', () => {
  it('valid samples encode at a fixed stride, check ok and decode to themselves', () => {
    fc.assert(
      fc.property(fc.array(arbSample, { minLength: 1, maxLength: 5 }), (raw) => {
        const samples = raw.map(toSample);
        const words = encodeInputRecords(shape, samples);
        assert.equal(words.length, samples.length * inputStride(shape.maxTokens));
        samples.forEach((s, i) => {
          assert.deepEqual(checkInputRecord(shape, words, i), { status: SampleStatus.ok, reason: '' });
          assert.deepEqual(decodeInputRecord(shape, words, i), s);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('each bad field gets its own status and a reason naming it; the first failure wins', () => {
    const good = toSample({ tokens: [2, 5, 7], slots: [-1, 3, 4], intent: 1 });
    const rec = () => encodeInputRecords(shape, [good]);
    const check = (edit: (w: Uint32Array) => void) => {
      const w = rec();
      edit(w);
      return checkInputRecord(shape, w, 0);
    };
    const slot0 = 2 + shape.maxTokens;
    assert.deepEqual(
      check((w) => (w[0] = 0)),
      { status: SampleStatus.lengthZero, reason: 'length 0' },
    );
    assert.deepEqual(
      check((w) => (w[0] = 33)),
      { status: SampleStatus.lengthTooLong, reason: 'length 33 > 32' },
    );
    assert.deepEqual(
      check((w) => (w[3] = 800)),
      {
        status: SampleStatus.tokenOutOfTable,
        reason: 'token 1 is id 800, table has 800',
      },
    );
    assert.deepEqual(
      check((w) => (w[1] = 22)),
      {
        status: SampleStatus.intentOutOfTable,
        reason: 'intent label 22 outside 0..21',
      },
    );
    assert.equal(check((w) => (w[1] = 0xffffffff)).status, SampleStatus.intentOutOfTable, 'a negative intent');
    assert.deepEqual(
      check((w) => (w[slot0 + 2] = 121)),
      {
        status: SampleStatus.slotOutOfTable,
        reason: 'slot label 2 is 121, outside -1..120',
      },
    );
    assert.equal(check((w) => (w[slot0 + 1] = -2 >>> 0)).status, SampleStatus.slotOutOfTable);
    // Past the length nothing is checked; before it, the length comes first, then tokens.
    assert.equal(check((w) => (w[2 + 3] = 9999)).status, SampleStatus.ok);
    assert.equal(
      check((w) => {
        w[0] = 0;
        w[2] = 9999;
      }).status,
      SampleStatus.lengthZero,
    );
    assert.equal(
      check((w) => {
        w[2] = 9999;
        w[1] = 99;
      }).status,
      SampleStatus.tokenOutOfTable,
    );
    assert.throws(
      () => encodeInputRecords(shape, [toSample({ tokens: [1, 2], slots: [-1], intent: 0 })]),
      /2 tokens but 1 slot/,
    );
  });

  it('output records keep the loss word exactly (NaN payloads too); a skipped sample reads +0 and -1 predictions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 1, max: shape.maxTokens }),
        (lossBits, T) => {
          const words = new Uint32Array(2 * outputStride(shape.maxTokens)).fill(0xdeadbeef);
          const slotPred = Int32Array.from({ length: T }, (_, t) => (t === 0 ? -1 : t % 7));
          writeOutputRecord(shape.maxTokens, words, 1, { status: SampleStatus.ok, lossBits, intentPred: 3, slotPred });
          const r = readOutputRecord(shape.maxTokens, words, 1, T);
          assert.equal(r.lossBits, lossBits);
          assert.deepEqual([r.status, r.intentPred, [...r.slotPred]], [0, 3, [...slotPred]]);
          assert.equal(
            words[outputStride(shape.maxTokens) + 3 + shape.maxTokens - 1],
            T === shape.maxTokens ? slotPred[T - 1]! >>> 0 : 0xffffffff,
          );
          assert.equal(readOutputRecord(shape.maxTokens, words, 1).slotPred.length, shape.maxTokens);
          assert.equal(words[0], 0xdeadbeef, 'record 0 untouched');
          writeOutputRecord(shape.maxTokens, words, 0, {
            status: SampleStatus.tokenOutOfTable,
            lossBits,
            intentPred: 3,
            slotPred,
          });
          const s = readOutputRecord(shape.maxTokens, words, 0, T);
          assert.equal(s.lossBits, 0);
          assert.equal(s.status, SampleStatus.tokenOutOfTable);
          assert.equal(s.intentPred, -1);
          assert.ok(s.slotPred.every((x) => x === -1));
        },
      ),
      { numRuns: 200 },
    );
  });
});
