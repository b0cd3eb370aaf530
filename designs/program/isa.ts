// One program for the whole training sample: the engine's GEMM instruction and the vector unit's
// instructions in one stream over one word-addressed Float32 data memory (docs/program.md).
//
// A GEMM is C (m x n) = A (m x k) B (k x n), or C += A B, each operand a strided view of the memory
// (element (i, j) at off + i*row + j*col, as GemmStep and the vector views address them); its FP32 order
// is FP32_GEMM_ORDER (designs/tt/gemm32.ts). The engine's tiled Instruction (designs/engine/instruction.ts)
// is this record plus the tiling the program generator derives from it.
import type { VectorInstruction, View } from '../engine/vector/isa.js';

export type { View } from '../engine/vector/isa.js';

export interface GemmInstruction {
  op: 'gemm';
  m: number;
  n: number;
  k: number;
  a: View;
  b: View;
  c: View;
  accumulate: boolean;
  /** Not encoded: a name for errors and reports. */
  label?: string;
}

export type ProgramInstruction = GemmInstruction | VectorInstruction;

export const isGemm = (ins: ProgramInstruction): ins is GemmInstruction => ins.op === 'gemm';

/** Row-major view of a matrix with `cols` columns at `off`. */
export const rowMajor = (off: number, cols: number): View => ({ off, row: cols, col: 1 });
/** The transpose of a row-major matrix with `cols` columns at `off` (same words). */
export const transposedView = (off: number, cols: number): View => ({ off, row: 1, col: cols });
/** A 1 x n row read by every row of a block (bias, LayerNorm gamma and beta). */
export const broadcastRow = (off: number): View => ({ off, row: 0, col: 1 });
/** An m x 1 column, one word per row (LayerNorm's rstd, labels). */
export const column = (off: number): View => ({ off, row: 1, col: 0 });

/**
 * A token-id gather (one program for every sample): the listed operands' offsets move by
 * `stride * digit`, digit = floor(id / div) mod mod, id the FP32 word at `word` (the sample's token id,
 * written by the host). The embedding reads its core slices this way (row of token v, core k: digit k
 * of v in the mixed radix of the cores' row modes); div and mod are compile-time constants.
 */
export interface Gather {
  word: number;
  div: number;
  mod: number;
  stride: number;
  operands: readonly string[];
}

/**
 * Run-time fields of an instruction of the one program (compile-one.ts): with length register T,
 * the instruction runs only when T >= `minLength`, and a dimension named in `from` has
 * min(stored, T - from) rows instead of the stored value (the stored values are those at maxTokens).
 */
export interface RunTimeFields {
  minLength?: number;
  from?: { m?: number; n?: number; k?: number };
  /**
   * A vector instruction's constants block picked by the length: its address is stored + T - maxTokens
   * (a table of per-length constants, e.g. r(1/T) for the intent head's mean).
   */
  kByLength?: true;
  /** Applied in order; two when a GEMM reads two cores' slices (the core-0 slice and core 1's). */
  gather?: Gather[];
}

export type OneInstruction = ProgramInstruction & RunTimeFields;
