import assert from 'node:assert/strict';
import { prepareAtis } from '../../../designs/atis/dataset.js';
import { syntheticAtis } from '../../../designs/atis/synthetic.js';

describe('atis/synthetic', () => {
  it('is deterministic for a seed and different across seeds', () => {
    assert.deepEqual(syntheticAtis({ seed: 3, train: 50 }), syntheticAtis({ seed: 3, train: 50 }));
    assert.notDeepEqual(syntheticAtis({ seed: 3, train: 50 }).train, syntheticAtis({ seed: 4, train: 50 }).train);
  });

  it('produces aligned BIO tags and labels that are all in its tables', () => {
    const c = syntheticAtis({ train: 300 });
    for (const u of [...c.train, ...c.dev, ...c.test]) {
      assert.equal(u.words.length, u.tags.length);
      assert.ok(c.intentLabels.includes(u.intent), u.intent);
      u.tags.forEach((t, i) => {
        assert.ok(c.slotLabels.includes(t), t);
        if (t.startsWith('I-')) assert.ok(u.tags[i - 1]!.slice(2) === t.slice(2), `I- after ${u.tags[i - 1]}`);
      });
    }
    assert.equal(c.intentLabels[0], 'UNK');
    assert.equal(c.slotLabels[0], 'UNK');
  });

  it('encodes without UNK words or labels on its own train split', () => {
    const p = prepareAtis(syntheticAtis({ train: 300 }));
    for (const ex of p.train) {
      assert.ok(ex.intent > 0);
      for (let i = 1; i < ex.tokens.length; i++) {
        assert.ok(ex.tokens[i]! > 2);
        assert.ok(ex.slots[i]! > 0);
      }
    }
    assert.ok(p.table.tokens.length <= 800);
  });
});
