import assert from 'node:assert/strict';
import fc from 'fast-check';
import { executeGemmStep32 } from '../../../designs/tt/gemm32.js';
import { initTTMEmbedding, ttmTo32 } from '../../../designs/tt/tt-params.js';
import { ttmRow32, ttmRowBackward32 } from '../../../designs/tt/ttm-embedding.js';
import { applyTTMGrads32, planTTMRow } from '../../../designs/tt/ttm-planner.js';
import { checkScheduleBounds } from '../../../designs/tt/tt-planner.js';
import { randomArray32, sameBits, seededRng } from './helpers.js';

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

describe('designs/tt TTM row schedule', () => {
  it('gives the bits of ttmRow32 and of ttmRowBackward32 runs added into existing gradients, over several tokens (property)', () => {
    fc.assert(
      fc.property(arbTTM, fc.integer(), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), (shape, seed, toks) => {
        const rng = seededRng(seed);
        const p = ttmTo32(initTTMEmbedding(shape, rng));
        const V = shape.rowShape.reduce((a, b) => a * b, 1);
        const D = shape.colShape.reduce((a, b) => a * b, 1);
        // Existing gradients are non-zero: the schedule must add, not overwrite.
        const start = p.cores.map((c) => Float32Array.from(randomArray32(c.length, rng)));
        const expected = start.map((c) => c.slice());
        const buf = new Map<string, Float32Array>();
        p.cores.forEach((c, k) => {
          buf.set(`core${k}`, c);
          buf.set(`dcore${k}`, start[k]!.slice());
        });
        for (const t of toks) {
          const token = t % V;
          const s = planTTMRow(shape, token);
          assert.deepEqual(checkScheduleBounds(s), []);
          for (const b of s.buffers)
            if (!buf.has(b.name) || b.role === 'intermediate') buf.set(b.name, new Float32Array(b.words));
          buf.get('one')![0] = 1;
          const dRow = Float32Array.from(randomArray32(D, rng));
          buf.get('dRow')!.set(dRow);
          for (const step of s.forward) executeGemmStep32(step, buf);
          assert.ok(sameBits(buf.get('row')!, ttmRow32(p, token)), `row of token ${token}`);
          for (const step of s.backward) executeGemmStep32(step, buf);
          applyTTMGrads32(expected, ttmRowBackward32(p, token, dRow));
        }
        expected.forEach((e, k) => assert.ok(sameBits(buf.get(`dcore${k}`)!, e), `dcore${k}`));
      }),
      { numRuns: 100, seed: 15 },
    );
  });

  it('reads the slices in place: no step copies a core; the paper embedding takes 4 forward and 8 + 41 backward steps, all in bounds', () => {
    const s = planTTMRow({ rowShape: [5, 5, 4, 4, 2], colShape: [3, 4, 4, 4, 4], ranks: [1, 10, 10, 10, 10, 1] }, 799);
    assert.equal(s.forward.length, 4);
    assert.equal(s.backward.length, 8 + 1 + 10 * 4);
    assert.ok(s.buffers.every((b) => !b.name.startsWith('slice')));
    assert.deepEqual(checkScheduleBounds(s), []);
  });
});
