// The mean-pooled intent input at the FP32 level is what the vector unit computes with its own
// instructions (sumRows over the T rows from +0, then scale by r(1/T)), and its backward is one scale of
// the pooled gradient broadcast to every row: bit for bit, on random rows with signed zeros, subnormals,
// huge and tiny values. 'first' is the row X[0] itself.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { executeVectorInstruction } from '../../../designs/engine/vector/interpreter.js';
import { poolIntentInput, poolIntentInputBackward } from '../../../designs/transformer/intent-pooling.js';
import { FP32 } from '../../../designs/transformer/precision.js';

const f = Math.fround;
const word = fc.oneof(
  fc.float({ noNaN: true, noDefaultInfinity: true, min: f(-1e30), max: f(1e30) }),
  fc.constantFrom(0, -0, 1e-45, -1e-45, 1.1754942e-38, f(3e38), f(-3e38), 1, -1),
);
const rows = fc
  .record({ T: fc.integer({ min: 1, max: 40 }), d: fc.integer({ min: 1, max: 12 }) })
  .chain(({ T, d }) =>
    fc.record({ T: fc.constant(T), d: fc.constant(d), x: fc.array(word, { minLength: T * d, maxLength: T * d }) }),
  );
const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

describe('transformer/intent-pooling', () => {
  it("'mean' equals the vector unit's sumRows then scale by r(1/T), bit for bit", () => {
    fc.assert(
      fc.property(rows, ({ T, d, x }) => {
        const X = Float32Array.from(x);
        const got = poolIntentInput(FP32, 'mean', X, T, d);
        const Y = T * d,
          K = Y + d,
          mem = new Float32Array(K + 1);
        mem.set(X);
        mem[K] = f(1 / T);
        executeVectorInstruction(
          { op: 'sumRows', m: T, n: d, a: { off: 0, row: d, col: 1 }, y: { off: Y, row: 0, col: 1 } },
          mem,
        );
        executeVectorInstruction(
          { op: 'scale', m: 1, n: d, a: { off: Y, row: 0, col: 1 }, y: { off: Y, row: 0, col: 1 }, k: K },
          mem,
        );
        assert.deepEqual(bits(got), bits(mem.subarray(Y, K)));
      }),
      { numRuns: 200 },
    );
  });

  it("'mean' backward equals one scale of the pooled gradient broadcast to every row", () => {
    fc.assert(
      fc.property(rows, ({ T, d, x }) => {
        const g = Float32Array.from(x.slice(0, d));
        const dX = new Float32Array(T * d);
        poolIntentInputBackward(FP32, 'mean', g, T, d, dX);
        const DX = d,
          K = DX + T * d,
          mem = new Float32Array(K + 1);
        mem.set(g);
        mem[K] = f(1 / T);
        executeVectorInstruction(
          { op: 'scale', m: T, n: d, a: { off: 0, row: 0, col: 1 }, y: { off: DX, row: d, col: 1 }, k: K },
          mem,
        );
        assert.deepEqual(bits(dX), bits(mem.subarray(DX, K)));
      }),
      { numRuns: 200 },
    );
  });

  it("'first' is the classification row itself and its gradient goes to row 0 only", () => {
    const X = Float32Array.from([1, -0, 3, 4, 5, 6]);
    assert.deepEqual(bits(poolIntentInput(FP32, 'first', X, 3, 2)), bits([1, -0]));
    const dX = new Float32Array(6).fill(9);
    poolIntentInputBackward(FP32, 'first', Float32Array.from([-0, 2]), 3, 2, dX);
    assert.deepEqual(bits(dX), bits([-0, 2, 9, 9, 9, 9]));
  });
});
