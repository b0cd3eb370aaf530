// The Verilog of every RAM configuration (the simulated ones and the synthesis matrix) passes
// `verilator --lint-only -Wall` and `iverilog -g2012 -Wall` without a single message.
import assert from 'node:assert/strict';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { SYNTH_MATRIX } from '../../../rtl-lib/mem/synth-matrix.js';
import { iverilogCompile, requireTool, scratchDir, verilatorLint, writeFiles } from '../../support/tools.js';
import { buildRam } from './ram-harness.js';
import { BEHAVIOUR_CASES, caseName } from './behaviour-cases.js';

const all = [
  ...BEHAVIOUR_CASES.map((c) => ({ name: caseName(c), kind: c.kind, cfg: c.cfg })),
  ...SYNTH_MATRIX.map((c) => ({ name: c.name, kind: c.ports, cfg: c.cfg })),
];

describe('mem: RAM primitives are lint-clean', function () {
  this.timeout(120_000);
  all.forEach((c, i) => {
    it(c.name, async function () {
      await requireTool(this, 'verilator');
      await requireTool(this, 'iverilog');
      const e = emitVerilog(elaborate(buildRam(c.kind, c.cfg)));
      const dir = scratchDir(`mem-lint-${i}`);
      const files = writeFiles(dir, e.files);
      const v = await verilatorLint(files, e.top);
      assert.equal(v.output.trim(), '', v.output);
      assert.equal(v.exitCode, 0);
      const ic = await iverilogCompile(files, e.top, path.join(dir, 'design.vvp'));
      assert.equal(ic.output.trim(), '', ic.output);
      assert.equal(ic.exitCode, 0);
    });
  });
});
