// Warns about signals the user named that nothing reads: usually a forgotten connection.
import type { DiagnosticSink } from '../diagnostics.js';
import type { IrModule } from '../ir/netlist.js';
import { readCounts } from '../ir/walk.js';

export function checkUnused(m: IrModule, sink: DiagnosticSink): void {
  const reads = readCounts(m);
  const clockish = new Set(m.domains.flatMap((d) => [d.clock, ...(d.reset !== undefined ? [d.reset] : [])]));
  for (const n of m.nets) {
    if (!n.userNamed || n.kind === 'output' || n.kind === 'const' || clockish.has(n.id)) continue;
    if (reads[n.id] === 0) sink.warning('TTF120', `'${n.name}' in ${m.name} is never used`, n.loc);
  }
}
