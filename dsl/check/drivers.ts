// Every net has exactly one driver: a port, a cell, a process, a register, an instance or a memory.
// Drivers are counted in flat arrays; descriptions are built only for the nets reported.
import type { DiagnosticSink } from '../diagnostics.js';
import type { IrInstance, IrModule, NetId } from '../ir/netlist.js';
import { readCounts } from '../ir/walk.js';
import { isPoisoned } from '../ir/poisoned.js';

/** What drives `n`, in words, for messages. */
function describeDrivers(m: IrModule, n: NetId): string[] {
  const out: string[] = [];
  for (const p of m.ports) if (p.dir === 'input' && p.net === n) out.push('input port');
  for (const c of m.cells) if (c.out === n) out.push(`${c.op} cell`);
  for (const p of m.processes)
    if (p.targets.includes(n)) out.push(p.kind === 'comb' ? 'combinational assignment' : 'register assignment');
  for (const i of m.instances)
    for (const c of i.conns) if (c.dir === 'output' && c.net === n) out.push(`output ${c.port} of instance ${i.name}`);
  for (const mem of m.memories)
    for (const r of mem.readPorts) if (r.data === n) out.push(`read port of memory ${mem.name}`);
  return out;
}

/** For each net connected to an input of a child instance: which instances and ports. */
function inputsOfChildren(m: IrModule): Map<NetId, { inst: IrInstance; port: string }[]> {
  const out = new Map<NetId, { inst: IrInstance; port: string }[]>();
  for (const inst of m.instances)
    for (const c of inst.conns)
      if (c.dir === 'input') {
        const list = out.get(c.net);
        if (list) list.push({ inst, port: c.port });
        else out.set(c.net, [{ inst, port: c.port }]);
      }
  return out;
}

export function checkDrivers(m: IrModule, sink: DiagnosticSink): void {
  const n = m.nets.length;
  const comb = new Uint16Array(n); // drivers other than register assignments
  const sync = new Uint16Array(n);
  for (const p of m.ports) if (p.dir === 'input') comb[p.net]!++;
  for (const c of m.cells) comb[c.out]!++;
  for (const p of m.processes) for (const t of p.targets) (p.kind === 'comb' ? comb : sync)[t]!++;
  for (const i of m.instances) for (const c of i.conns) if (c.dir === 'output') comb[c.net]!++;
  for (const mem of m.memories) for (const r of mem.readPorts) comb[r.data]!++;
  // Register of each net by index, not a Map lookup for every net of a large module.
  const regAt = new Int32Array(n).fill(-1);
  m.registers.forEach((r, i) => {
    regAt[r.net] = i;
  });
  const reads = readCounts(m);
  let childInputs: Map<NetId, { inst: IrInstance; port: string }[]> | undefined;
  for (const net of m.nets) {
    if (net.kind === 'const') continue;
    const id = net.id;
    const reg = regAt[id]! >= 0 ? m.registers[regAt[id]!] : undefined;
    if (comb[id]! > 1 || (reg && comb[id]! > 0)) {
      const d = describeDrivers(m, id);
      sink.error('TTF111', `'${net.name}' has ${d.length} drivers: ${d.join(', ')}`, net.loc);
    }
    if (comb[id]! + sync[id]! === 0 && !isPoisoned(m, id)) {
      if (reg && reg.init !== undefined) continue; // a constant register
      childInputs ??= inputsOfChildren(m);
      const feeds = childInputs.get(id);
      if (feeds) {
        // The net exists only as the connection: name the instance, its port and where it was made.
        for (const { inst, port } of feeds)
          sink.error(
            'TTF116',
            `input '${port}' of instance '${inst.name}' (${inst.module.name}) is never driven: ` +
              `set it after the instance is made (a constant if it is unused)`,
            inst.loc ?? net.loc,
          );
        continue;
      }
      if (net.kind === 'output')
        sink.error(
          'TTF110',
          `output '${net.name}' of ${m.name} is never assigned: assign it, or give it a default`,
          net.loc,
        );
      else if (reads[id]! > 0)
        sink.error(
          'TTF110',
          `'${net.name}' is read but never assigned${reg ? ' (a register without init that never loads)' : ''}`,
          net.loc,
        );
    }
  }
}
