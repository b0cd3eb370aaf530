// The fast fp32 models of exp, tanh, rsqrt and reciprocal against the units' bit-level models (the generic
// code the hardware is generated from): every edge-heavy input of each unit and 20k random inputs (a third
// uniform bit patterns, the rest in the unit's busy range), bit for bit, NaN as the canonical NaN.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fp32 } from '../../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../../rtl-lib/fp/model.js';
import { bits32, float32 } from '../../../../rtl-lib/fp/fast/f32-view.js';
import { type NonlinearUnit, edgeHeavyInput, nonlinearEdgeInputs } from '../../../../rtl-lib/fp/fast/edge-inputs.js';
import { fastNonlinear } from '../../../../rtl-lib/fp/fast/nonlinear.js';
import { exactTanh } from '../../../../rtl-lib/fp/fast/tanh.js';

const model = fpModel(fp32);
const RUNS = 20_000;
const bitLevel: Record<NonlinearUnit, (x: bigint) => bigint> = {
  exp: model.exp,
  tanh: model.tanh,
  rsqrt: model.rsqrt,
  reciprocal: model.reciprocal,
};
/** A deterministic 32-bit generator from one fast-check seed (an input needs several random words). */
function xorshift(seed: number): () => number {
  let st = seed >>> 0 || 1;
  return () => {
    st ^= st << 13;
    st ^= st >>> 17;
    st ^= st << 5;
    return st >>> 0;
  };
}
const hex = (x: number) => `0x${x.toString(16).padStart(8, '0')}`;

function check(unit: NonlinearUnit, x: number): void {
  const got = bits32(fastNonlinear[unit](float32(x)));
  const want = Number(bitLevel[unit](BigInt(x)));
  if (got !== want) assert.fail(`fast ${unit}(${hex(x)} = ${float32(x)}): got ${hex(got)}, unit ${hex(want)}`);
  // tanh's shortcut and its full datapath must both be the unit.
  if (unit === 'tanh' && bits32(exactTanh(float32(x))) !== want)
    assert.fail(`exactTanh(${hex(x)}): got ${hex(bits32(exactTanh(float32(x))))}, unit ${hex(want)}`);
}

describe('rtl-lib/fp/fast: nonlinear units (fp32) match the bit-level models', () => {
  for (const unit of ['exp', 'tanh', 'rsqrt', 'reciprocal'] as const) {
    it(`${unit}: every edge-heavy input, bit for bit`, () => {
      const inputs = nonlinearEdgeInputs(unit);
      assert.ok(inputs.length >= 3000, `${inputs.length} edge inputs`);
      for (const x of inputs) check(unit, x);
    });
    it(`${unit}: ${RUNS} random inputs, bit for bit`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 0xffffffff }), (seed) =>
          check(unit, edgeHeavyInput(unit, xorshift(seed))),
        ),
        { numRuns: RUNS },
      );
    });
  }

  it('specials as the units give them', () => {
    const { exp, tanh, rsqrt, reciprocal } = fastNonlinear;
    assert.equal(exp(0), 1);
    assert.equal(exp(Number.NEGATIVE_INFINITY), 0);
    assert.equal(exp(Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY);
    assert.equal(exp(100), Number.POSITIVE_INFINITY, 'overflow');
    assert.ok(Object.is(tanh(-0), -0), 'tanh(-0) = -0');
    assert.equal(tanh(Number.NEGATIVE_INFINITY), -1);
    assert.equal(bits32(tanh(Number.NaN)), 0x7fc00000);
    assert.equal(rsqrt(4), 0.5);
    assert.equal(rsqrt(-0), Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(rsqrt(-1)));
    assert.equal(rsqrt(Number.POSITIVE_INFINITY), 0);
    assert.ok(Object.is(reciprocal(Number.NEGATIVE_INFINITY), -0));
    assert.equal(reciprocal(-0), Number.NEGATIVE_INFINITY);
    assert.equal(reciprocal(float32(1)), Number.POSITIVE_INFINITY, '1/(smallest subnormal) overflows');
  });
});
