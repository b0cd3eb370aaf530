// Unique names: NameTable keeps only the names claimed as asked for and derives the suffixed ones
// from counters; it must hand out exactly what the plain one-table rule gives, in any order.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NameTable } from '../../dsl/elaborate/naming.js';

/** The rule, stated plainly: every name taken goes in one map; a base counts its next suffix. */
class ReferenceTable {
  private readonly taken = new Map<string, number>();
  claim(base: string): string {
    const next = this.taken.get(base);
    if (next === undefined) {
      this.taken.set(base, 1);
      return base;
    }
    let i = next;
    while (this.taken.has(`${base}_${i}`)) i++;
    const name = `${base}_${i}`;
    this.taken.set(base, i + 1);
    this.taken.set(name, 1);
    return name;
  }
}

/** Names that look like suffixed ones, with zeros, empty parts and nesting: where a shortcut would slip. */
const tricky = fc.constantFrom(
  'a',
  'a_1',
  'a_2',
  'a_3',
  'a_10',
  'a_01',
  'a_0',
  'a_1_1',
  'a_1_2',
  'a__1',
  'a_',
  '_1',
  '_',
  'b',
  'b_1',
  'b_1_1',
  'x1',
  'x1_1',
);

describe('NameTable', () => {
  it('hands out the same names as the one-table rule, for any sequence of requests (property)', () => {
    fc.assert(
      fc.property(fc.array(tricky, { maxLength: 60 }), (asks) => {
        const table = new NameTable();
        const ref = new ReferenceTable();
        const got = asks.map((a) => table.claimClean(a));
        assert.deepEqual(
          got,
          asks.map((a) => ref.claim(a)),
        );
        assert.equal(new Set(got).size, got.length);
        for (const n of got) assert.ok(table.has(n), `${n} claimed but not reported taken`);
      }),
      { numRuns: 2000 },
    );
  });

  it('has() is false for names nobody was given, including suffixes a base has not reached', () => {
    const t = new NameTable();
    for (let i = 0; i < 3; i++) t.claimClean('sum');
    assert.deepEqual(
      ['sum', 'sum_1', 'sum_2'].map((n) => t.has(n)),
      [true, true, true],
    );
    assert.deepEqual(
      ['sum_3', 'sum_0', 'sum_01', 'su', 'sum_1_1'].map((n) => t.has(n)),
      [false, false, false, false, false],
    );
  });
});
