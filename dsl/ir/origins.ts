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
