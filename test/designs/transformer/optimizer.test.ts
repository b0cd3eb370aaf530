import assert from 'node:assert/strict';
import { tinyConfig } from '../../../designs/transformer/config.js';
import {
  cosineFactor,
  defaultAdam,
  initOptimizerState,
  optimizerStep,
  rateFactor,
  settingsForEpoch,
  sgdRate,
  warmupFactor,
} from '../../../designs/transformer/optimizer.js';
import { convertParams, initParams, mapParams, tensors } from '../../../designs/transformer/params.js';
import { FP32, FP64 } from '../../../designs/transformer/precision.js';

describe('transformer/optimizer', () => {
  const cfg = tinyConfig();
  const gradOf = (i: number) => Math.sin(i) * 0.01;

  it('SGD: p - lr g on every parameter', () => {
    const p = initParams(cfg, 1);
    const before = tensors(mapParams(p, (a) => a.slice())).map((t) => t.data);
    const g = mapParams(p, (a) => a.map((_, i) => gradOf(i)));
    optimizerStep(FP64, { kind: 'sgd', lr: 0.5 }, initOptimizerState(FP64, { kind: 'sgd', lr: 0.5 }, p), p, g);
    tensors(p).forEach((t, k) => t.data.forEach((v, i) => assert.equal(v, before[k]![i]! - 0.5 * gradOf(i))));
  });

  it('Adam: matches the textbook update with bias-corrected moments over three steps (float64)', () => {
    const s = defaultAdam(0.01);
    const p = initParams(cfg, 1);
    const st = initOptimizerState(FP64, s, p);
    const x0 = tensors(p)[0]!.data[0]!;
    let x = x0,
      m = 0,
      v = 0;
    for (let t = 1; t <= 3; t++) {
      const gv = 0.3 * t - 0.5;
      const g = mapParams(p, (a) => new Float64Array(a.length).fill(gv));
      optimizerStep(FP64, s, st, p, g);
      m = s.beta1 * m + (1 - s.beta1) * gv;
      v = s.beta2 * v + (1 - s.beta2) * gv * gv;
      const mh = m / (1 - s.beta1 ** t),
        vh = v / (1 - s.beta2 ** t);
      x -= (s.lr * mh) / (Math.sqrt(vh) + s.eps);
      assert.ok(Math.abs(tensors(p)[0]!.data[0]! - x) < 1e-15, `step ${t}: ${tensors(p)[0]!.data[0]} vs ${x}`);
    }
    assert.equal(st.step, 3);
    assert.notEqual(x, x0);
  });

  it('FP32 Adam keeps binary32 values and follows float64 to within rounding', () => {
    const s = defaultAdam(1e-3);
    const p64 = convertParams(FP64, convertParams(FP32, initParams(cfg, 4)));
    const p32 = convertParams(FP32, p64);
    const s64 = initOptimizerState(FP64, s, p64),
      s32 = initOptimizerState(FP32, s, p32);
    for (let t = 0; t < 5; t++) {
      optimizerStep(
        FP64,
        s,
        s64,
        p64,
        mapParams(p64, (a) => Float64Array.from(a, (_, i) => Math.fround(gradOf(i + t)))),
      );
      optimizerStep(
        FP32,
        s,
        s32,
        p32,
        mapParams(p32, (a) => Float32Array.from(a, (_, i) => gradOf(i + t))),
      );
    }
    const a = tensors(p32),
      b = tensors(p64);
    a.forEach((t, k) => {
      assert.ok(t.data instanceof Float32Array);
      t.data.forEach((v, i) =>
        assert.ok(Math.abs(v - b[k]!.data[i]!) <= 1e-6 * (1 + Math.abs(b[k]!.data[i]!)), `${t.name}[${i}]`),
      );
    });
  });
});

describe('transformer/optimizer learning-rate decay', () => {
  it('epoch e uses lr * decay^e; without decay the settings are unchanged', () => {
    const s = { ...defaultAdam(0.01), lrDecay: 0.5 };
    assert.equal(settingsForEpoch(s, 0).lr, 0.01);
    assert.equal(settingsForEpoch(s, 3).lr, 0.01 / 8);
    const plain = defaultAdam(0.01);
    assert.equal(settingsForEpoch(plain, 5), plain);
  });

  it('warmup: step t of W uses lr * t / W, then lr (Adam and SGD)', () => {
    const cfg = tinyConfig();
    const run = (s: Parameters<typeof optimizerStep>[1], steps: number) => {
      const p = initParams(cfg, 1);
      const st = initOptimizerState(FP64, s, p);
      const g = mapParams(p, (a) => new Float64Array(a.length).fill(0.25));
      const xs: number[] = [];
      for (let t = 0; t < steps; t++) {
        const before = tensors(p)[0]!.data[0]!;
        optimizerStep(FP64, s, st, p, g);
        xs.push(before - tensors(p)[0]!.data[0]!);
      }
      return xs;
    };
    const sgd = run({ kind: 'sgd', lr: 0.1, warmupSteps: 4 }, 6);
    [0.25, 0.5, 0.75, 1, 1, 1].forEach((f, i) =>
      assert.ok(Math.abs(sgd[i]! - 0.1 * f * 0.25) < 1e-15, `sgd step ${i + 1}: ${sgd[i]}`),
    );
    // Adam with a constant gradient moves by lr * warmup factor (the bias-corrected ratio is 1 up to eps)
    const adam = run({ ...defaultAdam(0.01), warmupSteps: 3 }, 5);
    [1 / 3, 2 / 3, 1, 1, 1].forEach((f, i) =>
      assert.ok(Math.abs(adam[i]! - 0.01 * f) < 1e-7, `adam step ${i + 1}: ${adam[i]}`),
    );
    assert.equal(warmupFactor(defaultAdam(), 1), 1);
  });

  it('cosine schedule: peak through the warmup, half a cosine to 0 at cosineSteps, 0 after', () => {
    const s = { kind: 'sgd' as const, lr: 0.1, warmupSteps: 4, cosineSteps: 12 };
    assert.equal(cosineFactor(s, 4), 1);
    assert.equal(cosineFactor(s, 8), 0.5 * (1 + Math.cos(Math.PI / 2)));
    assert.equal(cosineFactor(s, 12), 0);
    assert.equal(cosineFactor(s, 50), 0);
    assert.equal(rateFactor(s, 2), 0.5);
    // strictly falling between the warmup's end and the horizon
    for (let t = 5; t <= 12; t++) assert.ok(cosineFactor(s, t) < cosineFactor(s, t - 1), `step ${t}`);
    // the rounded SGD rate follows it (what the kernel's lrTable carries)
    assert.equal(sgdRate(FP32, s, 6), Math.fround(0.1 * 0.5 * (1 + Math.cos((Math.PI * 2) / 8))));
    assert.equal(cosineFactor({ kind: 'sgd', lr: 1 }, 1000), 1);
  });
});
