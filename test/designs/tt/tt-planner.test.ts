import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ttLayer } from '../../../designs/transformer/config.js';
import { initTTLinear, ttLinearTo32 } from '../../../designs/tt/tt-params.js';
import { ttLinearBackward32, ttLinearForward32 } from '../../../designs/tt/tt-linear.js';
import { checkScheduleBounds, planTTLinear, scheduleMacs } from '../../../designs/tt/tt-planner.js';
import { allocateBuffers32, runSteps32 } from '../../../designs/tt/schedule-exec32.js';
import { adamUpdate32, sgdUpdate32 } from '../../../designs/tt/optimizer32.js';
import { ttLayerDims } from '../../../designs/tt/tt-shape.js';
import { arbTTShape, randomArray, sameBits, seededRng } from './helpers.js';

describe('designs/tt planner schedule', () => {
  it('executed by the FP32 model, gives the same bits as the direct FP32 flow: forward, backward, SGD (property)', () => {
    fc.assert(
      fc.property(arbTTShape, fc.integer({ min: 1, max: 4 }), fc.integer(), (shape, K, seed) => {
        const rng = seededRng(seed);
        const p64 = initTTLinear(shape, rng, 0.8);
        p64.bias = randomArray(p64.bias.length, rng);
        const p = ttLinearTo32(p64);
        const d = ttLayerDims(shape);
        const X = Float32Array.from(randomArray(K * d.M, rng));
        const dY = Float32Array.from(randomArray(K * d.N, rng));
        const direct = ttLinearForward32(p, X, K);
        const g = ttLinearBackward32(p, direct.cache, dY);

        const s = planTTLinear(shape, K, 'sgd');
        assert.deepEqual(checkScheduleBounds(s), []);
        const lr = 0.0625 + rng();
        const buf = allocateBuffers32(s, lr);
        buf.get('X')!.set(X);
        buf.get('dY')!.set(dY);
        buf.get('bias')!.set(p.bias);
        p.cores.forEach((c, k) => buf.get(`core${k}`)!.set(c));
        runSteps32(s.forward, buf);
        assert.ok(sameBits(buf.get('Y')!, direct.Y), 'Y');
        runSteps32(s.backward, buf);
        assert.ok(sameBits(buf.get('dX')!, g.dX), 'dX');
        assert.ok(sameBits(buf.get('dbias')!, g.dBias), 'dbias');
        g.dCores.forEach((dc, k) => assert.ok(sameBits(buf.get(`dcore${k}`)!, dc), `dcore${k}`));
        runSteps32(s.update, buf);
        p.cores.forEach((c, k) => {
          const w = Float32Array.from(c);
          sgdUpdate32(w, g.dCores[k]!, lr);
          assert.ok(sameBits(buf.get(`core${k}`)!, w), `SGD core${k}`);
        });
        const b = Float32Array.from(p.bias);
        sgdUpdate32(b, g.dBias, lr);
        assert.ok(sameBits(buf.get('bias')!, b), 'SGD bias');
      }),
      { numRuns: 80, seed: 5 },
    );
  });

  it('the bounds check reports an operand that runs past its buffer or names an unknown one', () => {
    const s = planTTLinear(ttLayer([2, 3], [3, 2], 2), 2);
    assert.deepEqual(checkScheduleBounds(s), []);
    const step = s.backward[0]!;
    if (step.op !== 'gemm') throw new Error('expected a GEMM');
    step.b = { ...step.b, offset: step.b.offset + 1 };
    assert.equal(checkScheduleBounds(s).length, 1);
    step.b = { ...step.b, buffer: 'nowhere' };
    assert.match(checkScheduleBounds(s)[0]!, /undeclared buffer nowhere/);
  });

  it('Adam update steps give the bits of adamUpdate32 applied core by core, over 3 steps', () => {
    const shape = ttLayer([2, 3], [3, 2], 3);
    const rng = seededRng(21);
    const p = ttLinearTo32(initTTLinear(shape, rng));
    const s = planTTLinear(shape, 2, 'adam');
    const buf = allocateBuffers32(s);
    p.cores.forEach((c, k) => buf.get(`core${k}`)!.set(c));
    const w = p.cores.map((c) => Float32Array.from(c));
    const m = p.cores.map((c) => new Float32Array(c.length));
    const v = p.cores.map((c) => new Float32Array(c.length));
    for (let t = 1; t <= 3; t++) {
      const grads = p.cores.map((c) => Float32Array.from(randomArray(c.length, rng)));
      grads.forEach((gr, k) => buf.get(`dcore${k}`)!.set(gr));
      runSteps32(s.update, buf, { adamStep: t });
      grads.forEach((gr, k) => adamUpdate32(w[k]!, gr, m[k]!, v[k]!, t));
    }
    w.forEach((wk, k) => {
      assert.ok(sameBits(buf.get(`core${k}`)!, wk), `core${k}`);
      assert.ok(!sameBits(wk, p.cores[k]!), 'Adam moved the weights');
    });
  });

  it('MAC count of the paper attention layer schedule (K = 32, rank 10) is the derived bi-directional count', () => {
    const s = planTTLinear(ttLayer([12, 8, 8], [8, 8, 12], 10), 32);
    // left merge: 12*10*(8*10) + 96*10*(8*10); right merge: (10*8)*10*12 + (10*8)*10*96
    const merges = 12 * 10 * 80 + 96 * 10 * 80 + 80 * 10 * 12 + 80 * 10 * 96;
    const fwd = merges + 32 * 768 * 10 + 32 * 10 * 768 + 32 * 768;
    assert.equal(scheduleMacs(s.forward), fwd);
    // backward: T, dX, dR, dL (4 K*768*10) + 2 per merge + bias gradient
    assert.equal(scheduleMacs(s.backward), 4 * 32 * 768 * 10 + 2 * merges + 32 * 768);
    assert.deepEqual(checkScheduleBounds(s), []);
  });
});

describe('designs/tt gemm32 accumulation order', () => {
  it('the fast loop nest gives the bits of the element-by-element definition, for any strides (property)', async () => {
    const { gemm32, gemm32Reference } = await import('../../../designs/tt/gemm32.js');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (m, n, k, ta, tb, acc, seed) => {
          const rng = seededRng(seed);
          const A = Float32Array.from(randomArray(m * k + 3, rng));
          const B = Float32Array.from(randomArray(k * n + 3, rng));
          const C0 = Float32Array.from(randomArray(m * n + 2, rng));
          const args = [m, n, k, A, 1, ta ? 1 : k, ta ? m : 1, B, 2, tb ? 1 : n, tb ? k : 1] as const;
          const c1 = C0.slice();
          const c2 = C0.slice();
          gemm32(...args, c1, 1, n, 1, acc);
          gemm32Reference(...args, c2, 1, n, 1, acc);
          assert.ok(sameBits(c1, c2));
        },
      ),
      { numRuns: 200, seed: 8 },
    );
  });
});
