// The assembler of vector programs: every instruction checked before it is encoded, every problem
// reported together with the instruction's index and name (TTF190), so that neither the interpreter nor
// the hardware ever runs an instruction whose meaning is not defined.
//
// Checks: a known opcode; m, n >= 1; exactly the operands the opcode uses, each a view of integer fields
// that fit the word; every address a view touches inside the memory; a destination never writes one
// word twice (its strides are one-to-one over its shape); a destination either is exactly a source's
// view or shares no address range with any source or other destination; constants inside the memory;
// accumulate only where the opcode has it; with a bank count and lanes, no lane stride that is a multiple
// of the bank count (two lanes in one bank in the same cycle); no destination in place over a source that
// a later pass of the hardware's schedule still reads (vector-passes.ts: adam's m out over g, say).
import { DiagnosticError, type Diagnostic } from '../../../dsl/diagnostics.js';
import { stridedLanesConflict, fermatBanks } from '../../../rtl-lib/mem/fermat-banks.js';
import { passHazards } from './vector-passes.js';
import { VECTOR_FIELD_BITS, decodeVectorInstruction, encodeVectorInstruction } from './encoding.js';
import {
  DEST_OPERANDS,
  OP_SPECS,
  VIEW_OPERANDS,
  type OperandShape,
  type VectorInstruction,
  type View,
  type ViewOperand,
  insName,
  viewLastAddress,
} from './isa.js';

export interface VectorMemoryConfig {
  /** Words of the data memory: every address must be below it. */
  memWords: number;
  /** Bank count (5, 17, 257) and lanes of the unit, for the conflict check; omitted: not checked. */
  banks?: number;
  lanes?: number;
}

const FIELD_MAX = 2 ** VECTOR_FIELD_BITS - 1;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** True when two different (i, j) of the shape map to one address. */
function writesTwice(v: View, shape: OperandShape, m: number, n: number): boolean {
  const rows = shape === 'row' ? 1 : m,
    cols = shape === 'col' ? 1 : n;
  if (rows > 1 && v.row === 0) return true;
  if (cols > 1 && v.col === 0) return true;
  if (rows === 1 || cols === 1) return false;
  // i*row + j*col = i'*row + j'*col with (di, dj) != 0 needs di*row = dj*col: the smallest such di is
  // col/g (then dj = row/g).
  const g = gcd(v.row, v.col);
  return v.col / g < rows && v.row / g < cols;
}

const span = (v: View, shape: OperandShape, m: number, n: number): [number, number] => [
  v.off,
  viewLastAddress(v, shape, m, n),
];
const sameView = (p: View, q: View): boolean => p.off === q.off && p.row === q.row && p.col === q.col;

/** The problems of one instruction, as messages (empty when it is valid). */
export function instructionProblems(ins: VectorInstruction, cfg: VectorMemoryConfig): string[] {
  const spec = OP_SPECS[ins.op];
  if (!spec) return [`unknown opcode '${String(ins.op)}' (the vector unit has ${Object.keys(OP_SPECS).join(', ')})`];
  const out: string[] = [];
  for (const [what, v] of [
    ['m', ins.m],
    ['n', ins.n],
  ] as const)
    if (!Number.isInteger(v) || v < 1 || v > FIELD_MAX) out.push(`${what} = ${v}: must be an integer 1..${FIELD_MAX}`);
  if (out.length) return out;
  const { m, n } = ins;
  const views: [ViewOperand, string, View, OperandShape][] = [];
  for (const o of VIEW_OPERANDS) {
    const shape = spec.operands[o];
    const v = ins[o];
    const role = `${o} (${spec.roles[o] ?? 'unused'})`;
    if (!shape) {
      if (v) out.push(`operand ${role}: ${ins.op} has no such operand`);
      continue;
    }
    if (!v) {
      out.push(`operand ${role} is missing`);
      continue;
    }
    const bad = (['off', 'row', 'col'] as const).filter((f) => !Number.isInteger(v[f]) || v[f] < 0 || v[f] > FIELD_MAX);
    if (bad.length) {
      out.push(`operand ${role}: ${bad.map((f) => `${f} = ${v[f]}`).join(', ')} not an integer 0..${FIELD_MAX}`);
      continue;
    }
    const last = viewLastAddress(v, shape, m, n);
    if (last >= cfg.memWords)
      out.push(`operand ${role} reaches address ${last}, beyond the ${cfg.memWords}-word data memory`);
    if ((DEST_OPERANDS as readonly string[]).includes(o) && writesTwice(v, shape, m, n))
      out.push(`destination ${role} (row ${v.row}, col ${v.col}) writes one word twice over ${m} x ${n}`);
    if (cfg.banks !== undefined && (cfg.lanes ?? 1) > 1 && shape !== 'col' && n > 1) {
      if (stridedLanesConflict(fermatBanks(cfg.banks), v.col, Math.min(cfg.lanes ?? 1, n)))
        out.push(
          `operand ${role}: lane stride ${v.col} is a multiple of the ${cfg.banks} banks (two lanes in one bank); pad the buffer`,
        );
    }
    views.push([o, role, v, shape]);
  }
  const isDest = (o: ViewOperand) => (DEST_OPERANDS as readonly string[]).includes(o);
  views.forEach(([oi, ri, vi, si], x) => {
    if (!isDest(oi)) return;
    const [lo, hi] = span(vi, si, m, n);
    views.forEach(([oj, rj, vj, sj], y) => {
      if (y === x || (isDest(oj) && y < x)) return;
      if (!isDest(oj) && si === sj && sameView(vi, vj)) return;
      const [lo2, hi2] = span(vj, sj, m, n);
      if (lo <= hi2 && lo2 <= hi)
        out.push(
          `destination ${ri} overlaps ${isDest(oj) ? 'destination' : 'source'} ${rj} (addresses ${lo}..${hi} and ${lo2}..${hi2}) without being the same view`,
        );
    });
  });
  if (spec.consts.length) {
    const k = ins.k;
    if (
      k === undefined ||
      !Number.isInteger(k) ||
      k < 0 ||
      k + spec.consts.length > Math.min(cfg.memWords, FIELD_MAX + 1)
    )
      out.push(`constants block k = ${k} (${spec.consts.join(', ')}) must lie inside the data memory`);
  } else if (ins.k !== undefined) out.push(`${ins.op} takes no constants block (k = ${ins.k})`);
  if (ins.accumulate && !spec.accumulate) out.push(`${ins.op} has no accumulate flag`);
  if (out.length === 0) out.push(...passHazards(ins));
  return out;
}

export class VectorProgramError extends DiagnosticError {}

function refuse(problems: [number, string, string][]): never {
  const diags: Diagnostic[] = problems.map(([i, name, msg]) => ({
    code: 'TTF190',
    severity: 'error',
    message: `vector instruction ${i} '${name}': ${msg}`,
  }));
  throw new VectorProgramError(diags);
}

/** Throws a VectorProgramError naming every invalid instruction; returns the program unchanged. */
export function validateVectorProgram(
  program: readonly VectorInstruction[],
  cfg: VectorMemoryConfig,
): readonly VectorInstruction[] {
  const problems: [number, string, string][] = [];
  if (program.length === 0) problems.push([0, '(none)', 'a program needs at least one instruction']);
  program.forEach((ins, i) => {
    for (const p of instructionProblems(ins, cfg)) problems.push([i, insName(ins), p]);
  });
  if (problems.length) refuse(problems);
  return program;
}

/** Validates and encodes; the last word carries the last flag. */
export function assembleVectorProgram(program: readonly VectorInstruction[], cfg: VectorMemoryConfig): bigint[] {
  validateVectorProgram(program, cfg);
  return program.map((ins, i) => encodeVectorInstruction(ins, i === program.length - 1));
}

/** Decodes and checks a program of words (an unknown opcode is refused with its index). */
export function disassembleVectorProgram(words: readonly bigint[], cfg: VectorMemoryConfig): VectorInstruction[] {
  const problems: [number, string, string][] = [];
  const out: VectorInstruction[] = [];
  words.forEach((w, i) => {
    const d = decodeVectorInstruction(w);
    if (!d.ins) {
      problems.push([i, `opcode ${d.code}`, `unknown opcode ${d.code}`]);
      return;
    }
    for (const p of instructionProblems(d.ins, cfg)) problems.push([i, insName(d.ins), p]);
    out.push(d.ins);
  });
  if (problems.length) refuse(problems);
  return out;
}
