// Every unit at every pipeline depth: the stage-depth checker proves each cut stages all live values
// (no operation ever mixes clock cycles), the output arrives after exactly `latency` registers, and
// the result does not depend on the depth.
import assert from 'node:assert/strict';
import { bitsArith, bits } from '../../../rtl-lib/arith/bits-arith.js';
import { Pipeline } from '../../../rtl-lib/arith/pipeline.js';
import { StageCheckArith } from '../../../rtl-lib/arith/stage-check-arith.js';
import { bf16, fp16, fp32, formatName, totalBits } from '../../../rtl-lib/fp/format.js';
import { fpUnits, isUnitName, unitArity, unitNames, unitPipeline } from '../../../rtl-lib/fp/units.js';
import { edgeValues } from '../../../rtl-lib/fp/edge-cases.js';

describe('rtl-lib/fp units: pipelining', () => {
  for (const f of [fp32, bf16, fp16]) {
    for (const u of fpUnits) {
      it(`${u.name} (${formatName(f)}): every depth 0..${u.cutPoints(f).length} stages all live values`, () => {
        const sc = new StageCheckArith(bitsArith);
        const vals = edgeValues(f).filter((_, i) => i % 17 === 3);
        const w = u.name === 'intToFloat' ? 32 : totalBits(f);
        const operands = (i: number) =>
          Array.from({ length: u.arity }, (_, k) => vals[(i + 5 * k) % vals.length]! & ((1n << BigInt(w)) - 1n));
        for (let stages = 0; stages <= u.cutPoints(f).length; stages++) {
          const pipe = unitPipeline(u, f, stages);
          for (let i = 0; i < vals.length; i++) {
            const ops = operands(i);
            const want = u.build(
              bitsArith,
              f,
              ops.map((x) => bits(x, w)),
              new Pipeline(u.cutPoints(f), 0),
            );
            const got = u.build(
              sc,
              f,
              ops.map((x) => sc.input(bits(x, w))),
              pipe,
            );
            assert.equal(got.depth, pipe.latency, `${u.name} depth at stages=${stages}`);
            assert.equal(got.inner.value, want.value);
          }
        }
      });
    }
  }

  it('the catalogue and the UnitName arities agree', () => {
    assert.deepEqual(
      fpUnits.map((u) => u.name),
      unitNames,
    );
    for (const u of fpUnits) assert.equal(u.arity, unitArity[u.name], u.name);
    assert.ok(isUnitName('div') && !isUnitName('divide') && !isUnitName('toString'));
  });

  it('reports the latency of the requested depth and rejects deeper ones', () => {
    const add = fpUnits.find((x) => x.name === 'add')!;
    assert.equal(unitPipeline(add, fp32, 3).latency, 3);
    assert.throws(() => unitPipeline(add, fp32, 6), /0\.\.5/);
  });
});
