// Collects a program's instructions next to its memory layout; the compile-*.ts files emit through it.
import type { VectorInstruction } from '../engine/vector/isa.js';
import type { ConstantBlock } from './compile-constants.js';
import type { Gather, GemmInstruction, ProgramInstruction, View } from './isa.js';
import { MemoryLayout } from './layout.js';

export interface BuilderOptions {
  /** Allocate into this layout (compile-one.ts: every length's program placed as maxTokens' one). */
  layout?: MemoryLayout;
  /** Row capacity of the T-row blocks (maxTokens for the one program): the T x T blocks' stride. */
  rowCapacity?: number;
  /** Base of the host's token-id words: the embedding then gathers its core slices (Gather). */
  tokenIds?: number;
}

export class ProgramBuilder {
  readonly layout: MemoryLayout;
  readonly program: ProgramInstruction[] = [];
  readonly opts: BuilderOptions;
  /** Instruction index where each named stage starts, in program order (for tests and reports). */
  readonly stages: { name: string; start: number }[] = [];
  /** Words below this address are the same in every sample's program (see seal). */
  persistentWords = 0;
  private sealed = false;

  constructor(opts: BuilderOptions = {}) {
    this.opts = opts;
    this.layout = opts.layout ?? new MemoryLayout();
  }

  /** The rows a T-row block is planned for: T, or the one program's capacity. */
  rowCapacity(T: number): number {
    return this.opts.rowCapacity ?? T;
  }

  /** Marks the last instruction as gathering its operands by a token id (no-op without tokenIds). */
  gatherLast(g: Gather): void {
    const last = this.program.at(-1);
    if (!last) return;
    const ins = last as { gather?: Gather[] };
    ins.gather = [...(ins.gather ?? []), g];
  }

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
