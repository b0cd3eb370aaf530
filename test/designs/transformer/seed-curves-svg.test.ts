import assert from 'node:assert/strict';
import { seedCurvesSvg } from '../../../designs/transformer/seed-curves-svg.js';

describe('transformer/seed-curves-svg (the ATIS bench over seeds)', () => {
  const run = (label: string, base: number) => ({
    label,
    epochs: [1, 2, 3].map((epoch) => ({
      epoch,
      trainLoss: 2 / epoch,
      devIntent: base + 0.01 * epoch,
      testIntent: base + 0.005 * epoch,
    })),
  });

  it('draws, per seed, a loss line and solid dev / dashed test accuracy lines in its own colour', () => {
    const svg = seedCurvesSvg([run('seed 1', 0.9), run('seed 2', 0.92), run('seed <3>', 0.91)], 'x', 0.94);
    const lines = [...svg.matchAll(/<polyline points="([^"]+)" fill="none" stroke="(#[0-9a-f]+)"([^/]*)\/>/g)];
    assert.equal(lines.length, 9);
    for (let s = 0; s < 3; s++) {
      const [loss, dev, test] = lines.slice(3 * s, 3 * s + 3);
      assert.equal(new Set([loss![2], dev![2], test![2]]).size, 1, 'one colour per seed');
      assert.doesNotMatch(dev![3]!, /dasharray/);
      assert.match(test![3]!, /dasharray/);
      const ys = (m: RegExpMatchArray) => m[1]!.split(' ').map((p) => Number(p.split(',')[1]));
      const lossY = ys(loss!);
      assert.ok(lossY[0]! < lossY[2]!, 'falling loss goes down the panel');
      const devY = ys(dev!);
      assert.ok(devY[0]! > devY[2]!, 'rising accuracy goes up the panel');
      assert.equal(lossY.length, 3);
    }
    assert.notEqual(lines[0]![2], lines[3]![2], 'seeds differ in colour');
    assert.match(svg, /seed &lt;3&gt;/);
    assert.match(svg, /target 94%/);
  });
});
