// The binary word of one vector instruction, least significant first: opcode (8 bits), m, n, k, then
// off/row/col of the operands a, b, c, d, y, z, w (24 bits each), then the accumulate and last flags.
// Operands an opcode does not use are encoded as 0 and decoded as absent.
import { OP_SPECS, VIEW_OPERANDS, type VectorInstruction, type View, opByCode } from './isa.js';

export const VECTOR_FIELD_BITS = 24;
export const VECTOR_OPCODE_BITS = 8;
/** Scalar fields after the opcode; then three fields per view operand. */
export const VECTOR_SCALAR_FIELDS = ['m', 'n', 'k'] as const;
const VIEW_FIELDS = ['off', 'row', 'col'] as const;
const FIELD_COUNT = VECTOR_SCALAR_FIELDS.length + VIEW_OPERANDS.length * VIEW_FIELDS.length;
export const VECTOR_FLAG_ACCUMULATE = VECTOR_OPCODE_BITS + FIELD_COUNT * VECTOR_FIELD_BITS;
export const VECTOR_FLAG_LAST = VECTOR_FLAG_ACCUMULATE + 1;
export const VECTOR_INSTRUCTION_BITS = VECTOR_FLAG_LAST + 1;

const FIELD_MAX = 2 ** VECTOR_FIELD_BITS - 1;
const fieldShift = (index: number): bigint => BigInt(VECTOR_OPCODE_BITS + index * VECTOR_FIELD_BITS);

/** Fields in encoding order as [name, value] pairs (absent operands are 0). */
function fieldValues(ins: VectorInstruction): [string, number][] {
  const out: [string, number][] = [
    ['m', ins.m],
    ['n', ins.n],
    ['k', ins.k ?? 0],
  ];
  for (const o of VIEW_OPERANDS) {
    const v = ins[o];
    for (const f of VIEW_FIELDS) out.push([`${o}.${f}`, v ? v[f] : 0]);
  }
  return out;
}

/** The word of a validated instruction (validate.ts checks ranges with the instruction's index). */
export function encodeVectorInstruction(ins: VectorInstruction, last: boolean): bigint {
  let word = BigInt(OP_SPECS[ins.op].code);
  fieldValues(ins).forEach(([name, v], i) => {
    if (!Number.isInteger(v) || v < 0 || v > FIELD_MAX)
      throw new RangeError(`field ${name} = ${v} does not fit ${VECTOR_FIELD_BITS} unsigned bits`);
    word |= BigInt(v) << fieldShift(i);
  });
  if (ins.accumulate) word |= 1n << BigInt(VECTOR_FLAG_ACCUMULATE);
  if (last) word |= 1n << BigInt(VECTOR_FLAG_LAST);
  return word;
}

export interface DecodedVectorInstruction {
  /** The opcode number; `ins` is absent when it names no operation. */
  code: number;
  ins?: VectorInstruction;
  last: boolean;
}

export function decodeVectorInstruction(word: bigint): DecodedVectorInstruction {
  const code = Number(word & BigInt(2 ** VECTOR_OPCODE_BITS - 1));
  const field = (i: number): number => Number((word >> fieldShift(i)) & BigInt(FIELD_MAX));
  const last = ((word >> BigInt(VECTOR_FLAG_LAST)) & 1n) === 1n;
  const op = opByCode(code);
  if (!op) return { code, last };
  const spec = OP_SPECS[op];
  const ins: VectorInstruction = { op, m: field(0), n: field(1) };
  if (spec.consts.length) ins.k = field(2);
  VIEW_OPERANDS.forEach((o, k) => {
    if (!spec.operands[o]) return;
    const base = VECTOR_SCALAR_FIELDS.length + k * VIEW_FIELDS.length;
    const v: View = { off: field(base), row: field(base + 1), col: field(base + 2) };
    ins[o] = v;
  });
  if (spec.accumulate) ins.accumulate = ((word >> BigInt(VECTOR_FLAG_ACCUMULATE)) & 1n) === 1n;
  return { code, ins, last };
}
