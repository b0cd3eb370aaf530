// A corpus turned into model inputs: the token table (built from train, or given, e.g. from a
// checkpoint), the encoded splits and the index of tag 'O' for the slot F1.
import type { AtisCorpus } from './corpus.js';
import { buildTokenTable, encode, makeEncoder, type Example, type TokenTable } from './tokenizer.js';

export interface PreparedAtis {
  corpus: AtisCorpus;
  table: TokenTable;
  train: Example[];
  dev: Example[];
  test: Example[];
  oClass: number;
}

export function prepareAtis(
  corpus: AtisCorpus,
  opts: { maxEntries?: number; maxTokens?: number; tokens?: string[] } = {},
): PreparedAtis {
  const table = opts.tokens
    ? { tokens: opts.tokens, ids: new Map(opts.tokens.map((t, i) => [t, i])) }
    : buildTokenTable(corpus.train, opts.maxEntries ?? 800);
  const enc = makeEncoder(corpus, table, opts.maxTokens ?? 32);
  const oClass = corpus.slotLabels.indexOf('O');
  if (oClass < 0) throw new Error(`slot label table of ${corpus.source} has no 'O' tag`);
  return {
    corpus,
    table,
    oClass,
    train: corpus.train.map((u) => encode(enc, u)),
    dev: corpus.dev.map((u) => encode(enc, u)),
    test: corpus.test.map((u) => encode(enc, u)),
  };
}
