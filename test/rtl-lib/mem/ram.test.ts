// Bit-exact behaviour of the RAM primitives: random read/write sequences with many collisions, run in
// the built-in simulator and in Icarus, compared cycle by cycle with the TypeScript model.
import assert from 'node:assert/strict';
import { RamModel } from '../../../rtl-lib/mem/ram-model.js';
import { resolveRamConfig } from '../../../rtl-lib/mem/ram-config.js';
import { hasIcarus } from '../../../sim/tools.js';
import { compareWithModel } from './ram-harness.js';
import { BEHAVIOUR_CASES, caseName } from './behaviour-cases.js';

const CYCLES = 600;

describe('mem: RAM primitives against the TypeScript model', function () {
  this.timeout(120_000);
  for (const backend of ['builtin', 'icarus'] as const) {
    describe(backend, () => {
      for (const c of BEHAVIOUR_CASES) {
        it(caseName(c), async function () {
          if (backend === 'icarus' && !hasIcarus()) this.skip();
          for (const seed of backend === 'builtin' ? [1, 2, 3] : [11]) {
            const r = await compareWithModel(c.kind, c.cfg, backend, CYCLES, seed);
            assert.equal(
              r.firstMismatch,
              undefined,
              `seed ${seed}: ${JSON.stringify(r.firstMismatch, (_, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))}`,
            );
            // Most samples must be checked: the sequences write early and often.
            assert.ok(r.compared > CYCLES * (c.kind === 'tdp' ? 1.6 : 0.8), `only ${r.compared} samples compared`);
          }
        });
      }
    });
  }

  it('the comparison fails when the model assumes another latency or collision mode', async () => {
    const cfg = { depth: 16, width: 8, collision: 'write-first' as const, latency: 2 as const };
    const wrongCollision = new RamModel(resolveRamConfig({ ...cfg, collision: 'read-first' }), 1);
    const wrongLatency = new RamModel(resolveRamConfig({ ...cfg, latency: 1 }), 1);
    for (const model of [wrongCollision, wrongLatency]) {
      const r = await compareWithModel('sp', cfg, 'builtin', CYCLES, 1, model);
      assert.notEqual(r.firstMismatch, undefined);
    }
  });
});
