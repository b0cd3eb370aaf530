// Small read-only queries over the netlist IR shared by the checks, the emitter and the simulators.
import type { IrModule, IrProcess, IrStmt, NetId } from './netlist.js';

/** Calls `read` for every net a statement list reads (conditions, selectors, values). */
export function forEachStmtRead(stmts: readonly IrStmt[], read: (n: NetId) => void): void {
  for (const s of stmts) {
    if (s.kind === 'assign') read(s.value);
    else if (s.kind === 'if') {
      read(s.cond);
      forEachStmtRead(s.then, read);
      forEachStmtRead(s.else, read);
    } else {
      read(s.sel);
      for (const c of s.cases) forEachStmtRead(c.body, read);
      forEachStmtRead(s.default, read);
    }
  }
}

/** Every net a process reads. */
export function processReads(p: IrProcess): Set<NetId> {
  const out = new Set<NetId>();
  for (const d of p.defaults) out.add(d.value);
  forEachStmtRead(p.body, (n) => out.add(n));
  return out;
}

const countsCache = new WeakMap<IrModule, Uint32Array>();

/**
 * How many times each net is read anywhere in the module (cells, processes, instances, memories,
 * domains). Cached per module, which is never changed after elaboration; do not modify the result.
 */
export function readCounts(m: IrModule): Uint32Array {
  let c = countsCache.get(m);
  if (!c) countsCache.set(m, (c = countReads(m)));
  return c;
}

function countReads(m: IrModule): Uint32Array {
  const counts = new Uint32Array(m.nets.length);
  // Plain loops for the cells: one callback per cell input was most of this for large modules.
  for (const c of m.cells) for (const i of c.ins) counts[i]!++;
  for (const p of m.processes) for (const n of processReads(p)) counts[n]!++;
  for (const i of m.instances) for (const c of i.conns) if (c.dir === 'input') counts[c.net]!++;
  for (const mem of m.memories) {
    for (const w of mem.writePorts) {
      counts[w.en]!++;
      counts[w.addr]!++;
      counts[w.data]!++;
      if (w.mask !== undefined) counts[w.mask]!++;
    }
    for (const r of mem.readPorts) {
      counts[r.addr]!++;
      if (r.enable !== undefined) counts[r.enable]!++;
    }
  }
  for (const d of m.domains) {
    counts[d.clock]!++;
    if (d.reset !== undefined) counts[d.reset]!++;
  }
  for (const p of m.ports) if (p.dir === 'output') counts[p.net]!++;
  return counts;
}

/** Targets assigned on every path through `stmts`. */
export function definitelyAssigned(stmts: readonly IrStmt[]): Set<NetId> {
  const out = new Set<NetId>();
  for (const s of stmts) {
    if (s.kind === 'assign') out.add(s.target);
    else if (s.kind === 'if') {
      const a = definitelyAssigned(s.then);
      const b = definitelyAssigned(s.else);
      for (const t of a) if (b.has(t)) out.add(t);
    } else if (s.default.length > 0) {
      // A case without a default branch is not taken to cover every value.
      const sets = [...s.cases.map((c) => definitelyAssigned(c.body)), definitelyAssigned(s.default)];
      const [first, ...rest] = sets;
      for (const t of first!) if (rest.every((r) => r.has(t))) out.add(t);
    }
  }
  return out;
}

/** Keeps only assignments to `keep` targets; drops branches left empty. */
export function prune(s: IrStmt, keep: (t: NetId) => boolean): IrStmt | undefined {
  switch (s.kind) {
    case 'assign':
      return keep(s.target) ? s : undefined;
    case 'if': {
      const then = s.then.map((x) => prune(x, keep)).filter((x): x is IrStmt => x !== undefined);
      const els = s.else.map((x) => prune(x, keep)).filter((x): x is IrStmt => x !== undefined);
      return then.length || els.length ? { ...s, then, else: els } : undefined;
    }
    case 'case': {
      const cases = s.cases.map((c) => ({
        values: c.values,
        body: c.body.map((x) => prune(x, keep)).filter((x): x is IrStmt => x !== undefined),
      }));
      const def = s.default.map((x) => prune(x, keep)).filter((x): x is IrStmt => x !== undefined);
      return cases.some((c) => c.body.length) || def.length ? { ...s, cases, default: def } : undefined;
    }
  }
}
