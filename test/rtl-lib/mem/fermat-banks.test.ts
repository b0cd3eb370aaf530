// Fermat-prime banking: the mapping is one-to-one, strided lanes never share a bank unless the stride
// is a multiple of the bank count, and the hardware residue equals addr mod N (every address of 12/16
// bits, random ones of up to 24 bits).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Module, UInt, bitsFor } from '../../../dsl/index.js';
import {
  bankDepth,
  bankOf,
  fermatBanks,
  fermatResidue,
  rowOf,
  stridedLanesConflict,
} from '../../../rtl-lib/mem/fermat-banks.js';
import { simulate } from '../../../sim/simulate.js';
import { hasIcarus } from '../../../sim/tools.js';

class Residue extends Module {
  constructor(width: number, banks: number) {
    super({ width, banks });
    const f = fermatBanks(banks);
    const addr = this.input(UInt(width), 'addr');
    this.output(UInt(bitsFor(banks)), 'bank').set(fermatResidue(addr, f));
  }
}

describe('mem: Fermat-prime banks', function () {
  this.timeout(120_000);

  it('(bank, row) is one-to-one and every row fits the bank depth', () => {
    for (const banks of [5, 17, 257]) {
      const f = fermatBanks(banks);
      const depth = 4096;
      const seen = new Set<number>();
      for (let a = 0; a < depth; a++) {
        const b = bankOf(f, a),
          r = rowOf(f, a);
        assert.ok(b < banks && r < bankDepth(f, depth));
        const key = r * banks + b;
        assert.ok(!seen.has(key), `${banks} banks: address ${a} collides`);
        seen.add(key);
      }
    }
  });

  it('lanes at base + r*stride use distinct banks exactly when the stride is not a non-zero multiple of N (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(5, 17, 257),
        fc.nat(1 << 20),
        fc.nat(5000),
        fc.integer({ min: 2, max: 257 }),
        (banks, base, stride, n) => {
          const f = fermatBanks(banks);
          const lanes = Math.min(n, banks);
          const used = new Set(Array.from({ length: lanes }, (_, r) => bankOf(f, base + r * stride)));
          const expectConflict = stridedLanesConflict(f, stride, lanes);
          if (stride === 0) assert.equal(used.size, 1);
          else assert.equal(used.size < lanes, expectConflict);
        },
      ),
      { numRuns: 500 },
    );
    // The paper's strides at 17 banks: 768, 3072, ranks, token counts.
    for (const s of [1, 10, 12, 32, 80, 96, 768, 3072, 7680])
      assert.equal(stridedLanesConflict(fermatBanks(17), s, 17), false, `stride ${s}`);
    assert.equal(stridedLanesConflict(fermatBanks(17), 34, 2), true);
  });

  it('builtin: the hardware residue equals addr mod N for every 16-bit address (17, 257) and 12-bit one (5)', async () => {
    for (const [width, banks] of [
      [16, 17],
      [16, 257],
      [12, 5],
    ] as const) {
      const addrs = Uint32Array.from({ length: 2 ** width }, (_, a) => a);
      const sim = await simulate(new Residue(width, banks), { backend: 'builtin' });
      try {
        const got = (await sim.vectors({ addr: addrs }, { outputs: ['bank'] })).raw('bank');
        const bad = addrs.findIndex((a, i) => got[i] !== a % banks);
        assert.equal(bad, -1, `${width}-bit mod ${banks}: address ${bad} gives ${got[bad]}`);
      } finally {
        await sim.close();
      }
    }
  });

  for (const backend of ['builtin', 'icarus'] as const) {
    for (const [width, banks] of [
      [24, 17],
      [19, 17],
      [18, 5],
      [24, 257],
      [3, 5],
    ] as const) {
      it(`${backend}: the hardware residue of ${width}-bit addresses mod ${banks}`, async function () {
        if (backend === 'icarus' && !hasIcarus()) this.skip();
        const rng = fc.sample(fc.nat(2 ** width - 1), { numRuns: 400, seed: width * 1000 + banks });
        const addrs = [0, 1, banks - 1, banks, 2 ** width - 1, 2 ** width - 2, ...rng].filter((a) => a < 2 ** width);
        const sim = await simulate(new Residue(width, banks), { backend });
        try {
          const r = await sim.vectors({ addr: addrs }, { outputs: ['bank'] });
          assert.deepEqual(
            r.get('bank').map(Number),
            addrs.map((a) => a % banks),
          );
        } finally {
          await sim.close();
        }
      });
    }
  }
});
