import assert from 'node:assert/strict';
import fc from 'fast-check';
import { gemm, type OperandRef } from '../../../designs/tt/gemm-step.js';
import { executeGemmStep32 } from '../../../designs/tt/gemm32.js';
import { planTTLinear } from '../../../designs/tt/tt-planner.js';
import { paperConfig } from '../../../designs/transformer/config.js';
import { compileProgram, transposeStep } from '../../../designs/engine/program.js';
import { layoutBuffers } from '../../../designs/engine/data-layout.js';
import { stepTiming } from '../../../designs/engine/cycle-model.js';
import { minRounds, loopSlots } from '../../../designs/engine/engine-config.js';
import { scheduleGemms } from '../../../designs/engine/run-schedule.js';
import { Rng } from '../../../designs/transformer/rng.js';

const ref = (buffer: string, rowStride: number, colStride: number, offset = 0): OperandRef => ({
  buffer,
  offset,
  rowStride,
  colStride,
});

describe('designs/engine program generator', () => {
  it('the transposed step (C^T = B^T A^T, addressed in place) writes the same bits (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        fc.integer(),
        (m, n, k, acc, seed) => {
          const rng = new Rng(seed);
          const fill = (w: number) => Float32Array.from({ length: w }, () => Math.fround(rng.next() * 2 - 1));
          const step = gemm('s', m, n, k, ref('A', 1, m), ref('B', n, 1), ref('C', n, 1), acc);
          const a = fill(m * k),
            b = fill(k * n),
            c = fill(m * n);
          const one = new Map([
            ['A', a],
            ['B', b],
            ['C', Float32Array.from(c)],
          ]);
          const two = new Map([
            ['A', a],
            ['B', b],
            ['C', Float32Array.from(c)],
          ]);
          executeGemmStep32(step, one);
          executeGemmStep32(transposeStep(step), two);
          assert.deepEqual(new Uint32Array(two.get('C')!.buffer), new Uint32Array(one.get('C')!.buffer));
        },
      ),
      { numRuns: 200, seed: 8 },
    );
  });

  it('instructions carry absolute addresses, derived strides and the modelled step length', () => {
    const cfg = { rows: 4, cols: 4, macStages: 4 };
    const layout = layoutBuffers([
      { name: 'A', words: 60, role: 'input' },
      { name: 'B', words: 50, role: 'input' },
      { name: 'C', words: 100, role: 'output' },
    ]);
    const step = gemm('C = A B', 10, 10, 6, ref('A', 6, 1), ref('B', 10, 1), ref('C', 10, 1, 0), true);
    const [ins] = compileProgram(cfg, [step], layout, { transpose: 'never' });
    assert.ok(ins);
    assert.equal(ins.aOff, 0);
    assert.equal(ins.bOff, 60);
    assert.equal(ins.cOff, 110);
    assert.equal(ins.aSlot, 4 * 6);
    assert.equal(ins.aGroup, 4 * 4 * 6);
    assert.equal(ins.bTile, 4);
    assert.equal(ins.cLast, 30);
    // 10 rows = 3 row tiles, one group of P = 4 slots; 3 column tiles.
    assert.equal(ins.groups, 3);
    assert.equal(ins.colTiles, 3);
    assert.equal(ins.rounds, Math.max(6, minRounds(cfg)));
    assert.equal(ins.stepCycles, stepTiming(cfg, 10, 10, 6).stepCycles);
    assert.equal(ins.last, true);
    assert.equal(ins.accumulate, true);
  });

  it('the orientation chosen is never slower than the scheduled one, on every step of the paper layers', () => {
    const cfg = { rows: 8, cols: 8, macStages: 4 };
    const c = paperConfig();
    let turned = 0;
    for (const shape of [c.attn, c.ffn1, c.ffn2]) {
      const s = planTTLinear(shape, 32, 'sgd');
      const layout = layoutBuffers(s.buffers);
      const steps = scheduleGemms(s);
      const auto = compileProgram(cfg, steps, layout);
      const plain = compileProgram(cfg, steps, layout, { transpose: 'never' });
      auto.forEach((ins, i) => {
        assert.ok(ins.stepCycles <= plain[i]!.stepCycles, ins.label);
        if (ins.transposed) {
          turned++;
          assert.ok(ins.stepCycles < plain[i]!.stepCycles);
        }
      });
    }
    assert.ok(turned > 0, 'some paper steps tile better transposed (e.g. dR = Z^T dY, 10 x 768)');
    assert.equal(loopSlots(cfg), 4);
  });
});
