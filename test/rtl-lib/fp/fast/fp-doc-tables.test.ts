// docs/fp.md's unit table is generated from the code (build/fp-unit-tables.ts): this fails when a unit's cut
// points, default cuts or latency change without `npx tsx build/fp-unit-tables.ts --write`.
import assert from 'node:assert/strict';
import { compressCuts, fpUnitTable, readFpDoc, withCurrentTable } from '../../../../build/fp-unit-tables.js';

describe('docs/fp.md unit table', () => {
  it('matches the code', () => {
    const doc = readFpDoc();
    assert.ok(doc.includes(fpUnitTable()), 'docs/fp.md is stale: run npx tsx build/fp-unit-tables.ts --write');
    assert.equal(withCurrentTable(doc), doc);
  });
  it('compresses numbered cut runs', () => {
    assert.equal(compressCuts(['unpack', 'horner1', 'horner2', 'horner3', 'poly']), 'unpack, horner1..horner3, poly');
    assert.equal(compressCuts(['digit2', 'digit5']), 'digit2, digit5');
    assert.equal(compressCuts([]), '(none)');
  });
});
