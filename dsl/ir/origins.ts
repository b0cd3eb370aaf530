// Side tables kept next to the IR, not in it.
import type { IrCell } from './netlist.js';
import type { SourceLoc } from '../source-loc.js';

/** Where a cell came from in the user's source. */
export function cellLoc(c: IrCell): SourceLoc | undefined {
  return c.loc;
}

/** Nets whose assignment the user got wrong: checks stay quiet about them (the real error is already reported). */
const poisoned = new WeakMap<object, Set<number>>();

export function markPoisoned(module: object, net: number): void {
  let s = poisoned.get(module);
  if (!s) poisoned.set(module, (s = new Set()));
  s.add(net);
}

export function isPoisoned(module: object, net: number): boolean {
  return poisoned.get(module)?.has(net) ?? false;
}
