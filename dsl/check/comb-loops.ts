// Finds combinational loops (through cells, combinational processes, asynchronous memory reads and
// the combinational paths of child instances) and prints each loop hop by hop with source lines.
// The graph is kept in flat typed arrays: a module can have hundreds of thousands of edges.
import type { DiagnosticNote, DiagnosticSink } from '../diagnostics.js';
import type { IrModule, NetId } from '../ir/netlist.js';
import type { SourceLoc } from '../source-loc.js';
import { processReads } from '../ir/walk.js';

const CELL = 0;
const ASSIGN = 1;
const MEMREAD = 2;
const INSTANCE = 3;

/** Edges in compressed rows: the edges of net n are start[n] .. start[n+1]-1. */
interface CombGraph {
  start: Int32Array;
  to: Int32Array;
  kind: Uint8Array;
  /** Cell index, memory index, or index into `instanceHops`. */
  ref: Int32Array;
  instanceHops: { inst: number; from: string; to: string }[];
}

const pathCache = new WeakMap<IrModule, Map<string, Set<string>>>();

/** For each input port of `m`, the output ports it reaches without passing a register. */
export function combPortPaths(m: IrModule): Map<string, Set<string>> {
  const cached = pathCache.get(m);
  if (cached) return cached;
  const res = new Map<string, Set<string>>();
  if (m.blackbox) {
    pathCache.set(m, res); // unknown inside: assume registered outputs
    return res;
  }
  const g = combGraph(m);
  const outNames = new Map(m.ports.filter((p) => p.dir === 'output').map((p) => [p.net, p.name]));
  const seen = new Int32Array(m.nets.length).fill(-1);
  m.ports.forEach((p, pi) => {
    if (p.dir !== 'input') return;
    const reach = new Set<string>();
    const stack = [p.net];
    seen[p.net] = pi;
    while (stack.length) {
      const n = stack.pop()!;
      const o = outNames.get(n);
      if (o) reach.add(o);
      for (let e = g.start[n]!; e < g.start[n + 1]!; e++) {
        const t = g.to[e]!;
        if (seen[t] !== pi) {
          seen[t] = pi;
          stack.push(t);
        }
      }
    }
    res.set(p.name, reach);
  });
  pathCache.set(m, res);
  return res;
}

function combGraph(m: IrModule): CombGraph {
  // Edges other than cell inputs (few: processes, async reads, instance paths) are listed first;
  // cell edges, one per cell input and the bulk of a large module, are counted and then placed
  // straight into the rows, without intermediate lists.
  const from: number[] = [];
  const to: number[] = [];
  const kind: number[] = [];
  const ref: number[] = [];
  const instanceHops: CombGraph['instanceHops'] = [];
  for (const p of m.processes) {
    if (p.kind !== 'comb') continue;
    for (const r of processReads(p))
      for (const t of p.targets) {
        from.push(r);
        to.push(t);
        kind.push(ASSIGN);
        ref.push(t);
      }
  }
  m.memories.forEach((mem, mi) => {
    for (const r of mem.readPorts)
      if (!r.sync) {
        from.push(r.addr);
        to.push(r.data);
        kind.push(MEMREAD);
        ref.push(mi);
      }
  });
  m.instances.forEach((inst, ii) => {
    const paths = combPortPaths(inst.module);
    if (paths.size === 0) return;
    const netOf = new Map(inst.conns.map((c) => [c.port, c.net]));
    for (const [i, outs] of paths)
      for (const o of outs) {
        instanceHops.push({ inst: ii, from: i, to: o });
        from.push(netOf.get(i)!);
        to.push(netOf.get(o)!);
        kind.push(INSTANCE);
        ref.push(instanceHops.length - 1);
      }
  });
  // Rows by source net: the edges of net n are start[n] .. start[n+1]-1, cell edges first.
  const n = m.nets.length;
  const cells = m.cells;
  const start = new Int32Array(n + 1);
  for (const c of cells) for (const i of c.ins) start[i + 1]!++;
  for (const f of from) start[f + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const E = start[n]!;
  const g: CombGraph = { start, to: new Int32Array(E), kind: new Uint8Array(E), ref: new Int32Array(E), instanceHops };
  for (let ci = 0; ci < cells.length; ci++) {
    const c = cells[ci]!;
    for (const i of c.ins) {
      const slot = fill[i]!++;
      g.to[slot] = c.out;
      g.kind[slot] = CELL;
      g.ref[slot] = ci;
    }
  }
  for (let e = 0; e < from.length; e++) {
    const slot = fill[from[e]!]!++;
    g.to[slot] = to[e]!;
    g.kind[slot] = kind[e]!;
    g.ref[slot] = ref[e]!;
  }
  return g;
}

function describeEdge(m: IrModule, g: CombGraph, e: number): { via: string; loc: SourceLoc | undefined } {
  const r = g.ref[e]!;
  switch (g.kind[e]) {
    case CELL: {
      const c = m.cells[r]!;
      return { via: c.op, loc: c.loc ?? m.nets[c.out]!.loc };
    }
    case ASSIGN:
      return { via: 'assignment', loc: m.nets[r]!.loc };
    case MEMREAD:
      return { via: `async read of ${m.memories[r]!.name}`, loc: m.memories[r]!.loc };
    default: {
      const h = g.instanceHops[r]!;
      const inst = m.instances[h.inst]!;
      return { via: `instance ${inst.name} (${h.from} -> ${h.to})`, loc: inst.loc };
    }
  }
}

export function checkCombLoops(m: IrModule, sink: DiagnosticSink): void {
  const g = combGraph(m);
  const n = m.nets.length;
  // Iterative DFS with colours (0 new, 1 on the path, 2 done); each back edge closes one loop.
  const colour = new Uint8Array(n);
  const nextEdge = new Int32Array(n);
  const pathNets: NetId[] = [];
  const pathEdges: number[] = []; // pathEdges[k] leads into pathNets[k + 1]
  const reported = new Set<string>();
  for (let s = 0; s < n; s++) {
    if (colour[s]) continue;
    colour[s] = 1;
    nextEdge[s] = g.start[s]!;
    pathNets.push(s);
    while (pathNets.length) {
      const top = pathNets[pathNets.length - 1]!;
      const e = nextEdge[top]!;
      if (e >= g.start[top + 1]!) {
        colour[top] = 2;
        pathNets.pop();
        pathEdges.pop();
        continue;
      }
      nextEdge[top] = e + 1;
      const t = g.to[e]!;
      if (colour[t] === 1) {
        const at = pathNets.lastIndexOf(t);
        const loopNets = pathNets.slice(at);
        const key = [...loopNets].sort((a, b) => a - b).join(',');
        if (reported.has(key)) continue;
        reported.add(key);
        const hopEdges = [...pathEdges.slice(at), e];
        const hopFrom = [...loopNets];
        const notes: DiagnosticNote[] = hopEdges.map((he, k) => {
          const d = describeEdge(m, g, he);
          return { message: `${m.nets[hopFrom[k]!]!.name} -> ${m.nets[g.to[he]!]!.name} (${d.via})`, loc: d.loc };
        });
        sink.error(
          'TTF112',
          `combinational loop in ${m.name} through ${loopNets.map((x) => `'${m.nets[x]!.name}'`).join(', ')}: break it with a register`,
          notes[0]?.loc,
          notes,
        );
      } else if (colour[t] === 0) {
        colour[t] = 1;
        nextEdge[t] = g.start[t]!;
        pathNets.push(t);
        pathEdges.push(e);
      }
    }
  }
}
