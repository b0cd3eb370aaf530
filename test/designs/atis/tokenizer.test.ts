import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AtisCorpus, Utterance } from '../../../designs/atis/corpus.js';
import {
  buildTokenTable,
  CLS_ID,
  encode,
  IGNORE_SLOT,
  makeEncoder,
  PAD_ID,
  UNK_ID,
} from '../../../designs/atis/tokenizer.js';

const u = (s: string, intent = 'atis_flight'): Utterance => {
  const words = s.split(' ');
  return { words, tags: words.map((w) => (w === 'boston' ? 'B-toloc.city_name' : 'O')), intent };
};

const corpus = (train: Utterance[]): AtisCorpus => ({
  source: 'test',
  train,
  dev: [],
  test: [],
  intentLabels: ['UNK', 'atis_flight'],
  slotLabels: ['UNK', 'O', 'B-toloc.city_name'],
});

describe('atis/tokenizer', () => {
  it('puts PAD, UNK, CLS first, then words by frequency with alphabetical ties, capped', () => {
    const t = buildTokenTable([u('to boston to denver'), u('to boston from dallas')], 6);
    assert.deepEqual(t.tokens, ['[PAD]', '[UNK]', '[CLS]', 'to', 'boston', 'dallas']);
    assert.equal(t.ids.get('[PAD]'), PAD_ID);
    assert.equal(t.ids.get('boston'), 4);
  });

  it('encodes [CLS] + words, unknown words to UNK, slot target ignored at position 0, unknown labels to UNK', () => {
    const c = corpus([u('to boston')]);
    const enc = makeEncoder(c, buildTokenTable(c.train), 32);
    const ex = encode(enc, {
      words: ['to', 'paris', 'boston'],
      tags: ['O', 'B-weird', 'B-toloc.city_name'],
      intent: 'atis_nope',
    });
    assert.deepEqual([...ex.tokens], [CLS_ID, 4, UNK_ID, 3]); // table: boston 3, to 4 (tie, alphabetical)
    assert.deepEqual([...ex.slots], [IGNORE_SLOT, 1, 0, 2]);
    assert.equal(ex.intent, 0);
  });

  it('truncates to maxTokens and keeps tokens inside the table (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('to', 'boston', 'x', 'y', 'z'), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 2, max: 40 }),
        (words, maxTokens) => {
          const c = corpus([u('to boston x')]);
          const enc = makeEncoder(c, buildTokenTable(c.train, 5), maxTokens);
          // Equal counts: alphabetical, so the table is [PAD, UNK, CLS, boston, to] and 'x' did not fit.
          assert.deepEqual(enc.table.tokens.slice(3), ['boston', 'to']);
          const ex = encode(enc, { words, tags: words.map(() => 'O'), intent: 'atis_flight' });
          assert.equal(ex.tokens.length, Math.min(words.length, maxTokens - 1) + 1);
          assert.equal(ex.slots.length, ex.tokens.length);
          for (const t of ex.tokens) assert.ok(t >= 0 && t < 5);
          for (let i = 1; i < ex.tokens.length; i++)
            assert.equal(ex.tokens[i], words[i - 1] === 'boston' ? 3 : words[i - 1] === 'to' ? 4 : UNK_ID);
        },
      ),
      { numRuns: 200 },
    );
  });
});
