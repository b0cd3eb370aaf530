import assert from 'node:assert/strict';
import fc from 'fast-check';
import { paperConfig } from '../../../designs/transformer/config.js';
import { allTrees, evaluateTree, searchContractionOrder } from '../../../designs/tt/contraction-order.js';
import { executeGemmStep64 } from '../../../designs/tt/gemm64-step.js';
import { allocateBuffers32, runSteps32 } from '../../../designs/tt/schedule-exec32.js';
import {
  componentwiseError,
  FP32_TOLERANCE,
  relativeError,
  ttLinearMagnitudes,
} from '../../../designs/tt/fp32-tolerance.js';
import { flowTree, ttForwardNetwork } from '../../../designs/tt/tt-flows.js';
import { initTTLinear, ttLinearTo32, ttLinearTo64 } from '../../../designs/tt/tt-params.js';
import { ttLinearBackward64, ttLinearForward64 } from '../../../designs/tt/tt-linear.js';
import { checkScheduleBounds, scheduleMacs, type TTSchedule } from '../../../designs/tt/tt-planner.js';
import { planTTLinearTree } from '../../../designs/tt/tree-planner.js';
import { ttLayerDims } from '../../../designs/tt/tt-shape.js';
import type { GemmStep } from '../../../designs/tt/gemm-step.js';
import { arbTTShape, randomArray32, sameBits, seededRng } from './helpers.js';
import { ttLinearBackward32, ttLinearForward32 } from '../../../designs/tt/tt-linear.js';
import { ttLinearFull32 } from '../../../designs/tt/tt-linear-full32.js';

function run64(s: TTSchedule, fill: Record<string, ArrayLike<number>>): Map<string, Float64Array> {
  const buf = new Map(s.buffers.map((b) => [b.name, new Float64Array(b.words)]));
  buf.get('one')![0] = 1;
  for (const [k, v] of Object.entries(fill)) buf.get(k)!.set(v);
  for (const step of [...s.forward, ...s.backward]) executeGemmStep64(step, buf);
  return buf;
}

describe('designs/tt schedules of any contraction tree', () => {
  it('every tree, executed in float64, gives the reference Y, dX, dCores and dBias; MACs match the cost model (property)', () => {
    const small = arbTTShape.filter((s) => s.inShape.length + s.outShape.length <= 4);
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 3 }), fc.nat(), fc.integer(), (shape, K, pick, seed) => {
        const net = ttForwardNetwork(shape, K);
        const trees = allTrees(net.operands.map((_, i) => i));
        const tree = trees[pick % trees.length]!;
        const s = planTTLinearTree(shape, K, tree);
        assert.deepEqual(checkScheduleBounds(s), []);
        const d = ttLayerDims(shape);
        const cost = evaluateTree(net, tree);
        assert.equal(scheduleMacs(s.forward), cost.macs + K * d.N);
        assert.equal(scheduleMacs(s.backward), 2 * cost.macs + K * d.N);
        const rng = seededRng(seed);
        const p = initTTLinear(shape, rng, 1);
        p.bias = randomArray32(d.N, rng);
        const X = randomArray32(K * d.M, rng);
        const dY = randomArray32(K * d.N, rng);
        const fill: Record<string, ArrayLike<number>> = { X, dY, bias: p.bias };
        p.cores.forEach((c, k) => {
          fill[`core${k}`] = c;
        });
        const buf = run64(s, fill);
        const f = ttLinearForward64(p, X, K);
        const g = ttLinearBackward64(p, f.cache, dY);
        const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) =>
          assert.ok(relativeError(a, b) < 1e-12, `${what}: ${relativeError(a, b)}`);
        close(buf.get('Y')!, f.Y, 'Y');
        close(buf.get('dX')!, g.dX, 'dX');
        close(buf.get('dbias')!, g.dBias, 'dbias');
        g.dCores.forEach((c, k) => close(buf.get(`dcore${k}`)!, c, `dcore${k}`));
      }),
      { numRuns: 120, seed: 6 },
    );
  });

  it('for the bi-directional tree, the generic compiler gives the bits of the direct FP32 model (property)', () => {
    fc.assert(
      fc.property(arbTTShape, fc.integer({ min: 1, max: 4 }), fc.integer(), (shape, K, seed) => {
        const rng = seededRng(seed);
        const p = ttLinearTo32(initTTLinear(shape, rng, 1));
        const d = ttLayerDims(shape);
        p.bias.set(randomArray32(d.N, rng));
        const X = Float32Array.from(randomArray32(K * d.M, rng));
        const dY = Float32Array.from(randomArray32(K * d.N, rng));
        const f = ttLinearForward32(p, X, K);
        const g = ttLinearBackward32(p, f.cache, dY);
        const s = planTTLinearTree(shape, K, flowTree(shape, 'bi-directional'));
        const buf = allocateBuffers32(s);
        buf.get('X')!.set(X);
        buf.get('dY')!.set(dY);
        buf.get('bias')!.set(p.bias);
        p.cores.forEach((c, k) => buf.get(`core${k}`)!.set(c));
        runSteps32(s.forward, buf);
        runSteps32(s.backward, buf);
        assert.ok(sameBits(buf.get('Y')!, f.Y), 'Y');
        assert.ok(sameBits(buf.get('dX')!, g.dX), 'dX');
        assert.ok(sameBits(buf.get('dbias')!, g.dBias), 'dbias');
        g.dCores.forEach((c, k) => assert.ok(sameBits(buf.get(`dcore${k}`)!, c), `dcore${k}`));
      }),
      { numRuns: 80, seed: 10 },
    );
  });

  it('for the full-reconstruction tree, the generic compiler gives the bits of the direct FP32 implementation (property)', () => {
    fc.assert(
      fc.property(arbTTShape, fc.integer({ min: 1, max: 4 }), fc.integer(), (shape, K, seed) => {
        const rng = seededRng(seed);
        const p = ttLinearTo32(initTTLinear(shape, rng, 1));
        const d = ttLayerDims(shape);
        p.bias.set(randomArray32(d.N, rng));
        const X = Float32Array.from(randomArray32(K * d.M, rng));
        const dY = Float32Array.from(randomArray32(K * d.N, rng));
        const direct = ttLinearFull32(p, X, K, dY);
        const s = planTTLinearTree(shape, K, flowTree(shape, 'full reconstruction'));
        const buf = allocateBuffers32(s);
        buf.get('X')!.set(X);
        buf.get('dY')!.set(dY);
        buf.get('bias')!.set(p.bias);
        p.cores.forEach((c, k) => buf.get(`core${k}`)!.set(c));
        runSteps32(s.forward, buf);
        runSteps32(s.backward, buf);
        assert.ok(sameBits(buf.get('Y')!, direct.Y), 'Y');
        assert.ok(sameBits(buf.get('dX')!, direct.dX), 'dX');
        assert.ok(sameBits(buf.get('dbias')!, direct.dBias), 'dbias');
        direct.dCores.forEach((c, k) => assert.ok(sameBits(buf.get(`dcore${k}`)!, c), `dcore${k}`));
      }),
      { numRuns: 60, seed: 14 },
    );
  });

  it('the searched orders of the paper attention layer run in FP32 within tolerance of float64', function () {
    this.timeout(60000);
    const shape = paperConfig({ rank: 4 }).attn;
    const K = 4;
    const rng = seededRng(3);
    const p32 = ttLinearTo32(initTTLinear(shape, rng));
    const p64 = ttLinearTo64(p32);
    const X = randomArray32(K * 768, rng);
    const dY = randomArray32(K * 768, rng);
    const f = ttLinearForward64(p64, X, K);
    const g = ttLinearBackward64(p64, f.cache, dY);
    const net = ttForwardNetwork(shape, K);
    for (const tree of [
      searchContractionOrder(net, 'macs').tree,
      searchContractionOrder(net, 'memory').tree,
      flowTree(shape, 'sequential'),
    ]) {
      const s = planTTLinearTree(shape, K, tree);
      const buf = allocateBuffers32(s);
      buf.get('X')!.set(X);
      buf.get('dY')!.set(dY);
      p32.cores.forEach((c, k) => buf.get(`core${k}`)!.set(c));
      runSteps32(s.forward, buf);
      runSteps32(s.backward, buf);
      const mag = ttLinearMagnitudes(p64, X, K, dY);
      assert.ok(componentwiseError(buf.get('Y')!, f.Y, mag.Y) <= FP32_TOLERANCE);
      assert.ok(componentwiseError(buf.get('dX')!, g.dX, mag.dX) <= FP32_TOLERANCE);
      g.dCores.forEach((c, k) =>
        assert.ok(componentwiseError(buf.get(`dcore${k}`)!, c, mag.dCores[k]!) <= FP32_TOLERANCE, `dcore${k}`),
      );
      const gemms = s.forward.filter((x): x is GemmStep => x.op === 'gemm');
      assert.ok(gemms.every((x) => x.m >= 1 && x.n >= 1 && x.k >= 1));
    }
  });
});
