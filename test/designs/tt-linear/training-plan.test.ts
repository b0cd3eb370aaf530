// The training plan: the schedule's GEMM steps split into FP, BP and PU stages of one program, a
// parameter block the kernel can load and store in one burst, and the FP32 model of a training step.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planTraining } from '../../../designs/tt-linear/training-plan.js';
import { parseLayerSpec } from '../../../designs/tt-linear/layer-spec.js';
import { errorAndLoss32 } from '../../../designs/tt-linear/error-loss32.js';
import { TtLinearModel32 } from '../../../designs/tt-linear/training-model.js';
import { makeRegressionTask } from '../../../designs/tt-linear/regression-task.js';
import { decodeInstruction } from '../../../designs/engine/instruction.js';
import { mac32 } from '../../../designs/tt/gemm32.js';

const engine = { rows: 2, cols: 3, macStages: 1 };

describe('designs/tt-linear training plan and model', () => {
  it('layer specs: the paper layers and <in>:<out> shapes; bad text says what is expected', () => {
    assert.deepEqual(parseLayerSpec('attn', 10).inShape, [12, 8, 8]);
    assert.deepEqual(parseLayerSpec('ffn1', 4).ranks, [1, 4, 4, 4, 4, 4, 1]);
    const s = parseLayerSpec('2x4:4x2', 3);
    assert.deepEqual([s.inShape, s.outShape, s.ranks], [[2, 4], [4, 2], [1, 3, 3, 3, 1]]);
    assert.throws(() => parseLayerSpec('2x4', 3), /expected attn, ffn1, ffn2 or '<in modes>:<out modes>'/);
    assert.throws(() => parseLayerSpec('2x0:3', 3), /at least 1/);
    assert.throws(() => parseLayerSpec('attn', 0), /positive integer/);
  });

  it('stages partition the program; each ends with the last flag; the parameter block is contiguous', () => {
    for (const [spec, rank, K] of [['2x4:4x2', 3, 5], ['3x2x2:2x5', 2, 3], ['attn', 10, 32]] as const) {
      const plan = planTraining(parseLayerSpec(spec, rank), K, engine);
      assert.equal(plan.stagePc.fp, 0);
      assert.equal(plan.stagePc.bp, plan.steps.fp.length);
      assert.equal(plan.stagePc.pu, plan.steps.fp.length + plan.steps.bp.length);
      assert.equal(plan.program.length, plan.stagePc.pu + plan.steps.pu.length);
      const lasts = plan.image.map((w, i) => (decodeInstruction(w).last ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(lasts, [plan.stagePc.bp - 1, plan.stagePc.pu - 1, plan.program.length - 1]);
      const cores = plan.params.slice(0, -1).reduce((a, p) => a + p.words, 0);
      assert.equal(plan.paramWords, cores + plan.N);
      assert.equal(plan.addr.params, plan.layout.base.get('core0'));
      assert.equal(plan.layout.base.get('bias'), plan.addr.params + cores);
      assert.ok(plan.layout.words <= plan.layout.depth);
    }
  });

  it('error and loss: dY = fround(Y - T); loss = partial sums i mod P combined in order', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.float({ noNaN: true, min: -1e3, max: 1e3 }), fc.float({ noNaN: true, min: -1e3, max: 1e3 })), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 1, max: 9 }),
      (pairs, P) => {
        const Y = Float32Array.from(pairs.map((p) => p[0])); const T = Float32Array.from(pairs.map((p) => p[1]));
        const dY = new Float32Array(Y.length);
        const loss = errorAndLoss32(Y, T, dY, P);
        const parts = new Array<number>(P).fill(0);
        Y.forEach((y, i) => { const e = Math.fround(y - T[i]!); assert.ok(Object.is(dY[i], e)); parts[i % P] = mac32(parts[i % P]!, e, e); });
        let want = parts[0]!;
        for (let j = 1; j < P; j++) want = Math.fround(want + parts[j]!);
        assert.ok(Object.is(loss, want));
      }));
  });

  it('the FP32 model learns the teacher: with one fixed batch the loss falls at every step', () => {
    const plan = planTraining(parseLayerSpec('2x4:4x2', 3), 5, engine);
    const task = makeRegressionTask(plan, 1, 3);
    const m = new TtLinearModel32(plan, 0.02, 9);
    m.params = task.initial;
    const losses = Array.from({ length: 8 }, () => m.step(task.samples[0]!.X, task.samples[0]!.T));
    losses.slice(1).forEach((l, i) => assert.ok(l < losses[i]!, `step ${i + 2}: ${l} after ${losses[i]}`));
    // The teacher itself has zero loss on its own outputs.
    const t = new TtLinearModel32(plan, 0, 9);
    t.params = task.teacher;
    assert.equal(t.step(task.samples[0]!.X, task.samples[0]!.T), 0);
  });
});
