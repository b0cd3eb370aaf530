// Named model sizes for the CLI, benches and tests, and the fitting of a configuration to a data set's
// label tables. 'paper' is config.ts's paperConfig; 'small' keeps every structural feature at a size
// that trains on the synthetic set in seconds; 'tiny' is for gradient checks.
import { paperConfig, tinyConfig, ttLayer, uniformRanks, validateConfig, type TransformerConfig } from './config.js';

export const PRESETS = ['paper', 'small', 'tiny'] as const;

function smallConfig(layers: number, rank: number): TransformerConfig {
  const attn = ttLayer([4, 8], [8, 4], rank);
  return {
    vocab: 160,
    maxTokens: 32,
    dModel: 32,
    heads: 4,
    dFF: 64,
    layers,
    intents: 9,
    slots: 20,
    lnEps: 1e-12,
    embedding: { rowShape: [4, 5, 8], colShape: [2, 4, 4], ranks: uniformRanks(3, rank) },
    attn,
    ffn1: ttLayer([4, 8], [8, 8], rank),
    ffn2: ttLayer([8, 8], [8, 4], rank),
    intentPooler: attn,
    slotPooler: attn,
  };
}

export function presetConfig(name: string, opts: { layers?: number; rank?: number } = {}): TransformerConfig {
  const layers = opts.layers ?? 2;
  switch (name) {
    case 'paper':
      return paperConfig({ layers, rank: opts.rank ?? 10 });
    case 'small':
      return smallConfig(layers, opts.rank ?? 4);
    case 'tiny':
      return tinyConfig({ layers, rank: opts.rank ?? 3 });
    default:
      throw new Error(`unknown model preset '${name}' (${PRESETS.join(', ')})`);
  }
}

/** The configuration with the data set's numbers of intents and slot tags; checks the token table fits. */
export function fitToData(
  cfg: TransformerConfig,
  data: { tokens: number; intents: number; slots: number },
): TransformerConfig {
  if (data.tokens > cfg.vocab)
    throw new Error(`token table of ${data.tokens} entries exceeds the model's vocabulary of ${cfg.vocab}`);
  const fitted = { ...cfg, intents: data.intents, slots: data.slots };
  validateConfig(fitted);
  return fitted;
}
