// Where each cell came from in the user's source, kept aside from the IR and resolved only when a
// diagnostic needs it (resolving every stack up front would slow large designs down).
import { type LazyLoc, type SourceLoc, resolveLoc } from '../source-loc.js';
import type { IrCell } from './netlist.js';

const origins = new WeakMap<IrCell, LazyLoc>();

export function setCellOrigin(c: IrCell, loc: LazyLoc): void {
  if (loc) origins.set(c, loc);
}

export function cellLoc(c: IrCell): SourceLoc | undefined {
  return c.loc ?? resolveLoc(origins.get(c));
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
