// Collects a program's instructions next to its memory layout; the compile-*.ts files emit through it.
import type { VectorInstruction } from '../engine/vector/isa.js';
import type { ConstantBlock } from './compile-constants.js';
import type { GemmInstruction, ProgramInstruction, View } from './isa.js';
import { MemoryLayout } from './layout.js';

export class ProgramBuilder {
  readonly layout = new MemoryLayout();
  readonly program: ProgramInstruction[] = [];
  /** Instruction index where each named stage starts, in program order (for tests and reports). */
  readonly stages: { name: string; start: number }[] = [];
  /** Words below this address are the same in every sample's program (see seal). */
  persistentWords = 0;
  private sealed = false;

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

  /**
   * A constants block for one vector instruction (deduplicated by name). After `seal`, only blocks
   * declared before it may be used: a new one would land among the sample's activations, at an address
   * that depends on the length.
   */
  constant(block: ConstantBlock): number {
    if (this.layout.has(block.name)) return this.layout.base(block.name);
    if (this.sealed) throw new Error(`constant '${block.name}' used but not declared before seal()`);
    return this.layout.constant(block.name, block.values);
  }

  /** Ends the persistent part of the layout (parameters, gradients, optimizer state, constants). */
  seal(): void {
    this.sealed = true;
    this.persistentWords = this.layout.words;
  }
}
