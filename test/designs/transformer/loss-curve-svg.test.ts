import assert from 'node:assert/strict';
import { lossCurveSvg, ticks } from '../../../designs/transformer/loss-curve-svg.js';

describe('transformer/loss-curve-svg', () => {
  it('ticks are round numbers covering the range', () => {
    assert.deepEqual(ticks(0, 10), [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(ticks(0, 0.33), [0, 0.1, 0.2, 0.3]);
  });

  it('plots one point per curve entry, the highest loss at the top, and escapes the title', () => {
    const svg = lossCurveSvg(
      [
        { step: 100, loss: 4 },
        { step: 200, loss: 1 },
        { step: 300, loss: 0.5 },
      ],
      { title: 'a < b', epochEnds: [300] },
    );
    const pts = /<polyline points="([^"]+)"/
      .exec(svg)![1]!
      .split(' ')
      .map((p) => p.split(',').map(Number));
    assert.equal(pts.length, 3);
    assert.ok(pts[0]![1]! < pts[1]![1]! && pts[1]![1]! < pts[2]![1]!, 'y grows downwards as loss falls');
    assert.ok(pts[0]![0]! < pts[2]![0]!);
    assert.match(svg, /a &lt; b/);
    assert.match(svg, /stroke-dasharray/);
  });
});
