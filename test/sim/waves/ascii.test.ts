// ASCII waveforms: exact rendering (a snapshot written out here) and a property: every cycle of every
// trace is one cell wide, so columns line up whatever the values.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { renderAscii } from '../../../sim/waves/ascii.js';

describe('sim/waves/ascii', () => {
  it('draws bits as lines, words as hex where they change, and marks a cycle', () => {
    const text = renderAscii(
      [
        { name: 'valid', width: 1, values: [0n, 1n, 1n, 0n] },
        { name: 'data', width: 16, values: [0n, 0xabn, 0xabn, 0x1234n] },
      ],
      { first: 10, mark: 12 },
    );
    assert.equal(
      text,
      [
        'cycle 10    11    12    13',
        'valid ______/‾‾‾‾‾‾‾‾‾‾‾\\_____',
        'data  |0    |ab   =     |1234',
        '                  ^ here',
      ].join('\n'),
    );
  });

  it('keeps every column the same width (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 70 }),
        fc.array(fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }), { minLength: 1, maxLength: 12 }),
        (w, vals) => {
          const values = vals.map((v) => BigInt.asUintN(w, v));
          const rows = renderAscii([
            { name: 's', width: w, values },
            { name: 'b', width: 1, values: values.map((v) => v & 1n) },
          ]).split('\n');
          const cell = Math.max(4, Math.ceil(w / 4) + 2, String(values.length - 1).length + 1);
          assert.equal(rows[2]!.length, 6 + cell * values.length, 'bit row spans all cells');
          const hexes = rows[1]!.slice(6).match(/\|[0-9a-f]+/g) ?? [];
          const changes = values.filter((v, i) => i === 0 || v !== values[i - 1]).length;
          assert.equal(hexes.length, changes);
        },
      ),
    );
  });
});
