// The instruction-set interpreter of whole-model programs: GEMM and vector instructions in order over
// one Float32Array memory image. GEMMs run through gemm32 (FP32_GEMM_ORDER: per output element, products
// rounded and added for p ascending), vector instructions through the vector unit's reference
// interpreter, so a program's bits are exactly those of the engine and the vector unit it targets.
import { type Diagnostic, DiagnosticError } from '../../dsl/diagnostics.js';
import { gemm32 } from '../tt/gemm32.js';
import { executeVectorInstruction } from '../engine/vector/interpreter.js';
import { insName } from '../engine/vector/isa.js';
import { instructionProblems } from '../engine/vector/validate.js';
import { type GemmInstruction, type ProgramInstruction, type View, isGemm } from './isa.js';

export class ProgramError extends DiagnosticError {}

const last = (v: View, rows: number, cols: number): number => v.off + (rows - 1) * v.row + (cols - 1) * v.col;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** True when two different (i, j) of a rows x cols view map to one word. */
function writesTwice(v: View, rows: number, cols: number): boolean {
  if (rows > 1 && v.row === 0) return true;
  if (cols > 1 && v.col === 0) return true;
  if (rows === 1 || cols === 1) return false;
  const g = gcd(v.row, v.col);
  return v.col / g < rows && v.row / g < cols;
}

/** The problems of one GEMM instruction (empty when valid). */
export function gemmProblems(ins: GemmInstruction, memWords: number): string[] {
  const out: string[] = [];
  for (const [what, x] of [
    ['m', ins.m],
    ['n', ins.n],
    ['k', ins.k],
  ] as const)
    if (!Number.isInteger(x) || x < 1) out.push(`${what} = ${x}: must be a positive integer`);
  if (out.length) return out;
  const shapes: [string, View, number, number][] = [
    ['A', ins.a, ins.m, ins.k],
    ['B', ins.b, ins.k, ins.n],
    ['C', ins.c, ins.m, ins.n],
  ];
  for (const [name, v, r, c] of shapes) {
    if (![v.off, v.row, v.col].every((x) => Number.isInteger(x) && x >= 0)) {
      out.push(`operand ${name}: off/row/col must be non-negative integers`);
      continue;
    }
    if (last(v, r, c) >= memWords)
      out.push(`operand ${name} reaches address ${last(v, r, c)}, beyond the ${memWords}-word data memory`);
  }
  if (out.length) return out;
  if (writesTwice(ins.c, ins.m, ins.n)) out.push(`C (row ${ins.c.row}, col ${ins.c.col}) writes one word twice`);
  // gemm32 reads A and B while it writes C: the ranges must not meet (conservative, like the vector assembler).
  const cLo = ins.c.off,
    cHi = last(ins.c, ins.m, ins.n);
  for (const [name, v, r, c] of shapes.slice(0, 2)) {
    const lo = v.off,
      hi = last(v, r, c);
    if (lo <= cHi && cLo <= hi) out.push(`C (addresses ${cLo}..${cHi}) overlaps ${name} (${lo}..${hi})`);
  }
  return out;
}

/** Throws a ProgramError naming every invalid instruction (index and label). */
export function validateProgram(program: readonly ProgramInstruction[], memWords: number): void {
  const diags: Diagnostic[] = [];
  program.forEach((ins, i) => {
    const problems = isGemm(ins) ? gemmProblems(ins, memWords) : instructionProblems(ins, { memWords });
    const name = isGemm(ins) ? (ins.label ?? 'gemm') : insName(ins);
    for (const p of problems)
      diags.push({ code: 'TTF191', severity: 'error', message: `instruction ${i} '${name}' (${ins.op}): ${p}` });
  });
  if (diags.length) throw new ProgramError(diags);
}

/** Executes one valid GEMM on the image, in FP32_GEMM_ORDER. */
export function executeGemm(ins: GemmInstruction, mem: Float32Array): void {
  const { a, b, c } = ins;
  gemm32(
    ins.m,
    ins.n,
    ins.k,
    mem,
    a.off,
    a.row,
    a.col,
    mem,
    b.off,
    b.row,
    b.col,
    mem,
    c.off,
    c.row,
    c.col,
    ins.accumulate,
  );
}

export interface RunOptions {
  /** Called after each instruction (tests check tensors stage by stage). */
  after?: (index: number, ins: ProgramInstruction) => void;
  /** Skip validation (the program was validated once and runs on many samples). */
  validated?: boolean;
}

/** Validates the program against the image, then runs it in order. */
export function runProgram(program: readonly ProgramInstruction[], mem: Float32Array, opts: RunOptions = {}): void {
  if (!opts.validated) validateProgram(program, mem.length);
  program.forEach((ins, i) => {
    if (isGemm(ins)) executeGemm(ins, mem);
    else executeVectorInstruction(ins, mem);
    opts.after?.(i, ins);
  });
}
