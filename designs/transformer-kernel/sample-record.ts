// The per-sample records the transformer training kernel (issue #16) reads and writes over AXI: the
// only data that crosses the bus per sample. Fixed strides of 32-bit words, so the kernel finds sample
// s at base + s * stride with one multiply and the host writes a whole batch as one buffer.
//
//   input  (2 + 2 maxTokens words): length T, intent label, token ids [maxTokens], slot labels [maxTokens]
//   output (3 + maxTokens words):   status, loss (FP32 bits), intent prediction, slot predictions [maxTokens]
//
// Positions at and past T are padding (0 in, -1 out); slot label -1 marks an unscored position (the
// classification token at position 0). The kernel checks every input record before it touches the
// parameters; a record that fails gets its status code, loss +0, predictions -1, and is skipped. The
// checks here are the reference: the hardware's status must equal `checkInputRecord`'s.
import type { TransformerConfig } from '../transformer/config.js';
import type { Sample } from '../transformer/model.js';

export const inputStride = (maxTokens: number): number => 2 + 2 * maxTokens;
export const outputStride = (maxTokens: number): number => 3 + maxTokens;

/** Status of one sample, the output record's first word. */
export const SampleStatus = {
  ok: 0,
  lengthZero: 1,
  lengthTooLong: 2,
  tokenOutOfTable: 3,
  intentOutOfTable: 4,
  slotOutOfTable: 5,
} as const;
export type SampleStatusCode = (typeof SampleStatus)[keyof typeof SampleStatus];

export type RecordShape = Pick<TransformerConfig, 'vocab' | 'maxTokens' | 'intents' | 'slots'>;

export interface RecordCheck {
  status: SampleStatusCode;
  /** What is wrong, for the driver's and the CLI's report; '' when ok. */
  reason: string;
}

/** Encodes samples as consecutive input records (throws on a sample that cannot be encoded at all). */
export function encodeInputRecords(shape: RecordShape, samples: readonly Sample[]): Uint32Array {
  const stride = inputStride(shape.maxTokens);
  const out = new Uint32Array(stride * samples.length);
  samples.forEach((s, i) => {
    const T = s.tokens.length;
    if (s.slots.length !== T) throw new RangeError(`sample ${i}: ${T} tokens but ${s.slots.length} slot labels`);
    if (T > shape.maxTokens)
      throw new RangeError(`sample ${i}: ${T} tokens do not fit a record of ${shape.maxTokens} positions`);
    const base = i * stride;
    out[base] = T;
    out[base + 1] = s.intent >>> 0;
    for (let t = 0; t < T; t++) {
      out[base + 2 + t] = s.tokens[t]! >>> 0;
      out[base + 2 + shape.maxTokens + t] = s.slots[t]! >>> 0;
    }
  });
  return out;
}

/** The check the kernel makes on input record `index` of `words`, in this order (first failure wins). */
export function checkInputRecord(shape: RecordShape, words: Uint32Array, index: number): RecordCheck {
  const base = index * inputStride(shape.maxTokens);
  const T = words[base]!;
  const bad = (status: SampleStatusCode, reason: string): RecordCheck => ({ status, reason });
  if (T === 0) return bad(SampleStatus.lengthZero, 'length 0');
  if (T > shape.maxTokens) return bad(SampleStatus.lengthTooLong, `length ${T} > ${shape.maxTokens}`);
  for (let t = 0; t < T; t++) {
    const tok = words[base + 2 + t]!;
    if (tok >= shape.vocab)
      return bad(SampleStatus.tokenOutOfTable, `token ${t} is id ${tok}, table has ${shape.vocab}`);
  }
  const intent = words[base + 1]!;
  if (intent >= shape.intents)
    return bad(SampleStatus.intentOutOfTable, `intent label ${intent | 0} outside 0..${shape.intents - 1}`);
  for (let t = 0; t < T; t++) {
    const slot = words[base + 2 + shape.maxTokens + t]! | 0;
    if (slot < -1 || slot >= shape.slots)
      return bad(SampleStatus.slotOutOfTable, `slot label ${t} is ${slot}, outside -1..${shape.slots - 1}`);
  }
  return { status: SampleStatus.ok, reason: '' };
}

/** The sample an ok input record holds (the driver's view of what the kernel trained on). */
export function decodeInputRecord(shape: RecordShape, words: Uint32Array, index: number): Sample {
  const base = index * inputStride(shape.maxTokens);
  const T = words[base]!;
  return {
    tokens: Int32Array.from(words.subarray(base + 2, base + 2 + T)),
    slots: Int32Array.from(words.subarray(base + 2 + shape.maxTokens, base + 2 + shape.maxTokens + T)),
    intent: words[base + 1]! | 0,
  };
}

export interface SampleResult {
  status: SampleStatusCode;
  /** The loss as its FP32 bits (a word, so a NaN's payload survives the round trip). */
  lossBits: number;
  intentPred: number;
  /** Per position 0..T-1 (position 0, the classification token, is -1). */
  slotPred: Int32Array;
}

/**
 * Writes output record `index` as the kernel does (the reference for the hardware's words): a skipped
 * sample gets loss +0 and predictions -1 whatever `r` holds; positions past slotPred's end are -1.
 */
export function writeOutputRecord(maxTokens: number, words: Uint32Array, index: number, r: SampleResult): void {
  const base = index * outputStride(maxTokens);
  const ok = r.status === SampleStatus.ok;
  words[base] = r.status;
  words[base + 1] = ok ? r.lossBits >>> 0 : 0;
  words[base + 2] = (ok ? r.intentPred : -1) >>> 0;
  for (let t = 0; t < maxTokens; t++) words[base + 3 + t] = (ok && t < r.slotPred.length ? r.slotPred[t]! : -1) >>> 0;
}

/** Reads output record `index`: the slot predictions of positions 0..length-1 (default: every position). */
export function readOutputRecord(
  maxTokens: number,
  words: Uint32Array,
  index: number,
  length = maxTokens,
): SampleResult {
  const base = index * outputStride(maxTokens);
  return {
    status: words[base]! as SampleStatusCode,
    lossBits: words[base + 1]!,
    intentPred: words[base + 2]! | 0,
    slotPred: Int32Array.from(words.subarray(base + 3, base + 3 + Math.min(length, maxTokens)), (x) => x | 0),
  };
}
