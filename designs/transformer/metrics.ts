// Evaluation metrics: intent accuracy, slot accuracy over scored word positions, and slot F1 over the
// non-O tags (token level, micro-averaged: a position counts as a true positive when the gold tag is
// not O and the prediction equals it; precision over predicted non-O, recall over gold non-O). When the
// slot label names are given, also the span-level F1 of conlleval (the figure ATIS papers report): a
// span is a maximal run B-X I-X ... (an I-X that does not continue X also opens one), and counts only
// when type, start and end all match.

export interface EvalCounts {
  sentences: number;
  intentCorrect: number;
  slotPositions: number;
  slotCorrect: number;
  /** Non-O: predicted, gold, and both equal. */
  predPositive: number;
  goldPositive: number;
  truePositive: number;
  /** Sentences whose intent and every slot are right. */
  exact: number;
  lossSum: number;
  spanPred: number;
  spanGold: number;
  spanCorrect: number;
}

export interface EvalMetrics {
  sentences: number;
  loss: number;
  intentAccuracy: number;
  slotAccuracy: number;
  slotF1: number;
  slotPrecision: number;
  slotRecall: number;
  exactMatch: number;
  /** conlleval span F1 (0 when no label names were given). */
  slotSpanF1: number;
}

export const emptyCounts = (): EvalCounts => ({
  sentences: 0,
  intentCorrect: 0,
  slotPositions: 0,
  slotCorrect: 0,
  predPositive: 0,
  goldPositive: 0,
  truePositive: 0,
  exact: 0,
  lossSum: 0,
  spanPred: 0,
  spanGold: 0,
  spanCorrect: 0,
});

/** Spans "type:start:end" of a tag sequence (positions with class < 0 are skipped as outside). */
export function slotSpans(classes: ArrayLike<number>, labels: readonly string[]): Set<string> {
  const out = new Set<string>();
  let type = '',
    start = -1;
  const close = (end: number) => {
    if (start >= 0) out.add(`${type}:${start}:${end}`);
    start = -1;
    type = '';
  };
  for (let t = 0; t < classes.length; t++) {
    const c = classes[t]!;
    const name = c >= 0 ? (labels[c] ?? 'O') : 'O';
    const m = /^([BI])-(.+)$/.exec(name);
    if (!m) {
      close(t - 1);
      continue;
    }
    if (m[1] === 'B' || m[2] !== type) {
      close(t - 1);
      type = m[2]!;
      start = t;
    }
  }
  close(classes.length - 1);
  return out;
}

/** Adds one sentence. `oClass` is the index of tag 'O'; gold slots < 0 are not scored. */
export function addSentence(
  c: EvalCounts,
  oClass: number,
  gold: { intent: number; slots: Int32Array },
  pred: { intentPred: number; slotPred: Int32Array; loss: number },
  slotLabels?: readonly string[],
): void {
  c.sentences++;
  c.lossSum += pred.loss;
  const intentOk = gold.intent === pred.intentPred;
  if (intentOk) c.intentCorrect++;
  let allSlots = true;
  for (let t = 0; t < gold.slots.length; t++) {
    const g = gold.slots[t]!;
    if (g < 0) continue;
    const p = pred.slotPred[t]!;
    c.slotPositions++;
    if (p === g) c.slotCorrect++;
    else allSlots = false;
    if (p !== oClass) c.predPositive++;
    if (g !== oClass) c.goldPositive++;
    if (g !== oClass && p === g) c.truePositive++;
  }
  if (intentOk && allSlots) c.exact++;
  if (slotLabels) {
    // Only scored positions take part in spans.
    const predScored = Int32Array.from(pred.slotPred, (p, t) => (gold.slots[t]! < 0 ? -1 : p));
    const g = slotSpans(gold.slots, slotLabels),
      p = slotSpans(predScored, slotLabels);
    c.spanGold += g.size;
    c.spanPred += p.size;
    for (const x of p) if (g.has(x)) c.spanCorrect++;
  }
}

export function finishMetrics(c: EvalCounts): EvalMetrics {
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const precision = div(c.truePositive, c.predPositive);
  const recall = div(c.truePositive, c.goldPositive);
  return {
    sentences: c.sentences,
    loss: div(c.lossSum, c.sentences),
    intentAccuracy: div(c.intentCorrect, c.sentences),
    slotAccuracy: div(c.slotCorrect, c.slotPositions),
    slotF1: div(2 * precision * recall, precision + recall),
    slotPrecision: precision,
    slotRecall: recall,
    exactMatch: div(c.exact, c.sentences),
    slotSpanF1: div(2 * c.spanCorrect, c.spanPred + c.spanGold),
  };
}
