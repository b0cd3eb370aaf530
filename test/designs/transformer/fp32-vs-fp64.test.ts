// The FP32 hardware-order model against the float64 reference: same initial values (the FP32 ones),
// same samples, same Adam settings. Documented tolerance (docs/transformer.md): over 200 training
// steps of the 'small' model, every step's loss within 1e-4 relative and the parameters within 1e-4
// relative L2 (measured with the chip's nonlinear units: 6.2e-6 and 1.01e-5).
import assert from 'node:assert/strict';
import { prepareAtis } from '../../../designs/atis/dataset.js';
import { syntheticAtis } from '../../../designs/atis/synthetic.js';
import { TransformerModel } from '../../../designs/transformer/model.js';
import { defaultAdam } from '../../../designs/transformer/optimizer.js';
import {
  convertParams,
  initParams,
  tensors,
  zerosLike,
  type ModelParams,
} from '../../../designs/transformer/params.js';
import { FP32, FP64 } from '../../../designs/transformer/precision.js';
import { fitToData, presetConfig } from '../../../designs/transformer/presets.js';
import { measureDrift, paramDistance } from '../../../designs/transformer/level-drift.js';

const relL2 = (a: ModelParams, b: ModelParams) => paramDistance(a, b).relL2;

describe('transformer FP32 model vs float64 reference', () => {
  const corpus = syntheticAtis({ train: 300, dev: 0, test: 0 });
  const base = presetConfig('small', { layers: 2 });
  const data = prepareAtis(corpus, { maxEntries: base.vocab });
  const cfg = fitToData(base, {
    tokens: data.table.tokens.length,
    intents: corpus.intentLabels.length,
    slots: corpus.slotLabels.length,
  });

  it('rounds: every FP32 parameter and gradient is a binary32 value, and the levels differ', () => {
    const p32 = convertParams(FP32, initParams(cfg, 2));
    const g32 = zerosLike(FP32, p32);
    new TransformerModel(FP32, cfg, p32).forwardBackward(data.train[0]!, g32);
    for (const t of [...tensors(p32), ...tensors(g32)]) assert.ok(t.data instanceof Float32Array, t.name);
    const p64 = convertParams(FP64, p32);
    const g64 = zerosLike(FP64, p64);
    new TransformerModel(FP64, cfg, p64).forwardBackward(data.train[0]!, g64);
    const d = relL2(convertParams(FP64, g32), g64);
    assert.ok(d > 1e-10, `FP32 gradient identical to float64 (${d}): the FP32 level does not round`);
    assert.ok(d < 1e-5, `one-step gradient relative L2 ${d}`);
  });

  it('stays within the documented tolerance over 200 Adam steps', function () {
    this.timeout(60000);
    const r = measureDrift(cfg, defaultAdam(1e-3), 5, data.train, 200);
    assert.ok(r.worstLossRelDiff < 1e-4, `worst per-step relative loss difference ${r.worstLossRelDiff}`);
    assert.ok(r.paramRelL2 < 1e-4, `parameter relative L2 difference ${r.paramRelL2}`);
    assert.ok(r.paramRelL2 > 0, 'the two levels should not be identical');
  });
});
