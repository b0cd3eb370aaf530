import assert from 'node:assert/strict';
import { prepareAtis } from '../../../designs/atis/dataset.js';
import { syntheticAtis } from '../../../designs/atis/synthetic.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../../designs/transformer/checkpoint.js';
import { defaultAdam } from '../../../designs/transformer/optimizer.js';
import { tensors } from '../../../designs/transformer/params.js';
import { FP32, FP64 } from '../../../designs/transformer/precision.js';
import { fitToData, presetConfig } from '../../../designs/transformer/presets.js';
import { Trainer, dropWords, type TrainerMeta } from '../../../designs/transformer/trainer.js';
import { Rng } from '../../../designs/transformer/rng.js';

describe('transformer/trainer', () => {
  const corpus = syntheticAtis({ train: 200, dev: 0, test: 100 });
  const base = presetConfig('small', { layers: 1 });
  const data = prepareAtis(corpus, { maxEntries: base.vocab });
  const cfg = fitToData(base, {
    tokens: data.table.tokens.length,
    intents: corpus.intentLabels.length,
    slots: corpus.slotLabels.length,
  });

  it('loss falls and test accuracy rises on synthetic data (Adam, float64)', function () {
    this.timeout(60000);
    const t = Trainer.create(FP64, cfg, defaultAdam(3e-3), 1);
    const before = t.evaluate(data.test, data.oClass);
    const e1 = t.trainEpoch(data.train);
    t.trainEpoch(data.train);
    const e3 = t.trainEpoch(data.train);
    const after = t.evaluate(data.test, data.oClass);
    assert.ok(e3.meanLoss < 0.6 * e1.meanLoss, `train loss ${e1.meanLoss} -> ${e3.meanLoss}`);
    assert.ok(after.loss < 0.5 * before.loss, `test loss ${before.loss} -> ${after.loss}`);
    assert.ok(
      after.intentAccuracy > before.intentAccuracy + 0.3,
      `intent ${before.intentAccuracy} -> ${after.intentAccuracy}`,
    );
    assert.ok(after.slotF1 > 0.4, `slot F1 ${after.slotF1}`);
    assert.equal(t.epoch, 3);
    assert.equal(t.step, 3 * data.train.length);
  });

  it('SGD also decreases the loss (FP32)', function () {
    this.timeout(60000);
    const t = Trainer.create(FP32, cfg, { kind: 'sgd', lr: 0.02 }, 1);
    const e1 = t.trainEpoch(data.train);
    const e2 = t.trainEpoch(data.train);
    assert.ok(e2.meanLoss < 0.8 * e1.meanLoss, `${e1.meanLoss} -> ${e2.meanLoss}`);
  });

  it('a run resumed from a checkpoint is bit-identical to an uninterrupted one (FP32, Adam)', function () {
    this.timeout(60000);
    const part = data.train.slice(0, 60);
    const straight = Trainer.create(FP32, cfg, defaultAdam(1e-3), 9);
    straight.trainEpoch(part);
    straight.trainEpoch(part);
    const first = Trainer.create(FP32, cfg, defaultAdam(1e-3), 9);
    first.trainEpoch(part);
    const ck = first.checkpoint({ note: 'x' });
    const d = decodeCheckpoint(encodeCheckpoint(ck.meta, ck.arrays));
    const resumed = Trainer.restore(d.meta as TrainerMeta, d.arrays);
    assert.equal(resumed.epoch, 1);
    resumed.trainEpoch(part);
    const a = tensors(straight.params),
      b = tensors(resumed.params);
    a.forEach((t, k) => assert.deepEqual([...b[k]!.data], [...t.data], t.name));
    assert.deepEqual(resumed.curve, straight.curve);
    const ma = tensors(straight.opt.v!),
      mb = tensors(resumed.opt.v!);
    ma.forEach((t, k) => assert.deepEqual([...mb[k]!.data], [...t.data], t.name));
  });

  it('a parameter average (emaDecay) follows the weights by its formula, is what evaluation uses, and survives a resume bit for bit', function () {
    this.timeout(60000);
    const part = data.train.slice(0, 40);
    const opt = { ...defaultAdam(1e-3), emaDecay: 0.9 };
    const straight = Trainer.create(FP32, cfg, opt, 5);
    const before = tensors(straight.ema!).map((t) => Float32Array.from(t.data));
    straight.trainStep(part[0]!);
    // Step 1: d = min(0.9, 2/11), average = r(r(d a) + r((1-d) p)) element by element.
    const d = Math.fround(2 / 11),
      c = Math.fround(1 - 2 / 11);
    tensors(straight.ema!).forEach((t, k) => {
      const p = tensors(straight.params)[k]!.data;
      for (let i = 0; i < t.data.length; i += 97) {
        assert.equal(
          t.data[i],
          Math.fround(Math.fround(d * before[k]![i]!) + Math.fround(c * p[i]!)),
          `${t.name}[${i}]`,
        );
      }
    });
    straight.trainEpoch(part.slice(1));
    straight.trainEpoch(part);
    // Evaluation reads the average, not the weights (they differ after training).
    const averaged = straight.evaluate(data.test.slice(0, 30), data.oClass);
    const weights = straight.evaluate(data.test.slice(0, 30), data.oClass, undefined, false);
    assert.notEqual(averaged.loss, weights.loss);
    const first = Trainer.create(FP32, cfg, opt, 5);
    first.trainStep(part[0]!);
    first.trainEpoch(part.slice(1));
    const ck = first.checkpoint({});
    const dec = decodeCheckpoint(encodeCheckpoint(ck.meta, ck.arrays));
    const resumed = Trainer.restore(dec.meta as TrainerMeta, dec.arrays);
    resumed.trainEpoch(part);
    const a = tensors(straight.ema!),
      b = tensors(resumed.ema!);
    a.forEach((t, k) => assert.deepEqual([...b[k]!.data], [...t.data], t.name));
    assert.equal(resumed.evaluate(data.test.slice(0, 30), data.oClass).loss, averaged.loss);
  });

  it('word dropout replaces words (never the classification token) at the given rate, deterministically, and training with it resumes bit for bit', function () {
    this.timeout(60000);
    const tokens = Int32Array.from({ length: 2001 }, (_, i) => 5 + (i % 50));
    const a = dropWords(tokens, 0.1, 1, new Rng(3)),
      b = dropWords(tokens, 0.1, 1, new Rng(3));
    assert.deepEqual(a, b);
    assert.equal(a[0], tokens[0]);
    const dropped = a.filter((t, i) => t !== tokens[i]).length;
    assert.ok(dropped > 150 && dropped < 250, `${dropped} of 2000 words dropped at 0.1`);
    assert.ok(a.every((t, i) => t === tokens[i] || t === 1));
    assert.deepEqual(dropWords(tokens, 0, 1, new Rng(3)), tokens);
    const part = data.train.slice(0, 30);
    const opt = { ...defaultAdam(1e-3), wordDropout: 0.2, unkToken: 1 };
    const straight = Trainer.create(FP32, cfg, opt, 4);
    straight.trainEpoch(part);
    straight.trainEpoch(part);
    const plain = Trainer.create(FP32, cfg, defaultAdam(1e-3), 4);
    plain.trainEpoch(part);
    plain.trainEpoch(part);
    assert.notDeepEqual(
      [...tensors(plain.params)[0]!.data],
      [...tensors(straight.params)[0]!.data],
      'dropout changes training',
    );
    const first = Trainer.create(FP32, cfg, opt, 4);
    first.trainEpoch(part);
    const ck = first.checkpoint({});
    const dec = decodeCheckpoint(encodeCheckpoint(ck.meta, ck.arrays));
    const resumed = Trainer.restore(dec.meta as TrainerMeta, dec.arrays);
    resumed.trainEpoch(part);
    tensors(straight.params).forEach((t, k) =>
      assert.deepEqual([...tensors(resumed.params)[k]!.data], [...t.data], t.name),
    );
  });
});
