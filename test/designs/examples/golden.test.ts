// Every example's Verilog against its golden files, and the output is a pure function of the design.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { elaborate, emitVerilog, UInt } from '../../../dsl/index.js';
import { examples } from '../../../designs/examples/index.js';
import { AdderTree } from '../../../designs/examples/adder-tree.js';
import { checkGoldenFolder } from '../../support/golden.js';

const goldenRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

describe('examples: golden Verilog', () => {
  for (const ex of examples) {
    it(`${ex.name} matches test/designs/examples/golden/${ex.name}/`, () => {
      const files = emitVerilog(elaborate(ex.build())).files;
      checkGoldenFolder(path.join(goldenRoot, ex.name), files);
    });

    it(`${ex.name} emits byte-identical output on a second elaboration`, () => {
      const a = emitVerilog(elaborate(ex.build())).files;
      const b = emitVerilog(elaborate(ex.build())).files;
      assert.deepEqual(b, a);
    });
  }

  it('output does not depend on how many expressions the process built before the design', () => {
    const before = examples.map((ex) => emitVerilog(elaborate(ex.build())).files);
    for (let i = 0; i < 25_000; i++) UInt(8).lit(1);
    const after = examples.map((ex) => emitVerilog(elaborate(ex.build())).files);
    assert.deepEqual(after, before);
  });

  it('AdderTree emits each distinct size once, and both halves instantiate the same module', () => {
    const design = elaborate(new AdderTree(8, 8));
    assert.deepEqual(
      design.modules.map((m) => m.name),
      ['AdderTree_n1', 'AdderTree_n2', 'AdderTree_n4', 'AdderTree_n8'],
    );
    for (const m of design.modules.slice(1)) {
      assert.equal(m.instances.length, 2);
      assert.equal(m.instances[0]!.module, m.instances[1]!.module);
    }
    // An uneven tree has halves of different sizes: 5 = 3 + 2, 3 = 2 + 1, 2 = 1 + 1.
    const uneven = elaborate(new AdderTree(5, 4));
    assert.deepEqual(uneven.modules.map((m) => m.params.n).sort(), [1, 2, 3, 5]);
  });
});
