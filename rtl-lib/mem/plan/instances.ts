// The physical instances a generator has to create for one placed tensor: which pool slot holds which
// bank, cascade step and column. Tensors that share storage get the same slots (at other times).
import type { TensorPlacement } from './plan-types.js';

export interface PrimitiveInstance {
  tensor: string;
  bank: number;
  /** Position in the depth cascade: holds bank rows [step * depth, (step + 1) * depth). */
  step: number;
  /** Position across the width: holds bits [column * width, (column + 1) * width) of a row. */
  column: number;
  /** Index of the physical primitive in the pool. */
  slot: number;
}

export function instancesOf(p: TensorPlacement): PrimitiveInstance[] {
  const out: PrimitiveInstance[] = [];
  if (!p.pool) return out;
  for (let bank = 0; bank < p.banks; bank++)
    for (let step = 0; step < p.cascade; step++)
      for (let column = 0; column < p.columns; column++)
        out.push({ tensor: p.name, bank, step, column, slot: p.offset + (bank * p.cascade + step) * p.columns + column });
  return out;
}
