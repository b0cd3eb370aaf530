// One program word of the combined core (combined-core.ts): a GEMM instruction of the engine
// (instruction.ts) or a vector instruction (vector/encoding.ts), tagged, with the one dependence bit the
// program generator writes. Least significant first:
//   kind (2 bits: 1 GEMM, 2 vector; 0 and 3 are refused by the hardware with `error`, so an all-zero
//   word past the program's end stops it), waitOther (issue only when the other unit is free: this
//   instruction depends on the one running there), last (stop after it), then the unit's own word.
import { INSTRUCTION_BITS } from './instruction.js';
import { VECTOR_INSTRUCTION_BITS } from './vector/encoding.js';

export const WORD_KIND = { gemm: 1, vector: 2 } as const;
export type WordKind = keyof typeof WORD_KIND;
export const BIT_WAIT_OTHER = 2;
export const BIT_LAST = 3;
export const PAYLOAD_LSB = 4;
export const COMBINED_WORD_BITS = PAYLOAD_LSB + Math.max(INSTRUCTION_BITS, VECTOR_INSTRUCTION_BITS);

export interface CombinedWord {
  kind: WordKind;
  waitOther: boolean;
  last: boolean;
  /** The unit's encoded instruction (its own `last` flag clear). */
  payload: bigint;
}

export function encodeCombinedWord(w: CombinedWord): bigint {
  return (
    (w.payload << BigInt(PAYLOAD_LSB)) |
    (w.last ? 1n << BigInt(BIT_LAST) : 0n) |
    (w.waitOther ? 1n << BigInt(BIT_WAIT_OTHER) : 0n) |
    BigInt(WORD_KIND[w.kind])
  );
}

export function decodeCombinedWord(word: bigint): CombinedWord {
  const k = Number(word & 3n);
  const kind = k === WORD_KIND.gemm ? 'gemm' : k === WORD_KIND.vector ? 'vector' : undefined;
  if (!kind) throw new Error(`combined word kind ${k}: expected 1 (GEMM) or 2 (vector)`);
  return {
    kind,
    waitOther: ((word >> BigInt(BIT_WAIT_OTHER)) & 1n) === 1n,
    last: ((word >> BigInt(BIT_LAST)) & 1n) === 1n,
    payload: word >> BigInt(PAYLOAD_LSB),
  };
}
