import assert from 'node:assert/strict';
import { addSentence, emptyCounts, finishMetrics } from '../../../designs/transformer/metrics.js';

describe('transformer/metrics', () => {
  it('intent accuracy, slot accuracy and token-level slot F1 over non-O tags on a worked example', () => {
    const O = 1;
    const c = emptyCounts();
    // gold: [-, O, B, I, O]; pred: [-, O, B, O, B]: tp 1, pred non-O 2, gold non-O 2
    addSentence(c, O, { intent: 2, slots: Int32Array.from([-1, 1, 5, 6, 1]) }, { intentPred: 2, slotPred: Int32Array.from([-1, 1, 5, 1, 5]), loss: 1 });
    // gold: [-, B]; pred [-, B], intent wrong
    addSentence(c, O, { intent: 3, slots: Int32Array.from([-1, 7]) }, { intentPred: 2, slotPred: Int32Array.from([-1, 7]), loss: 3 });
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
    addSentence(c, 0, { intent: 1, slots: Int32Array.from([-1, 0, 0]) }, { intentPred: 1, slotPred: Int32Array.from([-1, 0, 0]), loss: 0 });
    const m = finishMetrics(c);
    assert.equal(m.slotAccuracy, 1);
    assert.equal(m.slotF1, 0);
    assert.equal(m.exactMatch, 1);
  });
});
