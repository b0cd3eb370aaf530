// The per-sample input record of the one program (compile-one.ts): fixed host regions in the persistent
// block, the same for every sample, which the host (or the kernel) writes before each run:
//   host.length       1 word   T, the length register's value (an FP32 integer 1..maxTokens)
//   host.intentLabel  1 word   the intent class
//   host.tokens       maxTokens words  token ids, position 0..T-1 (the rest is not read)
//   host.slotLabels   maxTokens-1 words  slot class of positions 1..T-1, -1 where unscored
//   host.slotCE       3 words  r(1/scored), 1, 0 (the slot crossEntropyGrad's constants)
// Every value is an FP32 word (ids and labels are exact integers), as crossEntropyGrad reads its labels.
import type { Sample } from '../transformer/model.js';
import type { ProgramBuilder } from './builder.js';
import { HOST_INTENT_LABEL, HOST_SLOT_CE, HOST_SLOT_LABELS } from './compile-heads.js';
import type { MemoryLayout } from './layout.js';

export const HOST_LENGTH = 'host.length';
export const HOST_TOKENS = 'host.tokens';

/** The record's regions, in record order; returns the bases of the length and token words. */
export function allocInputRecord(b: ProgramBuilder, maxTokens: number): { length: number; tokens: number } {
  const L = b.layout;
  const length = L.alloc(HOST_LENGTH, 1, 'host');
  L.alloc(HOST_INTENT_LABEL, 1, 'host');
  const tokens = L.alloc(HOST_TOKENS, maxTokens, 'host');
  if (maxTokens > 1) L.alloc(HOST_SLOT_LABELS, maxTokens - 1, 'host');
  L.alloc(HOST_SLOT_CE, 3, 'host');
  return { length, tokens };
}

/** The sample's record as model.ts reads it: words past the length are written too (0 and -1). */
export function writeInputRecord(layout: MemoryLayout, image: Float32Array, maxTokens: number, s: Sample): void {
  const T = s.tokens.length;
  if (T < 1 || T > maxTokens) throw new Error(`sample length ${T}: the program runs lengths 1..${maxTokens}`);
  layout.write(image, HOST_LENGTH, [T]);
  layout.write(image, HOST_INTENT_LABEL, [s.intent]);
  layout.write(
    image,
    HOST_TOKENS,
    Array.from({ length: maxTokens }, (_, t) => (t < T ? s.tokens[t]! : 0)),
  );
  const labels = Array.from({ length: maxTokens - 1 }, (_, i) => {
    const l = i + 1 < T ? s.slots[i + 1]! : -1;
    return l >= 0 ? l : -1;
  });
  if (maxTokens > 1) layout.write(image, HOST_SLOT_LABELS, labels);
  const scored = labels.filter((l) => l >= 0).length;
  layout.write(image, HOST_SLOT_CE, [Math.fround(scored > 0 ? 1 / scored : 0), 1, 0]);
}
