// Every net has exactly one driver: a port, a cell, a process, a register, an instance or a memory.
import type { DiagnosticSink } from '../diagnostics.js';
import type { IrModule, NetId } from '../ir/netlist.js';
import { readCounts } from '../ir/walk.js';
import { isPoisoned } from '../ir/origins.js';

export function checkDrivers(m: IrModule, sink: DiagnosticSink): void {
  const drivers: string[][] = m.nets.map(() => []);
  const add = (n: NetId, what: string) => drivers[n]!.push(what);
  for (const p of m.ports) if (p.dir === 'input') add(p.net, 'input port');
  for (const c of m.cells) add(c.out, `${c.op} cell`);
  for (const p of m.processes) for (const t of p.targets) add(t, p.kind === 'comb' ? 'combinational assignment' : 'register assignment');
  for (const i of m.instances) for (const c of i.conns) if (c.dir === 'output') add(c.net, `output ${c.port} of instance ${i.name}`);
  for (const mem of m.memories) for (const r of mem.readPorts) add(r.data, `read port of memory ${mem.name}`);
  const regs = new Set(m.registers.map((r) => r.net));
  const reads = readCounts(m);
  for (const net of m.nets) {
    const d = drivers[net.id]!;
    if (net.kind === 'const') continue;
    const dd = d.filter((x) => x !== 'register assignment');
    if (dd.length > 1 || (regs.has(net.id) && dd.length > 0)) {
      sink.error('TTF111', `'${net.name}' has ${d.length} drivers: ${d.join(', ')}`, net.loc);
    }
    if (d.length === 0 && !isPoisoned(m, net.id)) {
      const r = m.registers.find((x) => x.net === net.id);
      if (r && r.init !== undefined) continue; // a constant register
      if (net.kind === 'output') sink.error('TTF110', `output '${net.name}' of ${m.name} is never assigned: assign it, or give it a default`, net.loc);
      else if (reads[net.id]! > 0) sink.error('TTF110', `'${net.name}' is read but never assigned${r ? ' (a register without init that never loads)' : ''}`, net.loc);
    }
  }
}
