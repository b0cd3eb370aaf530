// Bank maps: every element has exactly one place, inside its bank; the constant divider is exact.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bankMap, reciprocal, type Partition } from '../../../rtl-lib/mem/bank-map.js';

describe('mem: bank maps', () => {
  it('locate and index are inverse, every place is used at most once, banks stay in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom<Partition>('cyclic', 'block', 'complete'),
        fc.integer({ min: 1, max: 300 }),
        (words, partition, b) => {
          const m = bankMap(words, partition, Math.min(b, words));
          const seen = new Set<string>();
          for (let i = 0; i < words; i++) {
            const { bank, addr } = m.locate(i);
            assert.ok(bank >= 0 && bank < m.banks && addr >= 0 && addr < m.depth);
            assert.equal(m.index(bank, addr), i);
            const key = `${bank}/${addr}`;
            assert.ok(!seen.has(key));
            seen.add(key);
          }
          assert.ok(m.banks * m.depth >= words && m.banks * m.depth - words < Math.max(m.banks, m.depth));
        },
      ),
    );
  });

  it('cyclic puts neighbours in different banks, block puts them in the same bank', () => {
    const c = bankMap(10, 'cyclic', 4);
    assert.deepEqual(
      [0, 1, 2, 3, 4, 9].map((i) => c.locate(i)),
      [
        { bank: 0, addr: 0 },
        { bank: 1, addr: 0 },
        { bank: 2, addr: 0 },
        { bank: 3, addr: 0 },
        { bank: 0, addr: 1 },
        { bank: 1, addr: 2 },
      ],
    );
    const b = bankMap(10, 'block', 4);
    assert.equal(b.depth, 3);
    assert.deepEqual(
      [0, 2, 3, 9].map((i) => b.locate(i)),
      [
        { bank: 0, addr: 0 },
        { bank: 0, addr: 2 },
        { bank: 1, addr: 0 },
        { bank: 3, addr: 0 },
      ],
    );
    assert.equal(b.index(3, 1), undefined);
    assert.equal(bankMap(5, 'complete').banks, 5);
  });

  it('refuses out-of-range elements and bank counts', () => {
    assert.throws(() => bankMap(10, 'cyclic', 11), /bank count/);
    assert.throws(() => bankMap(10, 'cyclic', 2).locate(10), /outside/);
  });

  it('the multiply-and-shift reciprocal divides every n-bit value exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 20 }), fc.nat(), (d, n, seed) => {
        const { m, k } = reciprocal(d, n);
        const xs = [0, (1 << n) - 1, seed % (1 << n), Math.max(0, (1 << n) - 1 - (seed % d))];
        for (const x of xs)
          assert.equal((BigInt(x) * m) >> BigInt(k), BigInt(Math.floor(x / d)), `x=${x} d=${d} n=${n}`);
      }),
    );
    // Exhaustive for one awkward divisor at 16 bits.
    const { m, k } = reciprocal(7, 16);
    for (let x = 0; x < 1 << 16; x++) assert.equal(Number((BigInt(x) * m) >> BigInt(k)), Math.floor(x / 7));
  });
});
