// Reference semantics of the vector instruction set over a Float32Array memory image. Written from the
// documented FP32 order (docs/transformer.md, docs/vector-unit.md), element by element over strided
// views, and independently of the model's array functions, so that the property tests comparing the two
// (test/designs/engine/vector/) can fail. Every operation goes through one VectorNumerics.
import { type Addr, constant, operandAddr, orderedRowSum } from './access.js';
import type { VectorInstruction } from './isa.js';
import { FP32_NUMERICS, type VectorNumerics } from './numerics.js';
import { executeFusedRowOp } from './interpreter-rows.js';
import { type VectorMemoryConfig, validateVectorProgram } from './validate.js';

function elementwise(
  ins: VectorInstruction,
  mem: Float32Array,
  f: (i: number, j: number) => number,
  out: Addr = operandAddr(ins, 'y'),
): void {
  for (let i = 0; i < ins.m; i++) for (let j = 0; j < ins.n; j++) mem[out(i, j)] = f(i, j);
}

/** Executes one (valid) instruction on the memory image. */
export function executeVectorInstruction(
  ins: VectorInstruction,
  mem: Float32Array,
  nu: VectorNumerics = FP32_NUMERICS,
): void {
  const { m, n } = ins;
  const A = ins.a ? operandAddr(ins, 'a') : undefined;
  const B = ins.b ? operandAddr(ins, 'b') : undefined;
  const a = (i: number, j: number) => mem[A!(i, j)]!;
  const b = (i: number, j: number) => mem[B!(i, j)]!;
  switch (ins.op) {
    case 'add':
      elementwise(ins, mem, (i, j) => nu.add(a(i, j), b(i, j)));
      return;
    case 'sub':
      elementwise(ins, mem, (i, j) => nu.sub(a(i, j), b(i, j)));
      return;
    case 'mul':
      elementwise(ins, mem, (i, j) => nu.mul(a(i, j), b(i, j)));
      return;
    case 'scale': {
      const s = constant(ins, mem, 0);
      elementwise(ins, mem, (i, j) => nu.mul(a(i, j), s));
      return;
    }
    case 'copy':
      elementwise(ins, mem, a);
      return;
    case 'sumRows': {
      // Column sums, rows ascending, from y (accumulate) or +0: the bias gradient and every sum over tokens.
      const Y = operandAddr(ins, 'y');
      for (let j = 0; j < n; j++) {
        let s = ins.accumulate ? mem[Y(0, j)]! : 0;
        for (let i = 0; i < m; i++) s = nu.add(s, a(i, j));
        mem[Y(0, j)] = s;
      }
      return;
    }
    case 'rowMax': {
      const Y = operandAddr(ins, 'y');
      for (let i = 0; i < m; i++) {
        let s = Number.NEGATIVE_INFINITY;
        for (let j = 0; j < n; j++) s = nu.max(s, a(i, j));
        mem[Y(i, 0)] = s;
      }
      return;
    }
    case 'rowSum': {
      const Y = operandAddr(ins, 'y');
      for (let i = 0; i < m; i++) mem[Y(i, 0)] = orderedRowSum(nu, n, (j) => a(i, j));
      return;
    }
    default:
      executeFusedRowOp(ins, mem, nu);
  }
}

/** Validates the program against the memory (VectorProgramError otherwise), then runs it in order. */
export function runVectorProgram(
  program: readonly VectorInstruction[],
  mem: Float32Array,
  cfg: VectorMemoryConfig = { memWords: mem.length },
  nu: VectorNumerics = FP32_NUMERICS,
): void {
  if (cfg.memWords > mem.length)
    throw new RangeError(`memory image of ${mem.length} words, config says ${cfg.memWords}`);
  validateVectorProgram(program, cfg);
  for (const ins of program) executeVectorInstruction(ins, mem, nu);
}
