// The register map is the contract between the control slave, kernel.xml and the host.
import assert from 'node:assert/strict';
import { registerMap, type KernelSpec } from '../../../rtl-lib/axi/kernel-spec.js';

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

describe('axi: kernel register map', () => {
  it('lays arguments out in 8-byte slots from 0x10, pointers 8 bytes, scalars 4', () => {
    assert.deepEqual(
      registerMap(spec).map((r) => [r.arg.name, r.offset, r.bytes, r.id]),
      [
        ['n', 0x10, 4, 0],
        ['src', 0x18, 8, 1],
        ['scale', 0x20, 4, 2],
        ['dst', 0x28, 8, 3],
      ],
    );
  });

  it('rejects duplicate names, unknown masters, odd widths and non-C names', () => {
    assert.throws(
      () => registerMap({ ...spec, args: [...spec.args, { name: 'n', kind: 'scalar', ctype: 'int' }] }),
      /appears twice/,
    );
    assert.throws(
      () => registerMap({ ...spec, args: [{ name: 'p', kind: 'pointer', ctype: 'int*', master: 'hbm' }] }),
      /m_axi_hbm/,
    );
    assert.throws(
      () =>
        registerMap({
          ...spec,
          masters: [
            { name: 'gmem0', dataBits: 48 },
            { name: 'gmem1', dataBits: 32 },
          ],
        }),
      /48/,
    );
    assert.throws(() => registerMap({ ...spec, name: '2k' }), /C identifier/);
  });
});
