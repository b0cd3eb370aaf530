// Configuration checks: every impossible RAM is refused with a message that names the problem.
import assert from 'node:assert/strict';
import { resolveRamConfig, describeRam } from '../../../rtl-lib/mem/ram-config.js';
import { SimpleDualPortRam, TrueDualPortRam } from '../../../rtl-lib/mem/ram.js';

describe('mem: RAM configuration', () => {
  it('fills the defaults: latency 1, word enables, block, read-first', () => {
    const r = resolveRamConfig({ depth: 1000, width: 32 });
    assert.deepEqual(
      [r.latency, r.byteEnables, r.byteWidth, r.lanes, r.style, r.collision, r.addrWidth],
      [1, false, 32, 1, 'block', 'read-first', 10],
    );
    assert.equal(
      describeRam(resolveRamConfig({ depth: 512, width: 72, byteWidth: 9, latency: 3, style: 'ultra' })),
      '512x72 L3 be9 ultra read-first',
    );
  });

  const bad: [string, Parameters<typeof resolveRamConfig>[0], RegExp][] = [
    ['depth 1', { depth: 1, width: 8 }, /depth/],
    ['latency 4', { depth: 16, width: 8, latency: 4 as 1 }, /latency/],
    ['asynchronous block RAM', { depth: 16, width: 8, latency: 0 }, /latency 0 needs style/],
    ['byte width not dividing', { depth: 16, width: 32, byteWidth: 9 }, /divide/],
    ['init too long', { depth: 4, width: 8, init: [1, 2, 3, 4, 5] }, /init has 5 words/],
    ['init word too wide', { depth: 4, width: 8, init: [256] }, /does not fit 8 bits/],
    ['initialized UltraRAM', { depth: 4096, width: 72, style: 'ultra', init: [1] }, /UltraRAM cannot be initialized/],
    [
      'write-first asynchronous read',
      { depth: 16, width: 8, latency: 0, style: 'distributed', collision: 'write-first' },
      /synchronous read/,
    ],
  ];
  for (const [what, cfg, msg] of bad) it(`refuses ${what}`, () => assert.throws(() => resolveRamConfig(cfg), msg));

  it('accepts an all-zero init for UltraRAM (its power-up state)', () => {
    assert.equal(resolveRamConfig({ depth: 4096, width: 72, style: 'ultra', init: [0, 0] }).init?.length, 2);
  });

  it('refuses no-change on a simple dual port RAM and UltraRAM with two read-write ports', () => {
    assert.throws(() => new SimpleDualPortRam({ depth: 16, width: 8, collision: 'no-change' }), /no-change/);
    assert.throws(() => new TrueDualPortRam({ depth: 4096, width: 72, style: 'ultra' }), /cannot be 'ultra'/);
  });
});
