import assert from 'node:assert/strict';
import fc from 'fast-check';
import { crossEntropyRow, geluBackward, geluForward, softmaxRow } from '../../../designs/transformer/activations.js';
import { layerNormForward } from '../../../designs/transformer/layernorm.js';
import { FP32, FP64 } from '../../../designs/transformer/precision.js';

describe('transformer/activations and layernorm', () => {
  it('softmax subtracts the max: huge logits give finite probabilities that sum to 1', () => {
    for (const P of [FP64, FP32]) {
      const x = P.from([1000, 999, -1000, 1000]);
      const p = P.alloc(4);
      softmaxRow(P, x, p, 0, 4);
      assert.ok([...p].every(Number.isFinite));
      assert.ok(Math.abs(p[0]! - p[3]!) === 0 && p[2] === 0);
      assert.ok(Math.abs(Array.from(p).reduce((a, b) => a + b, 0) - 1) < 1e-6);
    }
  });

  it('GELU is the tanh form and its derivative matches finite differences (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (v) => {
        const x = FP64.from([v, v + 1e-6, v - 1e-6]);
        const y = FP64.alloc(3),
          t = FP64.alloc(3),
          dx = FP64.alloc(3);
        geluForward(FP64, x, y, t);
        const want = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
        assert.ok(Math.abs(y[0]! - want) < 1e-14);
        geluBackward(FP64, x, t, FP64.from([1, 0, 0]), dx);
        assert.ok(Math.abs(dx[0]! - (y[1]! - y[2]!) / 2e-6) < 1e-7);
      }),
      { numRuns: 200 },
    );
  });

  it('cross-entropy: loss = -log p[target], gradient p - onehot scaled by the weight', () => {
    const z = FP64.from([0.5, -1, 2]);
    const p = FP64.alloc(3),
      dz = FP64.alloc(3);
    const loss = crossEntropyRow(FP64, z, 0, 3, 2, 0.5, p, dz);
    const s = Math.exp(0.5) + Math.exp(-1) + Math.exp(2);
    assert.ok(Math.abs(loss - -Math.log(Math.exp(2) / s)) < 1e-14);
    assert.ok(Math.abs(dz[2]! - 0.5 * (Math.exp(2) / s - 1)) < 1e-15);
    assert.ok(Math.abs(dz[0]! - 0.5 * (Math.exp(0.5) / s)) < 1e-15);
  });

  it('cross-entropy with label smoothing: gradient p - q with q = 1-e+e/n on the target and e/n elsewhere; the reported loss stays -log p[target]', () => {
    const z = FP64.from([0.5, -1, 2, 0]);
    const p = FP64.alloc(4),
      dz = FP64.alloc(4),
      plain = FP64.alloc(4);
    const loss = crossEntropyRow(FP64, z, 0, 4, 1, 1, p, dz, 0.2);
    assert.equal(loss, crossEntropyRow(FP64, z, 0, 4, 1, 1, p, plain));
    assert.equal(dz[1], p[1]! - (1 - 0.2 + 0.2 / 4)); // q computed like the host does
    for (const j of [0, 2, 3]) assert.equal(dz[j], p[j]! - 0.2 / 4);
    assert.ok(Math.abs(Array.from(dz).reduce((a, b) => a + b, 0)) < 1e-15);
  });

  it('LayerNorm output has zero mean and unit variance per row before gamma/beta', () => {
    const d = 16;
    const x = FP64.from(Array.from({ length: 2 * d }, (_, i) => Math.cos(i) * 3 + (i >= d ? 10 : 0)));
    const y = FP64.alloc(2 * d);
    layerNormForward(FP64, x, 2, d, FP64.from(new Array(d).fill(1)), FP64.alloc(d), 1e-12, y);
    for (let r = 0; r < 2; r++) {
      const row = y.subarray(r * d, (r + 1) * d);
      const vals = Array.from(row);
      const mean = vals.reduce((a, b) => a + b, 0) / d;
      const v = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / d;
      assert.ok(Math.abs(mean) < 1e-12 && Math.abs(v - 1) < 1e-9);
    }
  });
});
