// Operand access and the row-sum order for the vector interpreter (interpreter.ts, interpreter-rows.ts).
import { ROW_SUM_WAYS } from '../../transformer/row-reduce.js';
import {
  type OperandShape,
  type VectorInstruction,
  type View,
  type ViewOperand,
  OP_SPECS,
  viewAddress,
} from './isa.js';
import type { VectorNumerics } from './numerics.js';

/** Element (i, j) -> address for one operand of the instruction. */
export type Addr = (i: number, j: number) => number;

export function operandAddr(ins: VectorInstruction, o: ViewOperand): Addr {
  const shape = OP_SPECS[ins.op].operands[o] as OperandShape;
  const v = ins[o] as View;
  return (i, j) => viewAddress(v, shape, i, j);
}

/** The constants block's word `idx`. */
export const constant = (ins: VectorInstruction, mem: Float32Array, idx: number): number => mem[(ins.k ?? 0) + idx]!;

/**
 * The one row-sum order, spelled for the interpreter: W = ROW_SUM_WAYS partials from +0, term j into
 * partial j mod W (j ascending), then the halving tree.
 */
export function orderedRowSum(nu: VectorNumerics, n: number, term: (j: number) => number): number {
  const part = new Array<number>(ROW_SUM_WAYS).fill(0);
  for (let j = 0; j < n; j++) part[j % ROW_SUM_WAYS] = nu.add(part[j % ROW_SUM_WAYS]!, term(j));
  for (let h = ROW_SUM_WAYS / 2; h >= 1; h /= 2) for (let k = 0; k < h; k++) part[k] = nu.add(part[k]!, part[k + h]!);
  return part[0]!;
}
