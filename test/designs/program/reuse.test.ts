// Lifetime reuse of the program's memory (reuse.ts): regions live at the same time never share a word,
// the persistent block keeps every address, no shared region is read before the sample writes it, and
// an operand that runs across two regions is refused. (training.test.ts runs the reused programs
// against the FP32 trainer over consecutive samples.)
import assert from 'node:assert/strict';
import { accessesOf } from '../../../designs/program/accesses.js';
import { compileTrainingStep } from '../../../designs/program/compile-model.js';
import { MemoryLayout } from '../../../designs/program/layout.js';
import { liveRanges, reuseMemory } from '../../../designs/program/reuse.js';
import { presetConfig } from '../../../designs/transformer/presets.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { randomSample } from './model-trace.js';

describe('program/reuse: lifetime reuse of the memory layout', () => {
  for (const [preset, layers, T, opt] of [
    ['tiny', 3, 8, 'sgd'],
    ['small', 2, 32, 'adam'],
    ['small', 1, 1, 'adam'],
  ] as const) {
    it(`${preset}, ${layers} layer(s), length ${T}, ${opt}: live regions disjoint, persistent block unchanged, smaller image`, () => {
      const cfg = presetConfig(preset, { layers });
      const s = randomSample(new Rng(T), cfg.vocab, cfg.intents, cfg.slots, T);
      const plain = compileTrainingStep(cfg, s.tokens, opt, { reuse: false });
      const reused = compileTrainingStep(cfg, s.tokens, opt);
      const P = plain.persistentWords;
      assert.equal(reused.persistentWords, P);
      for (const r of plain.layout.regions.filter((x) => x.base < P))
        assert.deepEqual(reused.layout.region(r.name), r, r.name);
      const live = reused.live!;
      const shared = reused.layout.regions.filter((r) => r.base >= P);
      assert.equal(live.size, shared.length);
      for (let i = 0; i < shared.length; i++)
        for (let j = i + 1; j < shared.length; j++) {
          const a = shared[i]!,
            b = shared[j]!;
          const la = live.get(a.name)!,
            lb = live.get(b.name)!;
          const together = la.first <= lb.last && lb.first <= la.last;
          const meet = a.base < b.base + b.words && b.base < a.base + a.words;
          assert.ok(!(together && meet), `${a.name} and ${b.name} are live together and share words`);
        }
      assert.ok(reused.layout.words < plain.layout.words, `${reused.layout.words} >= ${plain.layout.words}`);
      // Same instructions, only the shared regions' addresses moved.
      assert.equal(reused.program.length, plain.program.length);
      assert.deepEqual(
        reused.program.map((x) => x.label),
        plain.program.map((x) => x.label),
      );
    });
  }

  it('no shared region is read before the sample writes it (labels are the host part)', () => {
    const cfg = presetConfig('small', { layers: 2 });
    const s = randomSample(new Rng(5), cfg.vocab, cfg.intents, cfg.slots, 9);
    const c = compileTrainingStep(cfg, s.tokens, 'adam', { reuse: false });
    const live = liveRanges(c.layout, c.program);
    const bad: string[] = [];
    for (const r of c.layout.regions) {
      if (r.base < c.persistentWords || r.role === 'host') continue;
      const first = live.get(r.name);
      if (!first) continue;
      const ins = c.program[first.first]!;
      const touch = accessesOf(ins).filter((a) => a.lo >= r.base && a.hi < r.base + r.words);
      if (!touch.some((a) => a.write) || touch.some((a) => a.read && !a.write))
        bad.push(`${r.name} first touched by '${ins.label}' as ${touch.map((a) => a.field).join(',')}`);
    }
    assert.deepEqual(bad, []);
  });

  it('refuses an operand that runs across two regions', () => {
    const L = new MemoryLayout();
    L.alloc('x', 4, 'activation');
    L.alloc('y', 4, 'activation');
    const program = [{ op: 'copy' as const, m: 1, n: 6, a: { off: 0, row: 0, col: 1 }, y: { off: 0, row: 0, col: 1 } }];
    assert.throws(
      () => reuseMemory(L, program, 0),
      /instruction 0 'copy': operand a \(0\.\.5\) is not inside one region/,
    );
  });
});
