// LUT-level counting on hand-made Yosys netlists: LUTs count, carries and muxes are followed for free,
// registers split segments, and each path lands in the segment given by the registers before it.
import assert from 'node:assert/strict';
import { logicDepth, type YosysNetlist } from '../../../build/tools/logic-depth.js';

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

// A hand-made Yosys JSON netlist: bits are numbers; each cell lists its port directions.
const typedCell = (
  type: string,
  ins: Record<string, number[]>,
  outs: Record<string, number[]>,
  parameters?: Record<string, string>,
) => ({
  type,
  parameters,
  port_directions: {
    ...Object.fromEntries(Object.keys(ins).map((k) => [k, 'input'])),
    ...Object.fromEntries(Object.keys(outs).map((k) => [k, 'output'])),
  },
  connections: { ...ins, ...outs },
});

function portNetlist(cells: Record<string, ReturnType<typeof typedCell>>): YosysNetlist {
  return {
    modules: { top: { ports: { x: { direction: 'input', bits: [1] }, y: { direction: 'output', bits: [9] } }, cells } },
  };
}

describe('build/tools logic-depth', () => {
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

  it('counts LUTs between registers; carries and muxes are free; the worst path wins', () => {
    const n = portNetlist({
      ff0: typedCell('FDRE', { D: [1] }, { Q: [2] }),
      l1: typedCell('LUT2', { I0: [2], I1: [1] }, { O: [3] }),
      c1: typedCell('CARRY4', { S: [3] }, { O: [4] }),
      l2: typedCell('LUT3', { I0: [4] }, { O: [5] }),
      m1: typedCell('MUXF7', { I0: [5] }, { O: [6] }),
      l3: typedCell('LUT6', { I0: [6] }, { O: [7] }),
      ff1: typedCell('FDRE', { D: [7] }, { Q: [8] }),
      short: typedCell('LUT1', { I0: [8] }, { O: [9] }),
    });
    assert.equal(logicDepth(n, 'top').lutLevels, 3);
  });

  it('a registered DSP and a black-boxed unit end paths; an unregistered DSP does not', () => {
    const chain = (dspParams: Record<string, string>, type = 'DSP48E2') =>
      portNetlist({
        l1: typedCell('LUT2', { I0: [1] }, { O: [2] }),
        d: typedCell(type, { A: [2] }, { P: [3] }, dspParams),
        l2: typedCell('LUT2', { I0: [3] }, { O: [4] }),
        ff: typedCell('FDRE', { D: [4] }, { Q: [9] }),
      });
    assert.equal(logicDepth(chain({ AREG: '00', PREG: '00' }), 'top').lutLevels, 2);
    assert.equal(logicDepth(chain({ AREG: '01' }), 'top').lutLevels, 1);
    assert.equal(logicDepth(chain({}, 'Fp32Mac'), 'top', ['Fp32Mac']).lutLevels, 1);
  });

  it('walks a path far deeper than the JavaScript stack (a flattened kernel)', () => {
    const n = 50_000;
    const cells: Record<string, Cell> = {};
    for (let i = 0; i < n; i++) cells[`l${i}`] = lut([i === 0 ? 3 : 100 + i - 1], 100 + i);
    assert.equal(logicDepth(netlist(cells, [100 + n - 1]), 'top').lutLevels, n);
  });
});
