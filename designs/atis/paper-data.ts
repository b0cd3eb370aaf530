// The ATIS data a bench or verify script trains a model on: the corpus from TTFORGE_ATIS_DIR (or the
// shared data set beside the checkout), the synthetic ATIS-like set when that is 'synthetic' or absent,
// and a model configuration fitted to the corpus (token table, intent and slot counts).
import { existsSync } from 'node:fs';
import type { TransformerConfig } from '../transformer/config.js';
import { fitToData } from '../transformer/presets.js';
import type { AtisCorpus } from './corpus.js';
import { type PreparedAtis, prepareAtis } from './dataset.js';
import { defaultAtisDir, loadAtis } from './load.js';
import { syntheticAtis } from './synthetic.js';

/** The corpus named by `TTFORGE_ATIS_DIR` and where it came from (a folder, or 'synthetic'). */
export function atisCorpusFromEnv(repo: string, env = process.env): { source: string; corpus: AtisCorpus } {
  const dir = env.TTFORGE_ATIS_DIR === 'synthetic' ? undefined : (env.TTFORGE_ATIS_DIR ?? defaultAtisDir(repo));
  if (dir && existsSync(dir)) return { source: dir, corpus: loadAtis(dir) };
  return { source: 'synthetic', corpus: syntheticAtis({ seed: 1 }) };
}

/** The corpus prepared for `base` (its vocabulary and maximum length) and `base` fitted to the corpus. */
export function fitModelToAtis(
  base: TransformerConfig,
  corpus: AtisCorpus,
): { data: PreparedAtis; cfg: TransformerConfig } {
  const data = prepareAtis(corpus, { maxEntries: base.vocab, maxTokens: base.maxTokens });
  const cfg = fitToData(base, {
    tokens: data.table.tokens.length,
    intents: corpus.intentLabels.length,
    slots: corpus.slotLabels.length,
  });
  return { data, cfg };
}
