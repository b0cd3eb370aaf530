import assert from 'node:assert/strict';
import { addSentence, emptyCounts, finishMetrics, slotSpans } from '../../../designs/transformer/metrics.js';

describe('transformer/metrics', () => {
  it('intent accuracy, slot accuracy and token-level slot F1 over non-O tags on a worked example', () => {
    const O = 1;
    const c = emptyCounts();
    // gold: [-, O, B, I, O]; pred: [-, O, B, O, B]: tp 1, pred non-O 2, gold non-O 2
    addSentence(
      c,
      O,
      { intent: 2, slots: Int32Array.from([-1, 1, 5, 6, 1]) },
      { intentPred: 2, slotPred: Int32Array.from([-1, 1, 5, 1, 5]), loss: 1 },
    );
    // gold: [-, B]; pred [-, B], intent wrong
    addSentence(
      c,
      O,
      { intent: 3, slots: Int32Array.from([-1, 7]) },
      { intentPred: 2, slotPred: Int32Array.from([-1, 7]), loss: 3 },
    );
    const m = finishMetrics(c);
    assert.equal(m.intentAccuracy, 0.5);
    assert.equal(m.slotAccuracy, 3 / 5);
    assert.equal(m.slotPrecision, 2 / 3);
    assert.equal(m.slotRecall, 2 / 3);
    assert.ok(Math.abs(m.slotF1 - 2 / 3) < 1e-15);
    assert.equal(m.exactMatch, 0);
    assert.equal(m.loss, 2);
  });

  it('an all-O sentence predicted all-O scores 100% accuracy and F1 0 with nothing to find', () => {
    const c = emptyCounts();
    addSentence(
      c,
      0,
      { intent: 1, slots: Int32Array.from([-1, 0, 0]) },
      { intentPred: 1, slotPred: Int32Array.from([-1, 0, 0]), loss: 0 },
    );
    const m = finishMetrics(c);
    assert.equal(m.slotAccuracy, 1);
    assert.equal(m.slotF1, 0);
    assert.equal(m.exactMatch, 1);
  });
});

describe('transformer/metrics span F1 (conlleval)', () => {
  const labels = ['UNK', 'O', 'B-city', 'I-city', 'B-day', 'I-day'];
  it('finds maximal B/I runs; a stray I- opens a span; type changes close one', () => {
    assert.deepEqual(
      [...slotSpans([-1, 2, 3, 1, 3, 3, 4, 5, 2], labels)],
      ['city:1:2', 'city:4:5', 'day:6:7', 'city:8:8'],
    );
    assert.deepEqual([...slotSpans([2, 5, 3], labels)], ['city:0:0', 'day:1:1', 'city:2:2']);
  });

  it('a span counts only when type, start and end match', () => {
    const c = emptyCounts();
    // gold: city 1-2, day 4; pred: city 1 (too short), day 4
    addSentence(
      c,
      1,
      { intent: 0, slots: Int32Array.from([-1, 2, 3, 1, 4]) },
      { intentPred: 0, slotPred: Int32Array.from([-1, 2, 1, 1, 4]), loss: 0 },
      labels,
    );
    const m = finishMetrics(c);
    assert.equal(m.slotSpanF1, (2 * 1) / (2 + 2));
    // token level: gold non-O 3, pred non-O 2, tp 2
    assert.ok(Math.abs(m.slotF1 - (2 * (2 / 2) * (2 / 3)) / (1 + 2 / 3)) < 1e-15);
  });
});
