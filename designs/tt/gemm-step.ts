// The schedule format: plain data records a hardware sequencer can encode as instructions.

/** Where one GEMM operand lives: element (row, col) is buffer[offset + row*rowStride + col*colStride]. */
export interface OperandRef {
  buffer: string;
  offset: number;
  rowStride: number;
  colStride: number;
}

/** C (m x n) = A (m x k) B (k x n), or C += A B when accumulate; order: FP32_GEMM_ORDER in gemm32.ts. */
export interface GemmStep {
  op: 'gemm';
  /** Human-readable purpose, e.g. 'Z = X L'. */
  label: string;
  m: number;
  n: number;
  k: number;
  a: OperandRef;
  b: OperandRef;
  c: OperandRef;
  accumulate: boolean;
}

export type BufferRole = 'input' | 'output' | 'param' | 'grad' | 'intermediate' | 'const' | 'optimizer';

/** A named buffer the schedule reads or writes, with its size in 32-bit words. */
export interface BufferDecl {
  name: string;
  words: number;
  role: BufferRole;
}

/** Row-major operand (rows x cols) starting at `offset`. */
export function rowMajor(buffer: string, cols: number, offset = 0): OperandRef {
  return { buffer, offset, rowStride: cols, colStride: 1 };
}

/** Transpose of a row-major (rows x cols) matrix: element (c, r) of the transposed view. */
export function transposed(buffer: string, cols: number, offset = 0): OperandRef {
  return { buffer, offset, rowStride: 1, colStride: cols };
}

/** A scalar broadcast over every (row, col): both strides 0. */
export function broadcast(buffer: string, offset = 0): OperandRef {
  return { buffer, offset, rowStride: 0, colStride: 0 };
}

export function gemm(
  label: string,
  m: number,
  n: number,
  k: number,
  a: OperandRef,
  b: OperandRef,
  c: OperandRef,
  accumulate = false,
): GemmStep {
  return { op: 'gemm', label, m, n, k, a, b, c, accumulate };
}
