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
        out.push({
          tensor: p.name,
          bank,
          step,
          column,
          slot: p.offset + (bank * p.cascade + step) * p.columns + column,
        });
  return out;
}

/** Per pool, per physical slot: the tensors that use it (at different times), sorted by name. */
export function slotUsers(tensors: readonly TensorPlacement[]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const p of tensors) {
    if (!p.pool) continue;
    const slots = out.get(p.pool) ?? [];
    for (const i of instancesOf(p)) (slots[i.slot] ??= []).push(p.name);
    out.set(p.pool, slots);
  }
  for (const slots of out.values()) for (let i = 0; i < slots.length; i++) slots[i] = (slots[i] ?? []).sort();
  return out;
}
