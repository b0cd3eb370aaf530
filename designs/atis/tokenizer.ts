// The token table and the encoding of an utterance into model inputs. Table layout: PAD, UNK, CLS, then
// the training words by descending frequency (ties alphabetical) until the table holds `maxEntries`.
// An encoded utterance is [CLS, w1, ..., w_{maxTokens-1}]: longer utterances are truncated.
import type { AtisCorpus, Utterance } from './corpus.js';

export const PAD_TOKEN = '[PAD]';
export const UNK_TOKEN = '[UNK]';
export const CLS_TOKEN = '[CLS]';
export const PAD_ID = 0;
export const UNK_ID = 1;
export const CLS_ID = 2;
/** Slot target of a position that is not scored (the CLS token). */
export const IGNORE_SLOT = -1;

export interface TokenTable {
  /** id -> token. */
  tokens: string[];
  /** token -> id. */
  ids: Map<string, number>;
}

export function buildTokenTable(utterances: readonly Utterance[], maxEntries = 800): TokenTable {
  if (maxEntries < 4) throw new Error(`token table needs at least 4 entries, got ${maxEntries}`);
  const counts = new Map<string, number>();
  for (const u of utterances) for (const w of u.words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const tokens = [PAD_TOKEN, UNK_TOKEN, CLS_TOKEN, ...ranked.slice(0, maxEntries - 3).map(([w]) => w)];
  return { tokens, ids: new Map(tokens.map((t, i) => [t, i])) };
}

/** One model input: token ids, a slot class per position (IGNORE_SLOT at 0) and the intent class. */
export interface Example {
  tokens: Int32Array;
  slots: Int32Array;
  intent: number;
}

export interface Encoder {
  table: TokenTable;
  maxTokens: number;
  intentIndex: Map<string, number>;
  slotIndex: Map<string, number>;
}

export function makeEncoder(corpus: AtisCorpus, table: TokenTable, maxTokens = 32): Encoder {
  return {
    table,
    maxTokens,
    intentIndex: new Map(corpus.intentLabels.map((n, i) => [n, i])),
    slotIndex: new Map(corpus.slotLabels.map((n, i) => [n, i])),
  };
}

/** Unknown words, intents and tags map to UNK (index 1 for words, 0 for labels). */
export function encode(enc: Encoder, u: Utterance): Example {
  const n = Math.min(u.words.length, enc.maxTokens - 1) + 1;
  const tokens = new Int32Array(n);
  const slots = new Int32Array(n);
  tokens[0] = CLS_ID;
  slots[0] = IGNORE_SLOT;
  for (let i = 1; i < n; i++) {
    tokens[i] = enc.table.ids.get(u.words[i - 1]!) ?? UNK_ID;
    slots[i] = enc.slotIndex.get(u.tags[i - 1]!) ?? 0;
  }
  return { tokens, slots, intent: enc.intentIndex.get(u.intent) ?? 0 };
}
