// The FP32 level's bits, pinned: speed work on the FP32 path (faster units, kernels, array handling) must not
// change a single bit of training. (1) The small model trained 30 Adam steps with the fast tanh (float64
// tanh plus an error bound, falling back to the datapath) is bit-identical to the same run with the unit's
// full datapath (exactTanh). (2) The parameters after those steps have a recorded fingerprint; a change of
// the FP32 order that is meant (a new summation order, a new unit) updates GOLDEN in the same commit and
// says so.
import assert from 'node:assert/strict';
import { prepareAtis } from '../../../designs/atis/dataset.js';
import { syntheticAtis } from '../../../designs/atis/synthetic.js';
import { defaultAdam } from '../../../designs/transformer/optimizer.js';
import { tensors } from '../../../designs/transformer/params.js';
import { FP32, type Precision } from '../../../designs/transformer/precision.js';
import { fitToData, presetConfig } from '../../../designs/transformer/presets.js';
import { Trainer } from '../../../designs/transformer/trainer.js';
import { exactTanh } from '../../../rtl-lib/fp/fast/tanh.js';

/** FNV-1a of every parameter's bytes. */
function fingerprint(t: Trainer): string {
  let h = 0x811c9dc5;
  for (const x of tensors(t.params)) {
    const bytes = new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const GOLDEN = 'cab79c5a';

describe('transformer FP32 level: bits pinned', () => {
  const corpus = syntheticAtis({ train: 40, dev: 0, test: 0 });
  const base = presetConfig('small', { layers: 2 });
  const data = prepareAtis(corpus, { maxEntries: base.vocab });
  const cfg = fitToData(base, {
    tokens: data.table.tokens.length,
    intents: corpus.intentLabels.length,
    slots: corpus.slotLabels.length,
  });
  const train = (P: Precision): Trainer => {
    const t = Trainer.create(P, cfg, defaultAdam(1e-3), 3);
    for (let i = 0; i < 30; i++) t.trainStep(data.train[i % data.train.length]!);
    return t;
  };
  const fast = train(FP32);

  it("the fast tanh trains bit-identically to the unit's full datapath", () => {
    const exact = train({ ...FP32, tanh: exactTanh });
    assert.equal(fingerprint(fast), fingerprint(exact));
    const a = tensors(fast.params);
    const b = tensors(exact.params);
    for (let k = 0; k < a.length; k++) assert.deepEqual(a[k]!.data, b[k]!.data, a[k]!.name);
  });

  it('the parameters after 30 steps have the recorded fingerprint', () => {
    assert.equal(fingerprint(fast), GOLDEN, 'the FP32 level changed bits: if meant, update GOLDEN and say why');
  });
});
