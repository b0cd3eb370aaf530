import assert from 'node:assert/strict';
import { paperConfig, tinyConfig } from '../../../designs/transformer/config.js';
import {
  ttBackward64,
  ttForward64,
  ttmRowBackwardFast64,
  ttmRowFast64,
} from '../../../designs/transformer/tt-fast64.js';
import { initTTLinear, initTTMEmbedding } from '../../../designs/tt/tt-params.js';
import { ttLinearBackward64, ttLinearForward64, ttmRow64, ttmRowBackward64 } from '../../../designs/tt/index.js';
import { Rng } from '../../../designs/transformer/rng.js';

const same = (got: Float64Array, want: Float64Array, what: string) => {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < got.length; i++)
    if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: ${got[i]} vs ${want[i]}`);
};

describe('transformer/tt-fast64', () => {
  // The paper's three TT layer shapes and the tiny one; K = 13 is the mean ATIS utterance (+CLS).
  const paper = paperConfig();
  const shapes = [
    ['attn', paper.attn],
    ['ffn1', paper.ffn1],
    ['ffn2', paper.ffn2],
    ['tiny', tinyConfig().attn],
  ] as const;
  for (const [name, shape] of shapes) {
    it(`TT layer ${name}: forward and backward bit-identical to designs/tt's float64 reference`, () => {
      const rng = new Rng(7);
      const u = () => rng.next();
      const p = initTTLinear(shape, u);
      p.bias.forEach((_, j) => {
        p.bias[j] = u() - 0.5;
      });
      for (const K of [1, 2, 13]) {
        const M = shape.inShape.reduce((a, b) => a * b, 1),
          N = shape.outShape.reduce((a, b) => a * b, 1);
        const X = Float64Array.from({ length: K * M }, () => u() - 0.5);
        const dY = Float64Array.from({ length: K * N }, () => u() - 0.5);
        const ref = ttLinearForward64(p, X, K),
          got = ttForward64(p, X, K);
        same(got.Y, ref.Y, 'Y');
        const rb = ttLinearBackward64(p, ref.cache, dY),
          gb = ttBackward64(p, got.cache, dY);
        same(gb.dX, rb.dX, 'dX');
        same(gb.dBias, rb.dBias, 'dBias');
        gb.dCores.forEach((c, k) => same(c, rb.dCores[k]!, `dCore${k}`));
      }
    });
  }

  it('TTM embedding rows and their slice gradients bit-identical to the reference (paper shape)', () => {
    const rng = new Rng(9);
    const u = () => rng.next();
    const p = initTTMEmbedding(paper.embedding, u);
    for (const token of [0, 1, 2, 57, 399, 799]) {
      same(ttmRowFast64(p, token), ttmRow64(p, token), `row ${token}`);
      const dRow = Float64Array.from({ length: 768 }, () => u() - 0.5);
      const want = ttmRowBackward64(p, token, dRow),
        got = ttmRowBackwardFast64(p, token, dRow);
      assert.equal(got.length, want.length);
      got.forEach((g, i) => {
        assert.equal(g.core, want[i]!.core);
        assert.equal(g.offset, want[i]!.offset);
        same(g.grad, want[i]!.grad, `slice grad ${i}`);
      });
    }
  });
});
