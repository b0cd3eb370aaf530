// Yosys (`synth_xilinx -family xcup`) infers exactly the block/ultra primitives the planner's layout
// rule expects for a few RAM configurations (the bench `mem-synth` runs the whole matrix), and fabric
// storage where distributed or registers was asked for.
import assert from 'node:assert/strict';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { SYNTH_MATRIX } from '../../../rtl-lib/mem/synth-matrix.js';
import { expectedPrimitives, primitiveMismatches } from '../../../rtl-lib/mem/ram-expectations.js';
import { cellsFromStatText, type CellCounts, countCells } from '../../../build/tools/cells.js';
import { synthesizeEach } from '../../../build/tools/synth-design.js';
import { resolveRamConfig } from '../../../rtl-lib/mem/ram-config.js';
import { requireTool } from '../../support/tools.js';
import { buildRam } from './ram-harness.js';

describe('mem: RAM synthesis with Yosys', function () {
  this.timeout(300_000);
  const quick = SYNTH_MATRIX.filter((c) => c.quick);
  let counts: Map<string, CellCounts>;

  before(async function () {
    await requireTool(this, 'yosys');
    counts = await synthesizeEach(
      quick.map((c) => ({ name: c.name, design: emitVerilog(elaborate(buildRam(c.ports, c.cfg))) })),
    );
  });

  for (const c of quick) {
    it(`${c.name}: ${JSON.stringify(expectedPrimitives(c.ports, c.cfg))}`, () => {
      const r = resolveRamConfig(c.cfg);
      assert.deepEqual(
        primitiveMismatches(expectedPrimitives(c.ports, c.cfg), counts.get(c.name)!, r.depth, r.width),
        [],
      );
    });
  }

  it('the toolchain facts hold: 4096x32 block = 4 RAMB36E2, 16384x72 ultra = 4 URAM288', () => {
    assert.equal(counts.get('sdp-4096x32-block')!.ramb36, 4);
    assert.equal(counts.get('sdp-16384x72-ultra')!.uram288, 4);
  });
});

describe('mem: reading Yosys stat output', () => {
  it('reads both the old (name count) and the new (count name) layouts', () => {
    const old = countCells(
      cellsFromStatText(
        '   Number of cells:      9\n     BUFG                1\n     RAMB36E2            4\n     RAMB18E2            1\n     FDRE               33\n     LUT3               32\n     RAM64M8             3\n',
      ),
    );
    assert.deepEqual(
      [old.ramb36, old.ramb18, old.bram36, old.ff, old.lutLogic, old.lutram, old.lut],
      [4, 1, 4.5, 33, 32, 3, 32 + 3 * 8],
    );
    const neu = countCells(cellsFromStatText('        9 cells\n        4   URAM288\n        2   FDRE\n'));
    assert.deepEqual([neu.uram288, neu.ff, neu.cells.cells], [4, 2, undefined]);
  });
});
