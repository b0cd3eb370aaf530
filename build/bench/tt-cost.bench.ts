// npm run bench tt-cost: flow costs of the paper's TT layers (ranks 10 and 20, K = 32) plus, at paper
// scale, the FP32-model error against float64, the schedule-vs-direct bit check and the model speed.
// Writes out/bench/tt-cost.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { paperConfig } from '../../designs/transformer/config.js';
import { ttCostReport } from '../../designs/tt/tt-flows.js';
import { initTTLinear, ttLinearTo32, ttLinearTo64 } from '../../designs/tt/tt-params.js';
import { ttLinearBackward32, ttLinearForward32 } from '../../designs/tt/tt-linear.js';
import { ttLinearBackward64, ttLinearForward64 } from '../../designs/tt/tt-linear.js';
import {
  componentwiseError,
  relativeError,
  FP32_TOLERANCE,
  ttLinearMagnitudes,
} from '../../designs/tt/fp32-tolerance.js';
import { planTTLinear } from '../../designs/tt/tt-planner.js';
import { planTTLinearTree } from '../../designs/tt/tree-planner.js';
import { allocateBuffers32, runSteps32 } from '../../designs/tt/schedule-exec32.js';

const K = 32;
const layers = ['attn', 'ffn1', 'ffn2'] as const;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  return ua.length === ub.length && ua.every((x, i) => x === ub[i]);
}

const costs = [];
for (const rank of [10, 20]) {
  const cfg = paperConfig({ rank });
  for (const layer of layers) {
    const r = ttCostReport(cfg[layer], K);
    console.log(
      `costs ${layer} rank ${rank}: bi/seq forward MACs ${r.ratios.forwardMacs.biOverSequential.toFixed(4)}, bi/full ${r.ratios.forwardMacs.biOverFull.toFixed(4)}`,
    );
    costs.push({
      layer,
      rank,
      K,
      shape: r.shape,
      parameterWords: r.parameterWords,
      denseParameterWords: r.denseParameterWords,
      flows: Object.fromEntries(
        r.flows.map((f) => {
          const s = planTTLinearTree(r.shape, K, f.order);
          return [
            f.flow,
            {
              tree: f.tree,
              forward: f.forward,
              backward: f.backward,
              update: f.update,
              peakWords: f.peakWords,
              gemmSteps: { forward: s.forward.length, backward: s.backward.length, update: s.update.length },
            },
          ];
        }),
      ),
      ratios: r.ratios,
    });
  }
}

// Paper-scale numerics (rank 10): FP32 model vs float64 on the same binary32 inputs.
const numerics = [];
for (const layer of layers) {
  const shape = paperConfig({ rank: 10 })[layer];
  const g = rng(layer.length * 7919);
  const p32 = ttLinearTo32(initTTLinear(shape, g));
  p32.bias.forEach((_, i) => {
    p32.bias[i] = Math.fround(0.1 * (2 * g() - 1));
  });
  const p64 = ttLinearTo64(p32);
  const M = shape.inShape.reduce((a, b) => a * b, 1);
  const N = shape.outShape.reduce((a, b) => a * b, 1);
  const X = Float32Array.from({ length: K * M }, () => 2 * g() - 1);
  const dY = Float32Array.from({ length: K * N }, () => 2 * g() - 1);
  const f32 = ttLinearForward32(p32, X, K);
  const b32 = ttLinearBackward32(p32, f32.cache, dY);
  const f64 = ttLinearForward64(p64, Float64Array.from(X), K);
  const b64 = ttLinearBackward64(p64, f64.cache, Float64Array.from(dY));
  // Median of 5 timed runs after the warm-up above (the machine is shared).
  const time = (fn: () => void) => {
    const ts = [0, 1, 2, 3, 4].map(() => {
      const t = performance.now();
      fn();
      return performance.now() - t;
    });
    return ts.sort((a, b) => a - b)[2]!;
  };
  const tf32 = time(() => ttLinearForward32(p32, X, K));
  const tb32 = time(() => ttLinearBackward32(p32, f32.cache, dY));
  const t64 = time(() => {
    const f = ttLinearForward64(p64, Float64Array.from(X), K);
    ttLinearBackward64(p64, f.cache, Float64Array.from(dY));
  });
  const mag = ttLinearMagnitudes(p64, X, K, dY);
  // componentwise: |fp32 - f64| / (float64 on absolute values), the documented measure; normwise for reference
  const err = {
    Y: componentwiseError(f32.Y, f64.Y, mag.Y),
    dX: componentwiseError(b32.dX, b64.dX, mag.dX),
    dBias: componentwiseError(b32.dBias, b64.dBias, mag.dBias),
    dCoresMax: Math.max(...b32.dCores.map((c, k) => componentwiseError(c, b64.dCores[k]!, mag.dCores[k]!))),
    normwiseMax: Math.max(
      relativeError(f32.Y, f64.Y),
      relativeError(b32.dX, b64.dX),
      ...b32.dCores.map((c, k) => relativeError(c, b64.dCores[k]!)),
    ),
  };
  const s = planTTLinear(shape, K);
  const buf = allocateBuffers32(s);
  buf.get('X')!.set(X);
  buf.get('dY')!.set(dY);
  buf.get('bias')!.set(p32.bias);
  p32.cores.forEach((c, k) => buf.get(`core${k}`)!.set(c));
  runSteps32(s.forward, buf);
  runSteps32(s.backward, buf);
  const bitsEqual =
    sameBits(buf.get('Y')!, f32.Y) &&
    sameBits(buf.get('dX')!, b32.dX) &&
    b32.dCores.every((c, k) => sameBits(buf.get(`dcore${k}`)!, c)) &&
    sameBits(buf.get('dbias')!, b32.dBias);
  const worst = Math.max(err.Y, err.dX, err.dBias, err.dCoresMax);
  console.log(
    `fp32 ${layer}: max componentwise error ${worst.toExponential(2)} (normwise ${err.normwiseMax.toExponential(2)}) (tolerance ${FP32_TOLERANCE}), schedule bits equal: ${bitsEqual}, fp32 fwd ${tf32.toFixed(1)} ms, bwd ${tb32.toFixed(1)} ms, float64 fwd+bwd ${t64.toFixed(1)} ms`,
  );
  numerics.push({
    layer,
    rank: 10,
    K,
    relativeError: err,
    withinTolerance: worst <= FP32_TOLERANCE,
    scheduleBitsEqualDirect: bitsEqual,
    ms: { fp32Forward: tf32, fp32Backward: tb32, float64ForwardBackward: t64 },
  });
}

mkdirSync('out/bench', { recursive: true });
const result = {
  note: 'MACs and intermediate words per flow and stage; backward = 2 x contraction MACs + K N (bias); update = SGD, one MAC per parameter word. See docs/tt-math.md.',
  fp32Tolerance: FP32_TOLERANCE,
  costs,
  numerics,
};
writeFileSync('out/bench/tt-cost.json', JSON.stringify(result, null, 2));
console.log('wrote out/bench/tt-cost.json');
if (!numerics.every((x) => x.withinTolerance && x.scheduleBitsEqualDirect)) process.exitCode = 1;
