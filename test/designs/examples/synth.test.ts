// Every example through Yosys for UltraScale+: no latch anywhere, and the registers the
// design declares come out as flip-flops. A hand-written latch shows the check can fail.
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { examples } from '../../../designs/examples/index.js';
import { blackboxSources, requireTool, scratchDir, writeFiles } from '../../support/tools.js';
import { latchCells, synthXilinx } from '../../support/synth.js';

const flipFlops = (cells: Record<string, number>) =>
  Object.entries(cells)
    .filter(([k]) => /^FD[RSCP]E$/.test(k))
    .reduce((s, [, n]) => s + n, 0);

/** Flip-flops each example must have at least (its registers' bits), as a sanity check of the run. */
const minFlops: Record<string, number> = {
  Counter: 8,
  Fifo: 4 + 4 + 5,
  Gcd: 16 + 16 + 2,
  TrafficLight: 5 + 2,
  AdderTree: 0,
  StreamLanes: 0,
  BlackBoxUser: 24,
  UartTx: 2 + 3 + 8 + 4,
};

describe('examples: Yosys synth_xilinx (xcup) has no latches', function () {
  this.timeout(120_000);

  it('the latch check finds a latch in hand-written Verilog', async function () {
    await requireTool(this, 'yosys');
    const dir = scratchDir('synth-latch');
    const f = path.join(dir, 'latchy.v');
    writeFileSync(f, 'module latchy (input en, input d, output reg q);\n  always @* if (en) q = d;\nendmodule\n');
    const s = await synthXilinx([f], 'latchy');
    assert.deepEqual(latchCells(s.cells), ['LDCE']);
  });

  for (const ex of examples) {
    it(`${ex.name}: zero latches`, async function () {
      await requireTool(this, 'yosys');
      const design = elaborate(ex.build());
      const e = emitVerilog(design);
      const dir = scratchDir(`synth-${ex.name}`);
      const files = [...writeFiles(dir, e.files), ...blackboxSources(design)];
      const s = await synthXilinx(files, e.top);
      assert.deepEqual(latchCells(s.cells), [], JSON.stringify(s.cells));
      assert.ok(ex.name in minFlops, `no flip-flop expectation for ${ex.name}`);
      assert.ok(
        flipFlops(s.cells) >= minFlops[ex.name]!,
        `${flipFlops(s.cells)} flip-flops: ${JSON.stringify(s.cells)}`,
      );
    });
  }
});
