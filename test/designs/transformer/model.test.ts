// Gradient check of the whole model (float64, tiny config, 2 layers) against central finite differences,
// for EVERY parameter entry: TTM embedding cores, position embedding, all TT cores and biases of
// W_q, W_k, W_v, W_o, W_1, W_2 and both poolers, the LayerNorms, and both classifier layers.
import assert from 'node:assert/strict';
import { tinyConfig } from '../../../designs/transformer/config.js';
import { TransformerModel, type Sample } from '../../../designs/transformer/model.js';
import { initParams, tensors, zerosLike } from '../../../designs/transformer/params.js';
import { FP64 } from '../../../designs/transformer/precision.js';

describe('transformer/model', () => {
  const cfg = tinyConfig({ layers: 2 });
  // Repeated token 5 exercises gradient accumulation into the same embedding slices.
  const sample: Sample = {
    tokens: Int32Array.from([2, 5, 9, 5, 33, 17]),
    slots: Int32Array.from([-1, 1, 3, 6, 0, 2]),
    intent: 3,
  };

  for (const pooling of ['first', 'mean'] as const)
    it(`matches central finite differences for every parameter entry (float64, intent head on ${pooling === 'first' ? 'X[0]' : 'the mean of the rows'})`, function () {
      this.timeout(60000);
      const cfg = { ...tinyConfig({ layers: 2 }), intentPooling: pooling };
      const params = initParams(cfg, 7);
      // Non-trivial LayerNorm and bias values, so their gradients are not special cases.
      for (const t of tensors(params))
        if (/gamma|beta|bias|\.b$/.test(t.name))
          for (let i = 0; i < t.data.length; i++) t.data[i]! += 0.3 * Math.sin(1 + i + t.name.length);
      const model = new TransformerModel(FP64, cfg, params);
      const grads = zerosLike(FP64, params);
      model.forwardBackward(sample, grads);
      const pt = tensors(params),
        gt = tensors(grads);
      const h = 1e-5;
      let checked = 0,
        worst = 0,
        worstName = '';
      const kinds = new Set<string>();
      for (let k = 0; k < pt.length; k++) {
        const p = pt[k]!.data,
          g = gt[k]!.data;
        for (let i = 0; i < p.length; i++) {
          const old = p[i]!;
          p[i] = old + h;
          const up = model.forward(sample).loss;
          p[i] = old - h;
          const down = model.forward(sample).loss;
          p[i] = old;
          const fd = (up - down) / (2 * h);
          const err = Math.abs(fd - g[i]!) / (1e-6 + Math.abs(fd) + Math.abs(g[i]!));
          if (err > worst) {
            worst = err;
            worstName = `${pt[k]!.name}[${i}] fd ${fd} analytic ${g[i]}`;
          }
          assert.ok(
            Math.abs(fd - g[i]!) <= 1e-7 + 1e-5 * Math.abs(fd),
            `${pt[k]!.name}[${i}]: finite difference ${fd}, analytic ${g[i]}`,
          );
          checked++;
        }
        kinds.add(pt[k]!.name.replace(/^layer\d+\./, '').replace(/core\d+$/, 'core'));
      }
      assert.ok(checked > 1000, `checked ${checked}`);
      // Every kind of parameter took part.
      for (const kind of [
        'embedding.core',
        'position',
        'wq.core',
        'wk.bias',
        'wo.core',
        'ln1.gamma',
        'w1.core',
        'w2.bias',
        'ln2.beta',
        'intent.pooler.core',
        'intent.W',
        'intent.b',
        'slot.pooler.bias',
        'slot.ln.gamma',
        'slot.W',
        'slot.b',
      ])
        assert.ok(kinds.has(kind), kind);
      assert.ok(worst < 1e-4, worstName);
    });

  it('adds gradients into the given structure (two calls give twice the gradient)', () => {
    const params = initParams(cfg, 3);
    const model = new TransformerModel(FP64, cfg, params);
    const once = zerosLike(FP64, params),
      twice = zerosLike(FP64, params);
    model.forwardBackward(sample, once);
    model.forwardBackward(sample, twice);
    model.forwardBackward(sample, twice);
    const a = tensors(once),
      b = tensors(twice);
    // Equal up to rounding: within one call some gradients are sums over tokens, so the order differs.
    a.forEach((t, k) =>
      t.data.forEach((v, i) =>
        assert.ok(Math.abs(b[k]!.data[i]! - 2 * v) <= 1e-12 * (1 + Math.abs(v)), `${t.name}[${i}]`),
      ),
    );
    assert.ok(a.some((t) => t.data.some((v) => v !== 0)));
  });

  it('handles a one-token utterance (no slot positions) and predicts a class per word', () => {
    const params = initParams(cfg, 3);
    const model = new TransformerModel(FP64, cfg, params);
    const r = model.forwardBackward(
      { tokens: Int32Array.from([2]), slots: Int32Array.from([-1]), intent: 1 },
      zerosLike(FP64, params),
    );
    assert.equal(r.slotLoss, 0);
    assert.ok(r.intentLoss > 0 && Number.isFinite(r.intentLoss));
    const r2 = model.forward(sample);
    assert.equal(r2.slotPred[0], -1);
    for (let t = 1; t < sample.tokens.length; t++) assert.ok(r2.slotPred[t]! >= 0 && r2.slotPred[t]! < cfg.slots);
  });
});
