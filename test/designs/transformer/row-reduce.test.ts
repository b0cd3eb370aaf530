import assert from 'node:assert/strict';
import fc from 'fast-check';
import { softmaxRow } from '../../../designs/transformer/activations.js';
import { FP32, FP64 } from '../../../designs/transformer/precision.js';
import {
  ROW_SUM_WAYS,
  combinePartials,
  newPartials,
  rowMax,
  rowSumWays,
} from '../../../designs/transformer/row-reduce.js';

const f = Math.fround;

/** The documented order spelled another way: W strided sub-rows summed alone, then halves added pairwise. */
function laneOrderSum(xs: readonly number[], ways: number): number {
  let level = Array.from({ length: ways }, (_, k) => xs.filter((_, j) => j % ways === k).reduce((s, x) => f(s + x), 0));
  while (level.length > 1) {
    const h = level.length / 2;
    level = level.slice(0, h).map((v, k) => f(v + level[k + h]!));
  }
  return level[0]!;
}

function modelSum(xs: readonly number[], ways: number): number {
  const p = newPartials(ways);
  xs.forEach((x, j) => {
    p[j & (ways - 1)] = f(p[j & (ways - 1)]! + x);
  });
  return combinePartials(f, p);
}

const f32 = fc.float({ noDefaultInfinity: false }).map((x) => f(x));

describe('transformer/row-reduce: the one row-sum order', () => {
  it('the FP32 level uses 64 partials, the float64 reference one (its sequential sum is unchanged)', () => {
    assert.equal(rowSumWays(FP32), ROW_SUM_WAYS);
    assert.equal(ROW_SUM_WAYS, 64);
    assert.equal(rowSumWays(FP64), 1);
    const xs = [0.1, 0.2, 0.3, 1e16, -1e16, 0.7];
    const p = newPartials(1);
    for (const x of xs) p[0] = p[0]! + x;
    assert.equal(
      combinePartials((x) => x, p),
      xs.reduce((s, x) => s + x, 0),
    );
  });

  it('equals an independent spelling of the order on random FP32 rows (lengths 1..3072, edge values)', () => {
    fc.assert(
      fc.property(fc.array(f32, { minLength: 1, maxLength: 3072 }), (xs) => {
        assert.ok(Object.is(modelSum(xs, ROW_SUM_WAYS), laneOrderSum(xs, ROW_SUM_WAYS)));
      }),
      { numRuns: 150 },
    );
  });

  it('is not the sequential sum: 1 followed by 64 halves of an ulp', () => {
    const xs = [1, ...new Array(64).fill(2 ** -25)];
    assert.equal(
      xs.reduce((s, x) => f(s + x), 0),
      1,
    );
    // Partials 1..63 add up to 63 halves of an ulp before they meet the 1 (the tree's ties lose some).
    assert.equal(modelSum(xs, ROW_SUM_WAYS), 1 + 15 * 2 ** -23);
  });

  it('a row of -0 sums to +0, as the sequential order gives', () => {
    assert.ok(Object.is(modelSum(new Array(100).fill(-0), ROW_SUM_WAYS), 0));
  });

  it('row max: NaN anywhere gives NaN, +0 beats -0 in either order, -Infinity for an all -Infinity row', () => {
    assert.ok(Number.isNaN(rowMax([1, Number.NaN, 3], 0, 3)));
    assert.ok(Object.is(rowMax([-0, 0], 0, 2), 0) && Object.is(rowMax([0, -0], 0, 2), 0));
    assert.ok(Object.is(rowMax([-0, -0], 0, 2), -0));
    assert.equal(rowMax([Number.NEGATIVE_INFINITY], 0, 1), Number.NEGATIVE_INFINITY);
    const p = FP32.alloc(3);
    softmaxRow(FP32, FP32.from([1, Number.NaN, 2]), p, 0, 3);
    assert.ok([...p].every(Number.isNaN));
  });
});
