// Collects a program's instructions next to its memory layout; the compile-*.ts files emit through it.
import type { VectorInstruction } from '../engine/vector/isa.js';
import type { GemmInstruction, ProgramInstruction, View } from './isa.js';
import { MemoryLayout } from './layout.js';

export class ProgramBuilder {
  readonly layout = new MemoryLayout();
  readonly program: ProgramInstruction[] = [];
  /** Instruction index where each named stage starts, in program order (for tests and reports). */
  readonly stages: { name: string; start: number }[] = [];

  stage(name: string): void {
    this.stages.push({ name, start: this.program.length });
  }

  gemm(label: string, m: number, n: number, k: number, a: View, b: View, c: View, accumulate = false): void {
    const ins: GemmInstruction = { op: 'gemm', label, m, n, k, a, b, c, accumulate };
    this.program.push(ins);
  }

  vector(ins: VectorInstruction): void {
    this.program.push(ins);
  }

  /** A constants block for one vector instruction (deduplicated by name). */
  constants(name: string, values: readonly number[]): number {
    return this.layout.has(name) ? this.layout.base(name) : this.layout.constant(name, values);
  }
}
