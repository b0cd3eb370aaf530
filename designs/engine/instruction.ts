// The instruction format: one GEMM step, decoded into the counters and strides the sequencer walks.
// The program generator does every multiplication here, so the hardware only adds and compares.
//
// Tiling: output rows are cut into row tiles of R and columns into column tiles of C. A group is P row
// tiles (one per MAC slot) at one column tile; groups run column tile fastest. Operand element (i, j)
// of A, B or C lives at off + i*row + j*col (strides express reshapes and transposes, as in GemmStep).

/** Field names in encoding order (least significant first); each is FIELD_BITS wide. */
export const INSTRUCTION_FIELDS = [
  'k',
  'rounds',
  'groups',
  'colTiles',
  'm',
  'n',
  'stepCycles',
  'aOff',
  'aRow',
  'aCol',
  'aSlot',
  'aGroup',
  'bOff',
  'bRow',
  'bCol',
  'bTile',
  'cOff',
  'cRow',
  'cCol',
  'cSlot',
  'cGroup',
  'cTile',
  'cLast',
] as const;
export type InstructionField = (typeof INSTRUCTION_FIELDS)[number];

export const FIELD_BITS = 24;
/** Flags above the fields: accumulate into C, last instruction of the program. */
export const FLAG_ACCUMULATE = INSTRUCTION_FIELDS.length * FIELD_BITS;
export const FLAG_LAST = FLAG_ACCUMULATE + 1;
export const INSTRUCTION_BITS = FLAG_LAST + 1;

export type Instruction = Record<InstructionField, number> & {
  accumulate: boolean;
  last: boolean;
  /** Not encoded: the step was turned around (C^T = B^T A^T) by the generator; for reports. */
  transposed: boolean;
  /** Not encoded: the schedule label, for reports. */
  label: string;
};

const FIELD_MAX = 2 ** FIELD_BITS - 1;

export function encodeInstruction(ins: Instruction): bigint {
  let word = 0n;
  INSTRUCTION_FIELDS.forEach((f, i) => {
    const v = ins[f];
    if (!Number.isInteger(v) || v < 0 || v > FIELD_MAX)
      throw new Error(`instruction '${ins.label}': field ${f} = ${v} does not fit ${FIELD_BITS} unsigned bits`);
    word |= BigInt(v) << BigInt(i * FIELD_BITS);
  });
  if (ins.accumulate) word |= 1n << BigInt(FLAG_ACCUMULATE);
  if (ins.last) word |= 1n << BigInt(FLAG_LAST);
  return word;
}

export function decodeInstruction(word: bigint): Omit<Instruction, 'transposed' | 'label'> {
  const out: Record<string, number | boolean> = {};
  INSTRUCTION_FIELDS.forEach((f, i) => {
    out[f] = Number((word >> BigInt(i * FIELD_BITS)) & BigInt(FIELD_MAX));
  });
  out.accumulate = ((word >> BigInt(FLAG_ACCUMULATE)) & 1n) === 1n;
  out.last = ((word >> BigInt(FLAG_LAST)) & 1n) === 1n;
  return out as Omit<Instruction, 'transposed' | 'label'>;
}
