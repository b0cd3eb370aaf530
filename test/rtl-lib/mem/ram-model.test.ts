// The TypeScript model on hand-worked sequences: latency, collision modes, byte enables, unknowns.
import assert from 'node:assert/strict';
import { RamModel, matchesKnown, type PortInputs } from '../../../rtl-lib/mem/ram-model.js';
import { resolveRamConfig, type RamConfig } from '../../../rtl-lib/mem/ram-config.js';

const idle: PortInputs = { en: false, we: false, addr: 0, wdata: 0n, be: 1n };
const sp = (cfg: RamConfig) => new RamModel(resolveRamConfig(cfg), 1);

describe('mem: RAM model', () => {
  it('read-first returns the old word, write-first the new one, no-change keeps the output', () => {
    const outs = (['read-first', 'write-first', 'no-change'] as const).map((collision) => {
      const m = sp({ depth: 4, width: 8, collision, init: [5, 6, 7, 8] });
      m.step([{ en: true, we: false, addr: 1, wdata: 0n, be: 1n }]); // output 6
      const [v] = m.step([{ en: true, we: true, addr: 1, wdata: 99n, be: 1n }]);
      return v!.value;
    });
    assert.deepEqual(outs, [6n, 99n, 6n]);
  });

  it('latency 3 shows the word three edges after the address; without enable the output holds', () => {
    const m = sp({ depth: 4, width: 8, latency: 3, init: [10, 11, 12, 13] });
    const seq = [2, 3, -1, -1, -1].map((a) => m.step([a < 0 ? idle : { ...idle, en: true, addr: a }])[0]!);
    assert.deepEqual(
      seq.map((v) => (v.known ? Number(v.value) : 'x')),
      ['x', 'x', 12, 13, 13],
    );
  });

  it('byte enables write only their lanes; write-first merges the new lanes with the old word', () => {
    const m = sp({ depth: 2, width: 16, byteWidth: 8, collision: 'write-first', init: [0x1234, 0] });
    const [v] = m.step([{ en: true, we: true, addr: 0, wdata: 0xabcdn, be: 0b01n }]);
    assert.equal(v!.value, 0x12cdn);
    assert.equal(m.words[0]!.value, 0x12cdn);
  });

  it('bits both ports of a true dual port RAM write in one cycle become unknown, the rest stay known', () => {
    const m = new RamModel(resolveRamConfig({ depth: 2, width: 16, byteWidth: 8, init: [0, 0] }), 2);
    m.step([
      { en: true, we: true, addr: 1, wdata: 0x1111n, be: 0b11n },
      { en: true, we: true, addr: 1, wdata: 0x2222n, be: 0b10n },
    ]);
    assert.equal(m.words[1]!.known, 0x00ffn);
    assert.equal(m.words[1]!.value & 0xffn, 0x11n);
    assert.ok(matchesKnown(0xab11n, m.words[1]!));
    assert.ok(!matchesKnown(0xab12n, m.words[1]!));
  });

  it('a cross-port read of a word being written returns the old word', () => {
    const m = new RamModel(resolveRamConfig({ depth: 2, width: 8, init: [1, 2] }), 2);
    const [, b] = m.step([
      { en: true, we: true, addr: 0, wdata: 50n, be: 1n },
      { en: true, we: false, addr: 0, wdata: 0n, be: 1n },
    ]);
    assert.equal(b!.value, 1n);
  });
});
