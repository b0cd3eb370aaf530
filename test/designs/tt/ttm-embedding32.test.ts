import assert from 'node:assert/strict';
import fc from 'fast-check';
import { initTTMEmbedding, ttmTo32, ttmTo64 } from '../../../designs/tt/tt-params.js';
import { ttmRow64, ttmRowBackward64 } from '../../../designs/tt/ttm-embedding.js';
import { ttmRow32, ttmRowBackward32 } from '../../../designs/tt/ttm-embedding.js';
import {
  componentwiseError,
  FP32_TOLERANCE,
  relativeError,
  ttmMagnitudes,
} from '../../../designs/tt/fp32-tolerance.js';
import { randomArray32, seededRng } from './helpers.js';

const arbTTM = fc
  .record({
    rowShape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    cols: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 4 }),
    ranks: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ rowShape, cols, ranks }) => ({
    rowShape,
    colShape: cols.slice(0, rowShape.length),
    ranks: Array.from({ length: rowShape.length + 1 }, (_, i) =>
      i === 0 || i === rowShape.length ? 1 : ranks[i - 1]!,
    ),
  }));

describe('designs/tt FP32 TTM embedding', () => {
  it('row and slice gradients stay within the FP32 tolerance of float64, touching the same runs (property)', () => {
    fc.assert(
      fc.property(arbTTM, fc.integer(), fc.nat(), (shape, seed, tok) => {
        const rng = seededRng(seed);
        const p32 = ttmTo32(initTTMEmbedding(shape, rng));
        const p64 = ttmTo64(p32);
        const V = shape.rowShape.reduce((a, b) => a * b, 1);
        const D = shape.colShape.reduce((a, b) => a * b, 1);
        const token = tok % V;
        const dRow = randomArray32(D, rng);
        const mag = ttmMagnitudes(p64, token, dRow);
        assert.ok(componentwiseError(ttmRow32(p32, token), ttmRow64(p64, token), mag.row) <= FP32_TOLERANCE);
        const g32 = ttmRowBackward32(p32, token, Float32Array.from(dRow));
        const g64 = ttmRowBackward64(p64, token, dRow);
        assert.equal(g32.length, g64.length);
        g32.forEach((g, i) => {
          assert.equal(g.core, g64[i]!.core);
          assert.equal(g.offset, g64[i]!.offset);
          assert.ok(g.grad instanceof Float32Array);
          assert.ok(componentwiseError(g.grad, g64[i]!.grad, mag.grads[i]!) <= FP32_TOLERANCE);
        });
      }),
      { numRuns: 100, seed: 12 },
    );
  });

  it('is deterministic and differs from float64 rounded somewhere on a larger shape', () => {
    const shape = { rowShape: [5, 5, 4, 4, 2], colShape: [3, 4, 4, 4, 4], ranks: [1, 8, 8, 8, 8, 1] };
    const p32 = ttmTo32(initTTMEmbedding(shape, seededRng(4)));
    const a = ttmRow32(p32, 123);
    const b = Float32Array.from(ttmRow64(ttmTo64(p32), 123));
    assert.deepEqual(a, ttmRow32(p32, 123));
    assert.ok(a.some((x, i) => x !== b[i]));
    const mag = ttmMagnitudes(ttmTo64(p32), 123, new Float64Array(768));
    assert.ok(componentwiseError(a, b, mag.row) <= FP32_TOLERANCE);
    assert.ok(relativeError(a, b) <= FP32_TOLERANCE);
  });
});
