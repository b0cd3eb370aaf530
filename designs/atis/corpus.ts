// ATIS in memory: utterances as words, one BIO slot tag per word, one intent each, plus the label
// tables. Both the file loader and the synthetic generator produce this shape.

export interface Utterance {
  words: string[];
  tags: string[];
  intent: string;
}

export interface AtisCorpus {
  /** Where it came from: a directory, or 'synthetic(seed=..)'. */
  source: string;
  train: Utterance[];
  dev: Utterance[];
  test: Utterance[];
  /** Intent names; index 0 is UNK (for intents absent from the table). */
  intentLabels: string[];
  /** Slot tag names; index 0 is UNK, 'O' is present. PAD is not a class: padding is never scored. */
  slotLabels: string[];
}

export const UNK_LABEL = 'UNK';
