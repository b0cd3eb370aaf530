// Orders the combinational parts of a flat netlist (cells, comb processes, async memory reads) so each
// runs after everything it reads: one pass then settles the whole design. A cycle is a user error.
import type { IrStmt } from '../../dsl/ir/netlist.js';
import { DiagnosticError } from '../../dsl/diagnostics.js';
import type { FlatDesign } from '../flatten.js';

export type CombNode =
  | { kind: 'cell'; index: number }
  | { kind: 'process'; index: number }
  | { kind: 'memread'; mem: number; port: number };

/** Every net a statement list reads (conditions, selectors, assigned values). */
export function stmtReads(body: readonly IrStmt[], into: Set<number>): Set<number> {
  for (const s of body) {
    if (s.kind === 'assign') into.add(s.value);
    else if (s.kind === 'if') {
      into.add(s.cond);
      stmtReads(s.then, into);
      stmtReads(s.else, into);
    } else {
      into.add(s.sel);
      for (const c of s.cases) stmtReads(c.body, into);
      stmtReads(s.default, into);
    }
  }
  return into;
}

function nodeIo(fd: FlatDesign, n: CombNode): { ins: number[]; outs: number[] } {
  if (n.kind === 'cell') {
    const c = fd.cells[n.index]!;
    return { ins: c.ins, outs: [c.out] };
  }
  if (n.kind === 'memread') {
    const r = fd.memories[n.mem]!.readPorts[n.port]!;
    return { ins: [r.addr], outs: [r.data] };
  }
  const p = fd.processes[n.index]!;
  const reads = stmtReads(p.body, new Set(p.defaults.map((d) => d.value)));
  for (const t of p.targets) reads.delete(t);
  return { ins: [...reads], outs: p.targets };
}

/** The comb nodes in evaluation order. */
export function scheduleComb(fd: FlatDesign): CombNode[] {
  const nodes: CombNode[] = [];
  fd.cells.forEach((_, index) => nodes.push({ kind: 'cell', index }));
  fd.processes.forEach((p, index) => {
    if (p.kind === 'comb') nodes.push({ kind: 'process', index });
  });
  fd.memories.forEach((m, mem) =>
    m.readPorts.forEach((r, port) => {
      if (!r.sync) nodes.push({ kind: 'memread', mem, port });
    }),
  );

  const io = nodes.map((n) => nodeIo(fd, n));
  const producer = new Map<number, number>();
  io.forEach((x, i) => x.outs.forEach((o) => producer.set(o, i)));
  const indeg = new Array<number>(nodes.length).fill(0);
  const consumers: number[][] = nodes.map(() => []);
  io.forEach((x, i) => {
    for (const inp of new Set(x.ins)) {
      const p = producer.get(inp);
      if (p === undefined || p === i) continue;
      indeg[i]!++;
      consumers[p]!.push(i);
    }
  });
  const ready: number[] = [];
  indeg.forEach((d, i) => {
    if (d === 0) ready.push(i);
  });
  const order: CombNode[] = [];
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k]!;
    order.push(nodes[i]!);
    for (const c of consumers[i]!) if (--indeg[c]! === 0) ready.push(c);
  }
  if (order.length !== nodes.length) {
    const stuck = new Set<string>();
    indeg.forEach((d, i) => {
      if (d > 0) for (const o of io[i]!.outs) stuck.add(fd.nets[o]!.names[0]!);
    });
    throw new DiagnosticError([
      {
        code: 'TTF112',
        severity: 'error',
        message: `combinational loop through: ${[...stuck].slice(0, 12).join(', ')}`,
      },
    ]);
  }
  return order;
}
