// No latch can be written: a combinational target without a default must be assigned on every path.
import type { DiagnosticSink } from '../diagnostics.js';
import type { IrModule, IrStmt, NetId } from '../ir/netlist.js';
import type { SourceLoc } from '../source-loc.js';
import { definitelyAssigned } from '../ir/walk.js';
import { isPoisoned } from '../ir/poisoned.js';

export function checkLatches(m: IrModule, sink: DiagnosticSink): void {
  for (const p of m.processes) {
    if (p.kind !== 'comb') continue;
    const covered = definitelyAssigned(p.body);
    for (const d of p.defaults) covered.add(d.target);
    for (const t of p.targets) {
      if (covered.has(t) || isPoisoned(m, t)) continue;
      const net = m.nets[t]!;
      const at = firstAssignLoc(p.body, t);
      sink.error(
        'TTF113',
        `'${net.name}' is not assigned on every path and has no default, which would make a latch: ` +
          `add an otherwise branch, or declare a default (e.g. this.wire(type, { default: 0 }) or .setDefault(0))`,
        at ?? net.loc,
      );
    }
  }
}

function firstAssignLoc(stmts: readonly IrStmt[], t: NetId): SourceLoc | undefined {
  for (const s of stmts) {
    if (s.kind === 'assign') {
      if (s.target === t) return s.loc;
      continue;
    }
    const inner = s.kind === 'if' ? [...s.then, ...s.else] : [...s.cases.flatMap((c) => c.body), ...s.default];
    const l = firstAssignLoc(inner, t);
    if (l) return l;
  }
  return undefined;
}
