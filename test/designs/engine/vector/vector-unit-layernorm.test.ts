// The LayerNorm lanes (vector-lane-layernorm.ts) on the built-in simulator: layerNormFwd over rows of
// the values that decide it (zeros of both signs, subnormals, huge and tiny magnitudes, one value
// repeated: variance 0), lengths below, at and above the lane count and the ring's 64/L partials, and
// one 768-long row at 8 lanes; gamma and beta strided, y in place over x or in its own rows, xhat
// strided or transposed. Every word bit-exact with the interpreter, cycles equal to the model.
import assert from 'node:assert/strict';
import type { VectorInstruction, View } from '../../../../designs/engine/vector/isa.js';
import { instructionProblems } from '../../../../designs/engine/vector/validate.js';
import { Rng } from '../../../../designs/transformer/rng.js';
import { EDGE_VALUES } from './harness.js';
import { runProgram } from './unit-runner.js';

const f = Math.fround;

function layerNormProgram(
  op: 'layerNormFwd' | 'layerNormBwd',
  lanes: number,
  seed: number,
  lengths: readonly number[],
  words: number,
): { program: VectorInstruction[]; image: Float32Array } {
  const rng = new Rng(seed);
  const image = new Float32Array(words).fill(f(-7.25));
  const pools: readonly (readonly number[])[] = [
    [0, -0],
    [-0],
    [f(1.4e-45), 0, -0, f(5.9e-39), f(-1.1e-38)],
    [f(3.4028235e38), f(-3.4028235e38), f(1e30)],
    [f(1e-30), f(-1e-30), 0],
    [f(2.5)],
    [...EDGE_VALUES.filter((x) => !Number.isNaN(x))],
    Array.from({ length: 32 }, () => f(rng.normal() * 4)),
  ];
  const moderate = pools.at(-1)!;
  let next = 0;
  const take = (size: number) => {
    const at = next;
    next += size + 1 + rng.int(2);
    return at;
  };
  const fill = (v: View, rows: number, cols: number, pool: readonly number[]) => {
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) image[v.off + i * v.row + j * v.col] = pool[rng.int(pool.length)]!;
  };
  const kTop = words - 4 * lengths.length;
  const program = lengths.map((n, idx): VectorInstruction => {
    const m = n > 100 ? 1 : 1 + rng.int(3);
    const block = (transposed: boolean): View => {
      const col = transposed ? m + rng.int(2) : 1;
      const row = transposed ? 1 : n + rng.int(3);
      const size = transposed ? (n - 1) * col + m : (m - 1) * row + n;
      return { off: take(size), row, col };
    };
    const a = block(rng.int(2) === 0);
    for (let i = 0; i < m; i++) {
      const pool = n > 100 ? moderate : pools[rng.int(pools.length)]!;
      fill({ ...a, off: a.off + i * a.row }, 1, n, pool);
    }
    const vec = (): View => {
      const col = n > 100 ? 1 : 1 + rng.int(2);
      const v = { off: take((n - 1) * col + 1), row: 0, col };
      fill(v, 1, n, rng.int(3) === 0 ? pools[rng.int(pools.length)]! : moderate);
      return v;
    };
    const k = kTop + 4 * idx;
    image[k] = f(1 / n);
    image[k + 1] = rng.int(4) === 0 ? pools[rng.int(pools.length)]![0]! : f(1e-5);
    const col = (): View => {
      const v = { off: take(m * 2), row: 1 + rng.int(2), col: 0 };
      fill(v, m, 1, rng.int(3) === 0 ? pools[rng.int(pools.length)]! : moderate);
      return v;
    };
    if (op === 'layerNormBwd') {
      // dy (a), xhat (b: moderate, or the deciding values), rstd (c), gamma (d); dx (y) in place over dy,
      // over xhat or its own; dGamma (z) and dBeta (w) accumulate onto what they hold.
      const b = block(rng.int(2) === 0);
      for (let i = 0; i < m; i++)
        fill(
          { ...b, off: b.off + i * b.row },
          1,
          n,
          n > 100 || rng.int(2) === 0 ? moderate : pools[rng.int(pools.length)]!,
        );
      const c = col(),
        d = vec(),
        z = vec(),
        w = vec();
      const y = [a, b, block(false)][n > 100 ? 0 : rng.int(3)]!;
      const ins: VectorInstruction = { op, m, n, a, b, c, d, y, z, w, k };
      assert.deepEqual(instructionProblems(ins, { memWords: words, banks: 17, lanes }), []);
      return ins;
    }
    const b = vec(),
      c = vec();
    const y = n > 100 || rng.int(2) === 0 ? a : block(false);
    const z = block(rng.int(2) === 0);
    const w = { off: take(m * 2), row: 1 + rng.int(2), col: 0 };
    const ins: VectorInstruction = { op, m, n, a, b, c, y, z, w, k };
    assert.deepEqual(instructionProblems(ins, { memWords: words, banks: 17, lanes }), []);
    return ins;
  });
  assert.ok(next < kTop, `layout needs ${next} words`);
  return { program, image };
}

describe('engine/vector VectorUnit hardware: LayerNorm lanes', function () {
  this.timeout(600_000);
  for (const op of ['layerNormFwd', 'layerNormBwd'] as const)
    for (const lanes of [1, 8])
      it(`${lanes} lane${lanes > 1 ? 's' : ''}, built-in simulator, layernorm lanes only: ${op} over edge rows, 1..40${lanes === 8 ? ' and 768' : ''} long`, async () => {
        const cfg = { lanes, families: ['layernorm'] as const };
        const P = 64 / lanes;
        const lengths =
          lanes === 8
            ? [768, 1, 7, 8, 9, 26]
            : [...new Set([1, lanes - 1 || 2, lanes, lanes + 1, 3 * lanes + 2, P - 1, P, P + 1, 40])];
        const { program, image } = layerNormProgram(op, lanes, 11, lengths, lanes === 8 ? 8192 : 4096);
        await runProgram('builtin', cfg, program, image, 20);
      });
});
