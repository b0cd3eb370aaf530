// Every example's emitted Verilog passes `verilator --lint-only -Wall` and `iverilog -g2012 -Wall`
// without a single warning.
import assert from 'node:assert/strict';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { examples } from '../../../designs/examples/index.js';
import {
  blackboxSources,
  iverilogCompile,
  requireTool,
  scratchDir,
  verilatorLint,
  writeFiles,
} from '../../support/tools.js';

describe('examples: lint-clean Verilog', function () {
  this.timeout(120_000);
  for (const ex of examples) {
    it(`${ex.name}: verilator --lint-only -Wall reports nothing`, async function () {
      await requireTool(this, 'verilator');
      const design = elaborate(ex.build());
      const e = emitVerilog(design);
      const files = [...writeFiles(scratchDir(`lint-verilator-${ex.name}`), e.files), ...blackboxSources(design)];
      const r = await verilatorLint(files, e.top);
      assert.equal(r.output.trim(), '', r.output);
      assert.equal(r.exitCode, 0);
    });

    it(`${ex.name}: iverilog -g2012 -Wall reports nothing`, async function () {
      await requireTool(this, 'iverilog');
      const design = elaborate(ex.build());
      const e = emitVerilog(design);
      const dir = scratchDir(`lint-iverilog-${ex.name}`);
      const files = [...writeFiles(dir, e.files), ...blackboxSources(design)];
      const r = await iverilogCompile(files, e.top, path.join(dir, 'design.vvp'));
      assert.equal(r.output.trim(), '', r.output);
      assert.equal(r.exitCode, 0);
    });
  }
});
