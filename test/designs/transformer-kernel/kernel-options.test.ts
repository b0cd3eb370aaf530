// The kernel's options are refused, naming what is wrong, before any hardware is built.
import assert from 'node:assert/strict';
import type { CombinedConfig } from '../../../designs/engine/combined-core.js';
import { checkKernelOptions } from '../../../designs/transformer-kernel/kernel-options.js';
import { tinyKernel } from '../../../designs/transformer-kernel/tiny-program.js';

const core: CombinedConfig = {
  engine: { rows: 2, cols: 3, macStages: 1 },
  lanes: 2,
  engineDepth: 256,
  vectorDepth: 128,
  progDepth: 16,
  families: ['arith'],
};
const shape = { vocab: 50, maxTokens: 6, intents: 5, slots: 7 };

describe('designs/transformer-kernel/kernel-options', () => {
  const o = tinyKernel(shape, core).options;
  it('the tiny kernel is accepted', () => checkKernelOptions(o));
  it('refuses a host-map address outside the data memory, naming the field', () => {
    assert.throws(
      () => checkKernelOptions({ ...o, map: { ...o.map, slotPreds: 380 } }),
      /host map: slotPreds at 380 \(5 words\) is outside the data memory of 384 words/,
    );
    assert.throws(() => checkKernelOptions({ ...o, map: { ...o.map, tokens: -1 } }), /tokens at -1/);
    assert.throws(() => checkKernelOptions({ ...o, params: { base: 0, words: 385 } }), /params at 0 \(385 words\)/);
  });
  it('refuses an lrTable row of no words and an entry point outside the program', () => {
    assert.throws(
      () => checkKernelOptions({ ...o, map: { ...o.map, lrWords: 0 } }),
      /lrWords must be a positive integer/,
    );
    assert.throws(
      () => checkKernelOptions({ ...o, entry: { train: 8, eval: 0 } }),
      /entry train at 8 is outside the program of 8 words/,
    );
  });
});
