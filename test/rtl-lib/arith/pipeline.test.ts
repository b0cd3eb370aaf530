// Pipeline cut selection and the stage-depth checker that proves a unit stages every live value.
import assert from 'node:assert/strict';
import { bitsArith, bits } from '../../../rtl-lib/arith/bits-arith.js';
import { Pipeline } from '../../../rtl-lib/arith/pipeline.js';
import { StageCheckArith } from '../../../rtl-lib/arith/stage-check-arith.js';

describe('rtl-lib/arith Pipeline', () => {
  const cuts = ['a', 'b', 'c', 'd', 'e'];
  it('enables stages cut points spread evenly and reports the latency', () => {
    assert.deepEqual([...new Pipeline(cuts, 0).enabled], []);
    assert.deepEqual([...new Pipeline(cuts, 1).enabled], ['c']);
    assert.deepEqual([...new Pipeline(cuts, 2).enabled], ['b', 'd']);
    assert.deepEqual([...new Pipeline(cuts, 5).enabled], cuts);
    for (let n = 0; n <= 5; n++) assert.equal(new Pipeline(cuts, n).latency, n);
  });
  it('accepts an explicit list of enabled cut points', () => {
    const p = new Pipeline(cuts, ['a', 'e']);
    assert.deepEqual([...p.enabled], ['a', 'e']);
    assert.equal(p.latency, 2);
    assert.throws(() => new Pipeline(cuts, ['q']), /unknown cut point 'q'/);
  });
  it('rejects impossible stage counts and unknown cut points', () => {
    assert.throws(() => new Pipeline(cuts, 6), /0\.\.5/);
    assert.throws(() => new Pipeline(cuts, -1), /0\.\.5/);
    assert.throws(() => new Pipeline(cuts, 1).cut(bitsArith, 'z', {}), /unknown cut point/);
  });
  it('stages every live value at an enabled cut only', () => {
    const sc = new StageCheckArith(bitsArith);
    const p = new Pipeline(['x', 'y'], 1); // enables 'y'
    const a = sc.input(bits(1, 4));
    assert.equal(p.cut(sc, 'x', { a }).a.depth, 0);
    assert.equal(p.cut(sc, 'y', { a }).a.depth, 1);
  });
});

describe('rtl-lib/arith StageCheckArith', () => {
  it('throws when values from different pipeline depths meet, constants fit anywhere', () => {
    const sc = new StageCheckArith(bitsArith);
    const a = sc.input(bits(3, 4));
    const b = sc.stage(sc.input(bits(5, 4)));
    assert.throws(() => sc.add(a, b), /mixes pipeline depths 0 and 1/);
    const c = sc.add(b, sc.constant(1n, 4));
    assert.equal(c.depth, 1);
    assert.equal(c.inner.value, 6n);
  });
});
