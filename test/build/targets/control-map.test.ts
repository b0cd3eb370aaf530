// The register map as U50 project files: the C header and the JSON carry the offsets of the spec.
import assert from 'node:assert/strict';
import { controlHeader, controlMapJson } from '../../../build/targets/u50/control-map.js';
import type { KernelSpec } from '../../../rtl-lib/axi/kernel-spec.js';

const spec: KernelSpec = {
  name: 'k',
  args: [
    { name: 'n', kind: 'scalar', ctype: 'uint' },
    { name: 'src', kind: 'pointer', ctype: 'float*', master: 'gmem0' },
    { name: 'scale', kind: 'scalar', ctype: 'float' },
    { name: 'dst', kind: 'pointer', ctype: 'float*', master: 'gmem1' },
  ],
  masters: [
    { name: 'gmem0', dataBits: 512 },
    { name: 'gmem1', dataBits: 32 },
  ],
};

describe('build/targets/u50 control map', () => {
  it('header and JSON carry the same offsets', () => {
    const h = controlHeader(spec);
    assert.match(h, /#define K_CTRL 0x000/);
    assert.match(h, /#define K_ARG_SRC 0x018 \/\/ float\* on m_axi_gmem0, 64 bits/);
    assert.match(h, /#define K_ARG_DST 0x028/);
    const j = JSON.parse(controlMapJson(spec)) as {
      args: { name: string; offset: number }[];
      control: Record<string, number>;
    };
    assert.deepEqual(
      j.args.map((a) => [a.name, a.offset]),
      [
        ['n', 16],
        ['src', 24],
        ['scale', 32],
        ['dst', 40],
      ],
    );
    assert.deepEqual(j.control, { ctrl: 0, gie: 4, ier: 8, isr: 12 });
  });
});
