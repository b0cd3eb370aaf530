// Finds combinational loops (through cells, combinational processes, asynchronous memory reads and
// the combinational paths of child instances) and prints each loop hop by hop with source lines.
import type { DiagnosticNote, DiagnosticSink } from '../diagnostics.js';
import type { IrCell, IrModule, NetId } from '../ir/netlist.js';
import type { SourceLoc } from '../source-loc.js';
import { cellLoc } from '../ir/origins.js';
import { processReads } from '../ir/walk.js';

interface Edge { to: NetId; via: string; loc?: SourceLoc | undefined; cell?: IrCell }

const pathCache = new WeakMap<IrModule, Map<string, Set<string>>>();

/** For each input port of `m`, the output ports it reaches without passing a register. */
export function combPortPaths(m: IrModule): Map<string, Set<string>> {
  const cached = pathCache.get(m);
  if (cached) return cached;
  const g = combGraph(m);
  const outNames = new Map(m.ports.filter((p) => p.dir === 'output').map((p) => [p.net, p.name]));
  const res = new Map<string, Set<string>>();
  for (const p of m.ports) {
    if (p.dir !== 'input') continue;
    const seen = new Set<NetId>([p.net]);
    const stack = [p.net];
    const reach = new Set<string>();
    while (stack.length) {
      const n = stack.pop()!;
      const o = outNames.get(n);
      if (o) reach.add(o);
      for (const e of g[n]!) if (!seen.has(e.to)) { seen.add(e.to); stack.push(e.to); }
    }
    res.set(p.name, reach);
  }
  pathCache.set(m, res);
  return res;
}

function combGraph(m: IrModule): Edge[][] {
  const g: Edge[][] = m.nets.map(() => []);
  for (const c of m.cells) for (const i of c.ins) g[i]!.push({ to: c.out, via: `${c.op}`, cell: c });
  for (const p of m.processes) {
    if (p.kind !== 'comb') continue;
    const reads = processReads(p);
    for (const r of reads) for (const t of p.targets) g[r]!.push({ to: t, via: 'assignment', loc: m.nets[t]!.loc });
  }
  for (const mem of m.memories) for (const r of mem.readPorts) {
    if (r.sync) continue;
    g[r.addr]!.push({ to: r.data, via: `async read of ${mem.name}`, loc: mem.loc });
  }
  for (const inst of m.instances) {
    const paths = combPortPaths(inst.module);
    const netOf = new Map(inst.conns.map((c) => [c.port, c.net]));
    for (const [i, outs] of paths) for (const o of outs) {
      g[netOf.get(i)!]!.push({ to: netOf.get(o)!, via: `instance ${inst.name} (${i} -> ${o})`, loc: inst.loc });
    }
  }
  return g;
}

export function checkCombLoops(m: IrModule, sink: DiagnosticSink): void {
  const g = combGraph(m);
  // Iterative DFS with colours; each back edge closes one loop, reported once per set of nets.
  const colour = new Uint8Array(m.nets.length);
  const parentEdge: (Edge & { from: NetId })[] = [];
  const reported = new Set<string>();
  for (let s = 0; s < m.nets.length; s++) {
    if (colour[s]) continue;
    const stack: { n: NetId; i: number }[] = [{ n: s, i: 0 }];
    const onPath: NetId[] = [s];
    colour[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const edges = g[top.n]!;
      if (top.i >= edges.length) {
        colour[top.n] = 2;
        stack.pop();
        onPath.pop();
        parentEdge.pop();
        continue;
      }
      const e = edges[top.i++]!;
      if (colour[e.to] === 1) {
        const start = onPath.indexOf(e.to);
        const loopNets = onPath.slice(start);
        const key = [...loopNets].sort((a, b) => a - b).join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const hops = [...parentEdge.slice(start), { ...e, from: top.n }].map((h) => (h.cell ? { ...h, loc: cellLoc(h.cell) } : h));
          const notes: DiagnosticNote[] = hops.map((h) => ({ message: `${m.nets[h.from]!.name} -> ${m.nets[h.to]!.name} (${h.via})`, loc: h.loc }));
          sink.error('TTF112', `combinational loop in ${m.name} through ${loopNets.map((n) => `'${m.nets[n]!.name}'`).join(', ')}: break it with a register`, hops[0]?.loc, notes);
        }
      } else if (colour[e.to] === 0) {
        colour[e.to] = 1;
        stack.push({ n: e.to, i: 0 });
        onPath.push(e.to);
        parentEdge.push({ ...e, from: top.n });
      }
    }
  }
}
