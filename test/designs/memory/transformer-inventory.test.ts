import assert from 'node:assert/strict';
import fc from 'fast-check';
import { paperConfig, tinyConfig, type TTLayerShape } from '../../../designs/transformer/config.js';
import { DEFAULT_INVENTORY, GROUPS, transformerInventory } from '../../../designs/memory/transformer-inventory.js';
import { trainingStages } from '../../../designs/memory/training-schedule.js';
import { validateDesign, type MemTensor } from '../../../rtl-lib/mem/plan/tensor.js';

/** TT parameter count written out from the definition: sum over cores of r_{k-1} * s_k * r_k. */
function ttParams(tt: TTLayerShape): number {
  const s = [...tt.inShape, ...tt.outShape];
  let n = 0;
  for (let k = 0; k < s.length; k++) n += tt.ranks[k]! * s[k]! * tt.ranks[k + 1]!;
  return n;
}

const words = (ts: readonly MemTensor[], pred: (t: MemTensor) => boolean) =>
  ts.filter(pred).reduce((s, t) => s + t.words, 0);

describe('designs/memory/transformer-inventory', () => {
  it('holds every TT and TTM core of the paper model, with the sizes of the definition', () => {
    for (const rank of [10, 20]) {
      const cfg = paperConfig({ layers: 2, rank });
      const inv = transformerInventory(cfg, DEFAULT_INVENTORY);
      validateDesign(inv);
      const layerTT = 4 * ttParams(cfg.attn) + ttParams(cfg.ffn1) + ttParams(cfg.ffn2);
      const e = cfg.embedding;
      const emb = e.rowShape.reduce((s, v, k) => s + e.ranks[k]! * v * e.colShape[k]! * e.ranks[k + 1]!, 0);
      const expected = cfg.layers * layerTT + ttParams(cfg.intentPooler) + ttParams(cfg.slotPooler) + emb;
      assert.equal(
        words(inv.tensors, (t) => t.group === GROUPS.ttCore),
        expected,
      );
      assert.equal(
        words(inv.tensors, (t) => t.group === GROUPS.ttCoreGrad),
        expected,
      );
      // rank 10: 6 cores per TT layer, 6 TT layers per encoder layer, 2 poolers, 5 embedding cores.
      assert.equal(inv.tensors.filter((t) => t.group === GROUPS.ttCore).length, 6 * 6 * 2 + 6 * 2 + 5);
    }
    // One memory per TT layer holds the same words in fewer tensors.
    const cfg = paperConfig({ layers: 1 });
    const perLayer = transformerInventory(cfg, { ...DEFAULT_INVENTORY, coreStorage: 'per-layer' });
    assert.equal(
      words(perLayer.tensors, (t) => t.group === GROUPS.ttCore),
      words(transformerInventory(cfg).tensors, (t) => t.group === GROUPS.ttCore),
    );
  });

  it('derives the activations from the config: shapes of Q, S, O1, Z, the LN statistics', () => {
    const cfg = paperConfig({ layers: 3, rank: 20 });
    const inv = transformerInventory(cfg);
    const get = (n: string) => inv.tensors.find((t) => t.name === n)!;
    assert.deepEqual(get('L2.Q').shape, [32, 768]);
    assert.deepEqual(get('L0.S').shape, [12, 32, 32]);
    assert.deepEqual(get('L1.O1').shape, [32, 3072]);
    assert.deepEqual(get('L1.G').shape, [32, 3072]);
    assert.deepEqual(get('L0.W1.Z').shape, [32, 20]);
    assert.deepEqual(get('L0.ln2.stats').shape, [32, 2]);
    assert.deepEqual(get('head.slot.prob').shape, [31, 121]);
    // Saved activations per layer: 6 of K x D (Q K V A O Y; the input X is the previous Y), 2 of K x dFF, S, 2 stats.
    const perLayer = words(inv.tensors, (t) => t.group === GROUPS.activation && t.name.startsWith('L1.'));
    assert.equal(perLayer, 6 * 32 * 768 + 2 * 32 * 3072 + 12 * 32 * 32 + 2 * 32 * 2);
  });

  it('scales activations with tokens and model width, parameters not with tokens (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.integer({ min: 1, max: 3 }), (tokens, layers) => {
        const base = paperConfig({ layers });
        const a = transformerInventory({ ...base, maxTokens: tokens });
        const b = transformerInventory({ ...base, maxTokens: 2 * tokens });
        const act = (t: MemTensor) => t.group === GROUPS.activation && t.name.startsWith('L');
        const par = (t: MemTensor) => t.group === GROUPS.ttCore || t.group === GROUPS.denseParam;
        // Everything per layer is linear in K except the attention scores S (quadratic).
        const sWords = (k: number) => layers * base.heads * k * k;
        assert.equal(words(b.tensors, act) - sWords(2 * tokens), 2 * (words(a.tensors, act) - sWords(tokens)));
        assert.equal(words(a.tensors, par), words(b.tensors, par));
      }),
      { numRuns: 20 },
    );
  });

  it('gives each tensor the lifetime of the training step', () => {
    const cfg = paperConfig({ layers: 2 });
    const inv = transformerInventory(cfg, { ...DEFAULT_INVENTORY, optimizer: 'adam' });
    const all = inv.stages.length;
    for (const t of inv.tensors) {
      if ([GROUPS.ttCore, GROUPS.denseParam, 'adam-m', 'adam-v'].includes(t.group))
        assert.equal(t.live.length, all, t.name);
      if (t.group === GROUPS.activation && t.name.startsWith('L')) {
        // Produced in a forward stage and kept into the backward pass.
        assert.match(t.live[0]!, /FP/, t.name);
        assert.ok(
          t.live.some((s) => s.includes('.BP.')),
          t.name,
        );
      }
      if (t.group === GROUPS.ttCoreGrad || t.group === GROUPS.denseGrad) {
        assert.ok(!t.live.some((s) => s.includes('FP')), `${t.name} live in a forward stage`);
        assert.equal(t.live[t.live.length - 1], 'PU');
      }
    }
    // Q is needed until the attention backward pass, not later.
    assert.equal(inv.tensors.find((t) => t.name === 'L0.Q')!.live.at(-1), 'L0.BP.attn');
    // Updating per layer frees a layer's gradients before the layers below run backward.
    const perLayer = transformerInventory(cfg, { ...DEFAULT_INVENTORY, update: 'per-layer' });
    assert.equal(perLayer.tensors.find((t) => t.name === 'L1.W1.G3.grad')!.live.at(-1), 'L1.PU');
    assert.ok(!perLayer.tensors.find((t) => t.name === 'L1.W1.G3.grad')!.live.includes('L0.BP.ffn2'));
  });

  it('keeps optimizer state for SGD (none), momentum (one) and Adam (two buffers)', () => {
    const cfg = tinyConfig({ layers: 1 });
    const count = (o: 'sgd' | 'momentum' | 'adam') =>
      transformerInventory(cfg, { ...DEFAULT_INVENTORY, optimizer: o }).tensors.filter((t) =>
        ['adam-m', 'adam-v', 'momentum'].includes(t.group),
      );
    const params = transformerInventory(cfg).tensors.filter(
      (t) => t.group === GROUPS.ttCore || t.group === GROUPS.denseParam,
    );
    assert.equal(count('sgd').length, 0);
    assert.equal(count('momentum').length, params.length);
    assert.equal(count('adam').length, 2 * params.length);
    assert.equal(
      words(count('adam'), () => true),
      2 * words(params, () => true),
    );
  });

  it('orders the schedule forward, heads, backward in reverse, update', () => {
    const s = trainingStages(tinyConfig({ layers: 2 }), 'end');
    assert.deepEqual(s.slice(0, 3), ['emb.FP', 'L0.FP.qkv', 'L0.FP.attn']);
    assert.ok(s.indexOf('L1.FP.ffn2') < s.indexOf('heads.FP') && s.indexOf('heads.BP') < s.indexOf('L1.BP.ffn2'));
    assert.ok(s.indexOf('L1.BP.qkv') < s.indexOf('L0.BP.ffn2'));
    assert.deepEqual(s.slice(-2), ['emb.BP', 'PU']);
  });
});
