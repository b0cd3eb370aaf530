// The input checks in hardware against the reference: 400 random records biased to the edges (length
// 0, maxTokens, maxTokens + 1, a huge length; ids at vocab - 1 and vocab; labels at -2, -1, the table's
// end; padding with anything) streamed through RecordChecker on the built-in simulator, with random
// gaps between beats: every status equals checkInputRecord's, and the scored count equals the number of
// positions 1..T-1 with a label >= 0.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RecordChecker } from '../../../designs/transformer-kernel/record-checker.js';
import { checkInputRecord, inputStride } from '../../../designs/transformer-kernel/sample-record.js';
import { simulate } from '../../../sim/simulate.js';
import { arbRecord } from './arb-records.js';

const shape = { vocab: 50, maxTokens: 6, intents: 5, slots: 7 };
const M = shape.maxTokens;
const S = inputStride(M);

describe('designs/transformer-kernel/record-checker (the checks in hardware)', function () {
  this.timeout(120_000);
  it('400 edge-biased records with gaps between beats: status and scored count equal the reference', async () => {
    const records = fc.sample(arbRecord(shape), { numRuns: 400, seed: 42 });
    const gaps = fc.sample(fc.integer({ min: 0, max: 2 }), { numRuns: 400 * S, seed: 7 });
    const cols = { clear: [] as number[], valid: [] as number[], index: [] as number[], data: [] as number[] };
    const push = (clear: number, valid: number, index: number, data: number) => {
      cols.clear.push(clear);
      cols.valid.push(valid);
      cols.index.push(index);
      cols.data.push(data);
    };
    const ends: number[] = [];
    records.forEach((r, k) => {
      push(1, 0, 0, 0);
      for (let i = 0; i < S; i++) {
        for (let g = gaps[k * S + i]!; g > 0; g--) push(0, 0, (i * 5) % S, 0xdead_beef); // idle: ignored
        push(0, 1, i, r[i]!);
      }
      ends.push(cols.clear.length - 1);
    });
    const sim = await simulate(new RecordChecker(shape), { backend: 'builtin', internals: false });
    try {
      await sim.reset(2);
      const res = await sim.vectors(
        {
          clear: Uint32Array.from(cols.clear),
          valid: Uint32Array.from(cols.valid),
          index: Uint32Array.from(cols.index),
          data: Uint32Array.from(cols.data),
        },
        { outputs: ['status', 'scored'] },
      );
      const status = res.raw('status');
      const scored = res.raw('scored');
      const kinds = new Set<number>();
      records.forEach((r, k) => {
        const ref = checkInputRecord(shape, r, 0);
        kinds.add(ref.status);
        // Sample c is the outputs after edge c: the last beat's registers.
        assert.equal(status[ends[k]!], ref.status, `record ${k} [${[...r].join(', ')}]: ${ref.reason}`);
        if (ref.status === 0) {
          const want = [...r.subarray(3 + M, 2 + M + r[0]!)].filter((x) => (x | 0) >= 0).length;
          assert.equal(scored[ends[k]!], want, `record ${k}: scored positions`);
        }
      });
      assert.deepEqual([...kinds].sort(), [0, 1, 2, 3, 4, 5], 'every status occurs');
    } finally {
      await sim.close();
    }
  });
});
