// Assignments a later unconditional one overrides, dropped before printing: a combinational
// process whose default (or an earlier statement) is followed, at the top level, by an unconditional
// assignment of the same target reads `x = 0; x = 1; x = en;` otherwise (every rtl-lib RAM's write
// port did). Last-connect semantics make the dropped statements dead, so the logic is unchanged.
import type { IrModule, IrProcess, IrStmt, NetId } from '../ir/netlist.js';
import { prune } from '../ir/walk.js';

/** The module with every combinational process stripped of overridden assignments (same object if none). */
export function withoutDeadAssignments(m: IrModule): IrModule {
  let changed = false;
  const processes = m.processes.map((p) => {
    const q = p.kind === 'comb' ? simplify(p) : p;
    if (q !== p) changed = true;
    return q;
  });
  return changed ? { ...m, processes } : m;
}

function simplify(p: IrProcess): IrProcess {
  // The last top-level, unconditional assignment of each target.
  const last = new Map<NetId, number>();
  p.body.forEach((s, i) => {
    if (s.kind === 'assign') last.set(s.target, i);
  });
  if (last.size === 0) return p;
  const defaults = p.defaults.filter((d) => !last.has(d.target));
  let dropped = defaults.length !== p.defaults.length;
  const body: IrStmt[] = [];
  p.body.forEach((s, i) => {
    const live = (t: NetId): boolean => (last.get(t) ?? -1) <= i;
    const kept = s.kind === 'assign' ? (live(s.target) ? s : undefined) : prune(s, live);
    if (kept !== s) dropped = true;
    if (kept) body.push(kept);
  });
  return dropped ? { ...p, defaults, body } : p;
}
