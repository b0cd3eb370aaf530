import assert from 'node:assert/strict';
import { lutLevels } from '../../../designs/engine/synth-estimate.js';

// A hand-made Yosys JSON netlist: bits are numbers; each cell lists its port directions.
const cell = (
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

function netlist(cells: Record<string, ReturnType<typeof cell>>) {
  return {
    modules: { top: { ports: { x: { direction: 'input', bits: [1] }, y: { direction: 'output', bits: [9] } }, cells } },
  };
}

describe('designs/engine synth-estimate lutLevels', () => {
  it('counts LUTs between registers; carries and muxes are free; the worst path wins', () => {
    const n = netlist({
      ff0: cell('FDRE', { D: [1] }, { Q: [2] }),
      l1: cell('LUT2', { I0: [2], I1: [1] }, { O: [3] }),
      c1: cell('CARRY4', { S: [3] }, { O: [4] }),
      l2: cell('LUT3', { I0: [4] }, { O: [5] }),
      m1: cell('MUXF7', { I0: [5] }, { O: [6] }),
      l3: cell('LUT6', { I0: [6] }, { O: [7] }),
      ff1: cell('FDRE', { D: [7] }, { Q: [8] }),
      short: cell('LUT1', { I0: [8] }, { O: [9] }),
    });
    assert.equal(lutLevels(n, 'top'), 3);
  });

  it('a registered DSP and a black-boxed unit end paths; an unregistered DSP does not', () => {
    const chain = (dspParams: Record<string, string>, type = 'DSP48E2') =>
      netlist({
        l1: cell('LUT2', { I0: [1] }, { O: [2] }),
        d: cell(type, { A: [2] }, { P: [3] }, dspParams),
        l2: cell('LUT2', { I0: [3] }, { O: [4] }),
        ff: cell('FDRE', { D: [4] }, { Q: [9] }),
      });
    assert.equal(lutLevels(chain({ AREG: '00', PREG: '00' }), 'top'), 2);
    assert.equal(lutLevels(chain({ AREG: '01' }), 'top'), 1);
    assert.equal(lutLevels(chain({}, 'Fp32Mac'), 'top', ['Fp32Mac']), 1);
  });
});
