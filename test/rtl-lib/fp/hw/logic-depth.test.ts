// LUT-level counting on hand-made Yosys netlists: LUTs count, carries and muxes are followed for free,
// registers split segments, and each path lands in the segment given by the registers before it.
import assert from 'node:assert/strict';
import { logicDepth, type YosysNetlist } from '../../../../rtl-lib/fp/hw/logic-depth.js';

type Cell = YosysNetlist['modules'][string]['cells'][string];
const lut = (i: number[], o: number): Cell => ({
  type: i.length > 2 ? 'LUT3' : 'LUT2',
  port_directions: { I0: 'input', I1: 'input', ...(i[2] ? { I2: 'input' as const } : {}), O: 'output' },
  connections: { I0: [i[0]!], I1: [i[1] ?? '0'], ...(i[2] ? { I2: [i[2]] } : {}), O: [o] },
});
const ff = (d: number, q: number): Cell => ({
  type: 'FDRE',
  port_directions: { C: 'input', CE: 'input', R: 'input', D: 'input', Q: 'output' },
  connections: { C: [2], CE: ['1'], R: ['0'], D: [d], Q: [q] },
});
const carry = (i: number, o: number): Cell => ({
  type: 'CARRY4',
  port_directions: { CI: 'input', S: 'input', CO: 'output' },
  connections: { CI: ['0'], S: [i], CO: [o] },
});

function netlist(cells: Record<string, Cell>, outputs: number[]): YosysNetlist {
  return {
    modules: {
      top: {
        ports: {
          clk: { direction: 'input', bits: [2] },
          a: { direction: 'input', bits: [3] },
          b: { direction: 'input', bits: [4] },
          y: { direction: 'output', bits: outputs },
        },
        cells,
      },
    },
  };
}

describe('rtl-lib/fp/hw logic-depth', () => {
  it('counts LUTs on the longest path, follows carries for free and stops at registers', () => {
    // a -> LUT -> LUT -> CARRY -> LUT -> FF -> LUT -> y ; b -> LUT -> FF (shorter)
    const d = logicDepth(
      netlist(
        {
          l1: lut([3, 4], 10),
          l2: lut([10], 11),
          c1: carry(11, 12),
          l3: lut([12, 4], 13),
          r1: ff(13, 14),
          l4: lut([4], 15),
          r2: ff(15, 16),
          l5: lut([14, 16], 17),
        },
        [17],
      ),
      'top',
    );
    assert.deepEqual(d.segments, [
      { segment: 0, lutLevels: 3, carryCells: 1 },
      { segment: 1, lutLevels: 1, carryCells: 0 },
    ]);
    assert.equal(d.lutLevels, 3);
    assert.equal(d.carryCells, 1);
  });

  it('puts a path into the segment of the registers before it, even through unregistered bypasses', () => {
    // Two registers in a row, then a LUT mixing the second register with a raw input: segment 2.
    const d = logicDepth(
      netlist({ r1: ff(3, 10), r2: ff(10, 11), l: lut([11, 4, 3], 12), l2: lut([12], 13) }, [13]),
      'top',
    );
    assert.deepEqual(
      d.segments.map((s) => [s.segment, s.lutLevels]),
      [
        [0, 0],
        [1, 0],
        [2, 2],
      ],
    );
  });

  it('cuts a cell-level cycle (a multi-output cell feeding itself) and counts it', () => {
    // CARRY4-like cell with two outputs: bit 10 -> LUT -> its second input; the bits form no loop.
    const c: Cell = {
      type: 'CARRY4',
      port_directions: { S0: 'input', S1: 'input', O0: 'output', O1: 'output' },
      connections: { S0: [3], S1: [12], O0: [10], O1: [11] },
    };
    const d = logicDepth(netlist({ c, l: lut([10], 12), l2: lut([11], 13) }, [13]), 'top');
    assert.equal(d.cellLoops, 1);
    assert.equal(d.lutLevels, 2);
  });
});
