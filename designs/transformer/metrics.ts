// Evaluation metrics: intent accuracy, slot accuracy over scored word positions, and slot F1 over the
// non-O tags (token level, micro-averaged: a position counts as a true positive when the gold tag is
// not O and the prediction equals it; precision over predicted non-O, recall over gold non-O).

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
}

export const emptyCounts = (): EvalCounts => ({
  sentences: 0, intentCorrect: 0, slotPositions: 0, slotCorrect: 0, predPositive: 0, goldPositive: 0, truePositive: 0, exact: 0, lossSum: 0,
});

/** Adds one sentence. `oClass` is the index of tag 'O'; gold slots < 0 are not scored. */
export function addSentence(c: EvalCounts, oClass: number, gold: { intent: number; slots: Int32Array }, pred: { intentPred: number; slotPred: Int32Array; loss: number }): void {
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
    if (p === g) c.slotCorrect++; else allSlots = false;
    if (p !== oClass) c.predPositive++;
    if (g !== oClass) c.goldPositive++;
    if (g !== oClass && p === g) c.truePositive++;
  }
  if (intentOk && allSlots) c.exact++;
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
  };
}
