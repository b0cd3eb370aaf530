// Which words each program instruction reads and writes, as address ranges [lo, hi] per operand: the
// one description the lifetime analysis (reuse.ts) and the memory plan (memory-plan.ts) read, so they
// cannot disagree with what the interpreter touches. Views have non-negative strides (the validator
// refuses others), so a view's lowest address is its offset and its highest the last element's.
import { OP_SPECS, type ViewOperand, SOURCE_OPERANDS, viewLastAddress } from '../engine/vector/isa.js';
import { type ProgramInstruction, type View, isGemm } from './isa.js';

export interface Access {
  /** The instruction's field: a, b, c of a GEMM (A, B, C); a..d, y, z, w, k of a vector instruction. */
  field: 'a' | 'b' | 'c' | 'd' | 'y' | 'z' | 'w' | 'k';
  view: View;
  lo: number;
  hi: number;
  read: boolean;
  write: boolean;
  /** Elements per row of the access (the operand's inner extent), for lane counts. */
  cols: number;
}

const lastOf = (v: View, rows: number, cols: number): number => v.off + (rows - 1) * v.row + (cols - 1) * v.col;

/** Every operand access of one instruction (constants blocks included, as reads). */
export function accessesOf(ins: ProgramInstruction): Access[] {
  if (isGemm(ins)) {
    const acc = (
      field: 'a' | 'b' | 'c',
      view: View,
      rows: number,
      cols: number,
      read: boolean,
      write: boolean,
    ): Access => ({
      field,
      view,
      lo: view.off,
      hi: lastOf(view, rows, cols),
      read,
      write,
      cols,
    });
    return [
      acc('a', ins.a, ins.m, ins.k, true, false),
      acc('b', ins.b, ins.k, ins.n, true, false),
      acc('c', ins.c, ins.m, ins.n, ins.accumulate, true),
    ];
  }
  const spec = OP_SPECS[ins.op];
  const out: Access[] = [];
  for (const [operand, shape] of Object.entries(spec.operands) as [ViewOperand, 'mn' | 'row' | 'col'][]) {
    const view = ins[operand];
    if (!view) continue;
    const source = (SOURCE_OPERANDS as readonly string[]).includes(operand);
    // Accumulating destinations read what they add to (sumRows with accumulate, layerNormBwd's dGamma, dBeta).
    const accumulates = (ins.op === 'sumRows' && ins.accumulate === true) || spec.roles[operand]?.includes('+=');
    out.push({
      field: operand,
      view,
      lo: view.off,
      hi: viewLastAddress(view, shape, ins.m, ins.n),
      read: source || accumulates === true,
      write: !source,
      cols: shape === 'col' ? 1 : ins.n,
    });
  }
  if (ins.k !== undefined && spec.consts.length > 0) {
    const view: View = { off: ins.k, row: 0, col: 1 };
    out.push({ field: 'k', view, lo: ins.k, hi: ins.k + spec.consts.length - 1, read: true, write: false, cols: 1 });
  }
  return out;
}
