import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ttLayer } from '../../../designs/transformer/config.js';
import { initTTLinear, ttLinearTo32, ttLinearTo64 } from '../../../designs/tt/tt-params.js';
import { ttLinearBackward32, ttLinearForward32 } from '../../../designs/tt/tt-linear.js';
import { ttLinearBackward64, ttLinearForward64 } from '../../../designs/tt/tt-linear.js';
import {
  componentwiseError,
  FP32_TOLERANCE,
  relativeError,
  ttLinearMagnitudes,
} from '../../../designs/tt/fp32-tolerance.js';
import { arbTTShape, randomArray32, seededRng } from './helpers.js';

describe('designs/tt FP32 hardware-order model vs float64', () => {
  it('every output stays within the documented tolerance of float64 on the same binary32 inputs (property)', () => {
    fc.assert(
      fc.property(arbTTShape, fc.integer({ min: 1, max: 4 }), fc.integer(), (shape, K, seed) => {
        const rng = seededRng(seed);
        const p32 = ttLinearTo32(initTTLinear(shape, rng, 1));
        const p64 = ttLinearTo64(p32);
        const M = shape.inShape.reduce((a, b) => a * b, 1);
        const N = shape.outShape.reduce((a, b) => a * b, 1);
        const X = randomArray32(K * M, rng);
        const dY = randomArray32(K * N, rng);
        const f64 = ttLinearForward64(p64, X, K);
        const f32 = ttLinearForward32(p32, Float32Array.from(X), K);
        const g64 = ttLinearBackward64(p64, f64.cache, dY);
        const g32 = ttLinearBackward32(p32, f32.cache, Float32Array.from(dY));
        const mag = ttLinearMagnitudes(p64, X, K, dY);
        type Triple = [string, ArrayLike<number>, ArrayLike<number>, ArrayLike<number>];
        const triples: Triple[] = [
          ['Y', f32.Y, f64.Y, mag.Y],
          ['dX', g32.dX, g64.dX, mag.dX],
          ['dBias', g32.dBias, g64.dBias, mag.dBias],
          ...g32.dCores.map((c, k): Triple => [`dCore${k}`, c, g64.dCores[k]!, mag.dCores[k]!]),
        ];
        for (const [name, a, b, m] of triples) {
          const e = componentwiseError(a, b, m);
          assert.ok(e <= FP32_TOLERANCE, `${name}: componentwise error ${e} > ${FP32_TOLERANCE}`);
        }
      }),
      { numRuns: 300, seed: 17 },
    );
  });

  it('the FP32 result is not simply the float64 result rounded (it really rounds every step)', () => {
    const shape = ttLayer([4, 4, 4], [4, 4, 4], 4);
    const rng = seededRng(2);
    const p32 = ttLinearTo32(initTTLinear(shape, rng, 1));
    const X = randomArray32(4 * 64, rng);
    const y32 = ttLinearForward32(p32, Float32Array.from(X), 4).Y;
    const y64 = Float32Array.from(ttLinearForward64(ttLinearTo64(p32), X, 4).Y);
    let differ = 0;
    for (let i = 0; i < y32.length; i++) if (y32[i] !== y64[i]) differ++;
    assert.ok(differ > 0, 'expected some elements to differ from round(float64)');
    assert.ok(relativeError(y32, y64) < 1e-5);
  });

  it('the componentwise measure catches a wrong result that the tolerance would not hide', () => {
    const shape = ttLayer([2, 3], [3, 2], 2);
    const rng = seededRng(8);
    const p32 = ttLinearTo32(initTTLinear(shape, rng, 1));
    const p64 = ttLinearTo64(p32);
    const X = randomArray32(2 * 6, rng);
    const y64 = ttLinearForward64(p64, X, 2).Y;
    const y32 = ttLinearForward32(p32, Float32Array.from(X), 2).Y;
    const mag = ttLinearMagnitudes(p64, X, 2, new Float64Array(2 * 6));
    assert.ok(componentwiseError(y32, y64, mag.Y) <= FP32_TOLERANCE);
    y32[3] = Math.fround(y32[3]! * (1 + 1e-4)) + 1e-4 * mag.Y[3]!;
    assert.ok(componentwiseError(y32, y64, mag.Y) > FP32_TOLERANCE);
  });
});
