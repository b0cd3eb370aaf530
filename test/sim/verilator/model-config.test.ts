// The .vlt configuration: listed internals become public_flat_rw in their module; hierarchy blocks
// only when asked for (a flat model runs several times faster), never for a module holding a listed
// internal or for the top.
import { strict as assert } from 'node:assert';
import { elaborate } from '../../../dsl/index.js';
import { MacArray } from '../../../sim/examples/mac-array.js';
import { modelConfig } from '../../../sim/verilator/model-config.js';

describe('sim/verilator: model configuration', () => {
  const design = elaborate(new MacArray(2, 2));

  it('is flat by default: only the listed internals', () => {
    assert.deepEqual(modelConfig(design, ['mac_0_0.acc']).lines, ['public_flat_rw -module "Mac32" -var "acc"']);
    assert.deepEqual(modelConfig(design, []).lines, []);
  });

  it('with hierarchy: modules instantiated 4 times or more become hierarchy blocks unless they hold an internal', () => {
    assert.deepEqual(modelConfig(design, [], true).lines, ['hier_block -module "Mac32"']);
    assert.deepEqual(modelConfig(design, ['mac_1_1.acc'], true).lines, ['public_flat_rw -module "Mac32" -var "acc"']);
  });
});
