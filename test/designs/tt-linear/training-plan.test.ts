// The training plan: the schedule's GEMM steps split into FP, BP and PU stages of one program, a
// parameter block the kernel can load and store in one burst, and the FP32 model of a training step.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planTraining } from '../../../designs/tt-linear/training-plan.js';
import { parseLayerSpec } from '../../../designs/tt-linear/layer-spec.js';
import { errorAndLoss32 } from '../../../designs/tt-linear/error-loss32.js';
import { TtLinearModel32 } from '../../../designs/tt-linear/training-model.js';
import { makeRegressionTask } from '../../../designs/tt-linear/regression-task.js';
import { decodeCombinedWord } from '../../../designs/engine/combined-word.js';

const engine = { rows: 2, cols: 3, macStages: 1 };

describe('designs/tt-linear training plan and model', () => {
  it('layer specs: the paper layers and <in>:<out> shapes; bad text says what is expected', () => {
    assert.deepEqual(parseLayerSpec('attn', 10).inShape, [12, 8, 8]);
    assert.deepEqual(parseLayerSpec('ffn1', 4).ranks, [1, 4, 4, 4, 4, 4, 1]);
    const s = parseLayerSpec('2x4:4x2', 3);
    assert.deepEqual(
      [s.inShape, s.outShape, s.ranks],
      [
        [2, 4],
        [4, 2],
        [1, 3, 3, 3, 1],
      ],
    );
    assert.throws(() => parseLayerSpec('2x4', 3), /expected attn, ffn1, ffn2 or '<in modes>:<out modes>'/);
    assert.throws(() => parseLayerSpec('2x0:3', 3), /at least 1/);
    assert.throws(() => parseLayerSpec('attn', 0), /positive integer/);
  });

  it('stages partition the program; each ends with the last flag; the parameter block is contiguous', () => {
    for (const [spec, rank, K] of [
      ['2x4:4x2', 3, 5],
      ['3x2x2:2x5', 2, 3],
      ['attn', 10, 32],
    ] as const) {
      const plan = planTraining(parseLayerSpec(spec, rank), K, engine);
      assert.equal(plan.stagePc.fp, 0);
      assert.equal(plan.stagePc.bp, plan.steps.fp.length);
      assert.equal(plan.stagePc.pu, plan.steps.fp.length + plan.steps.bp.length);
      assert.equal(plan.program.length, plan.stagePc.pu + plan.steps.pu.length);
      const lasts = plan.image.map((w, i) => (decodeCombinedWord(w).last ? i : -1)).filter((i) => i >= 0);
      assert.deepEqual(lasts, [plan.stagePc.bp - 1, plan.stagePc.pu - 1, plan.program.length - 1]);
      // The bias add and the bias gradient run on the vector unit; the gradient beside the first BP GEMM.
      const kinds = plan.entries.map((e) => `${e.kind === 'gemm' ? 'g' : 'v'}${e.waitOther ? '!' : ''}`);
      assert.deepEqual(kinds.slice(plan.stagePc.bp - 1, plan.stagePc.bp + 3), ['v!', 'g', 'v', 'g']);
      assert.equal(kinds.filter((k) => k.startsWith('v')).length, 2);
      assert.equal(plan.entries[plan.stagePc.bp - 1]!.name, 'Y += 1 bias');
      assert.equal(plan.entries[plan.stagePc.bp + 1]!.name, 'dbias = 1^T dY');
      assert.equal(plan.addr.y, plan.regions.engineDepth, "the error pass reads Y + bias at the vector region's start");
      const cores = plan.params.slice(0, -1).reduce((a, p) => a + p.words, 0);
      assert.equal(plan.paramWords, cores + plan.N);
      assert.equal(plan.addr.params, plan.layout.base.get('core0'));
      assert.equal(plan.layout.base.get('bias'), plan.addr.params + cores);
      assert.ok(plan.layout.words <= plan.layout.depth);
    }
  });

  it('error and loss: with integer data nothing rounds, so dY and the loss are the exact difference and sum of squares for any P', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -200, max: 200 }), fc.integer({ min: -200, max: 200 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 10 }),
        (pairs, P) => {
          const Y = Float32Array.from(pairs.map((p) => p[0]));
          const T = Float32Array.from(pairs.map((p) => p[1]));
          const dY = new Float32Array(Y.length);
          const loss = errorAndLoss32(Y, T, dY, P);
          pairs.forEach(([y, t], i) => assert.equal(dY[i], y - t));
          assert.equal(
            loss,
            pairs.reduce((a, [y, t]) => a + (y - t) ** 2, 0),
          ); // < 60 * 400^2 < 2^24: exact
        },
      ),
    );
    // Where rounding happens, the partials decide: 2^12 squared is 2^24, where adding 1 rounds away.
    const dY = new Float32Array(3);
    assert.equal(
      errorAndLoss32(Float32Array.from([4096, 1, 1]), new Float32Array(3), dY, 1),
      2 ** 24,
      'one sum: ((2^24 + 1) + 1) rounds to 2^24 twice',
    );
    assert.equal(
      errorAndLoss32(Float32Array.from([4096, 1, 1]), new Float32Array(3), dY, 3),
      2 ** 24,
      'partials 2^24, 1, 1 combined in order: the same',
    );
    assert.equal(
      errorAndLoss32(Float32Array.from([1, 4096, 1]), new Float32Array(3), dY, 2),
      2 ** 24 + 2,
      'partials (1 + 1), 2^24: 2 + 2^24 is exact',
    );
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
