import assert from 'node:assert/strict';
import { uniformRanks } from '../../../designs/transformer/config.js';
import { initTTMEmbedding } from '../../../designs/tt/tt-params.js';
import { ttmRow64, ttmRowBackward64 } from '../../../designs/tt/ttm-embedding.js';
import { maxAbsDiff, randomArray, seededRng } from './helpers.js';

const shape = { rowShape: [3, 2, 2], colShape: [2, 3, 2], ranks: [1, 3, 2, 1] };

/** E[v, j] by the definition: chain product of G_k[:, v_k, j_k, :]. */
function entry(cores: Float64Array[], v: number[], j: number[]): number {
  let vec = [1];
  for (let k = 0; k < 3; k++) {
    const r0 = shape.ranks[k]!;
    const r1 = shape.ranks[k + 1]!;
    const V = shape.rowShape[k]!;
    const D = shape.colShape[k]!;
    const next = new Array<number>(r1).fill(0);
    for (let a = 0; a < r0; a++)
      for (let b = 0; b < r1; b++) next[b]! += vec[a]! * cores[k]![((a * V + v[k]!) * D + j[k]!) * r1 + b]!;
    vec = next;
  }
  return vec[0]!;
}

describe('designs/tt float64 TTM embedding', () => {
  it('row lookup matches the definition for every token and column', () => {
    const p = initTTMEmbedding(shape, seededRng(5));
    for (let t = 0; t < 12; t++) {
      const row = ttmRow64(p, t);
      const v = [Math.floor(t / 4), Math.floor(t / 2) % 2, t % 2];
      for (let c = 0; c < 12; c++) {
        const j = [Math.floor(c / 6), Math.floor(c / 2) % 3, c % 2];
        assert.ok(Math.abs(row[c]! - entry(p.cores, v, j)) < 1e-14, `token ${t} col ${c}`);
      }
    }
  });

  it('gradient touches only the selected slices and matches finite differences', () => {
    const rng = seededRng(9);
    const p = initTTMEmbedding(shape, rng);
    const token = 7;
    const dRow = randomArray(12, rng);
    const sparse = ttmRowBackward64(p, token, dRow);
    const dense = p.cores.map((c) => new Float64Array(c.length));
    for (const s of sparse) for (let i = 0; i < s.grad.length; i++) dense[s.core]![s.offset + i]! += s.grad[i]!;
    const f = () => {
      const r = ttmRow64(p, token);
      let s = 0;
      for (let i = 0; i < 12; i++) s += r[i]! * dRow[i]!;
      return s;
    };
    const h = 1e-6;
    p.cores.forEach((core, k) => {
      for (let i = 0; i < core.length; i++) {
        const v = core[i]!;
        core[i] = v + h;
        const up = f();
        core[i] = v - h;
        const down = f();
        core[i] = v;
        const num = (up - down) / (2 * h);
        assert.ok(Math.abs(num - dense[k]![i]!) < 1e-8, `core ${k} [${i}]: ${dense[k]![i]} vs ${num}`);
      }
    });
    // Number of runs: r_k per core, each D_k r_{k+1} long.
    assert.equal(sparse.length, 1 + 3 + 2);
  });

  it('the paper embedding shape: 800 rows of 768, row values are finite and of the requested scale', () => {
    const p = initTTMEmbedding(
      { rowShape: [5, 5, 4, 4, 2], colShape: [3, 4, 4, 4, 4], ranks: uniformRanks(5, 10) },
      seededRng(1),
    );
    const row = ttmRow64(p, 799);
    assert.equal(row.length, 768);
    const rms = Math.sqrt(row.reduce((a, b) => a + b * b, 0) / 768);
    assert.ok(rms > 0.3 && rms < 3, `rms ${rms}`);
    assert.ok(maxAbsDiff(row, ttmRow64(p, 799)) === 0);
    assert.throws(() => ttmRow64(p, 800), /outside/);
  });
});
