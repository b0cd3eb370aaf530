// Flattens a Design into one netlist: every module instance gets its own copy of its child's nets,
// cells, processes, registers and memories; port connections become aliases (one storage slot shared by
// the parent's net and the child's port net). Names keep the hierarchy: `inst.sub.net`.
import type { CellOp, Design, IrModule, IrStmt, NetId } from '../dsl/ir/netlist.js';
import { UserError } from '../dsl/diagnostics.js';

export interface FlatNet {
  readonly id: number;
  readonly width: number;
  readonly signed: boolean;
  /** Hierarchical names of every original net merged into this one, shallowest first. */
  readonly names: string[];
  readonly constValue?: bigint | undefined;
  /** True when a named user signal (or a port) lives here: shown in waveforms. */
  userNamed: boolean;
  /** Output of a register or a synchronous memory read port. */
  isState: boolean;
}

export interface FlatCell {
  op: CellOp;
  out: number;
  ins: number[];
  signed: boolean;
  hi: number;
  lo: number;
}
export interface FlatProcess {
  kind: 'comb' | 'sync';
  domain: number;
  targets: number[];
  defaults: { target: number; value: number }[];
  body: IrStmt[];
}
export interface FlatRegister {
  net: number;
  domain: number;
  init: bigint | undefined;
  reset: 'sync' | 'async' | 'none';
}
export interface FlatDomain {
  name: string;
  clock: number;
  reset: number | undefined;
  resetKind: 'sync' | 'async';
  resetActiveLow: boolean;
}
export interface FlatMemory {
  name: string;
  width: number;
  depth: number;
  init: bigint[] | undefined;
  writePorts: {
    domain: number;
    en: number;
    addr: number;
    data: number;
    mask: number | undefined;
    maskGranularity: number;
  }[];
  readPorts: { addr: number; data: number; enable: number | undefined; sync: boolean; domain: number }[];
}
export interface FlatPort {
  name: string;
  dir: 'input' | 'output';
  net: number;
  width: number;
}

export interface FlatDesign {
  readonly topName: string;
  readonly nets: FlatNet[];
  readonly cells: FlatCell[];
  readonly processes: FlatProcess[];
  readonly registers: FlatRegister[];
  readonly domains: FlatDomain[];
  readonly memories: FlatMemory[];
  readonly ports: FlatPort[];
  /** Every hierarchical name (and port name) to its net. */
  readonly netByName: Map<string, number>;
  readonly memoryByName: Map<string, number>;
}

interface RawNet {
  width: number;
  signed: boolean;
  name: string;
  constValue: bigint | undefined;
  userNamed: boolean;
  state: boolean;
}

/** Flattens the design's top module and everything below it. */
export function flattenDesign(design: Design): FlatDesign {
  const raw: RawNet[] = [];
  const parent: number[] = [];
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    // The smaller id (allocated first, so shallower) stays the representative.
    if (ra < rb) parent[rb] = ra;
    else parent[ra] = rb;
  };
  const cells: FlatCell[] = [];
  const processes: FlatProcess[] = [];
  const registers: FlatRegister[] = [];
  const domains: FlatDomain[] = [];
  const memories: FlatMemory[] = [];

  const visit = (mod: IrModule, prefix: string): number[] => {
    if (mod.blackbox) {
      throw new UserError(
        `module '${mod.name}' is a black box (external Verilog); the built-in simulator cannot run it: use --backend verilator or icarus`,
      );
    }
    const map: number[] = [];
    for (const n of mod.nets) {
      const id = raw.length;
      const isConst = n.kind === 'const';
      raw.push({
        width: n.width,
        signed: n.signed,
        name: prefix + n.name,
        constValue: isConst ? BigInt.asUintN(n.width, n.constValue ?? 0n) : undefined,
        userNamed: n.userNamed || n.kind === 'input' || n.kind === 'output',
        state: false,
      });
      parent.push(id);
      map[n.id] = id;
    }
    const g = (id: NetId): number => {
      const x = map[id];
      if (x === undefined) throw new Error(`netlist of '${mod.name}' refers to unknown net ${id}`);
      return x;
    };
    const domainBase = domains.length;
    for (const d of mod.domains) {
      domains.push({
        name: prefix + d.name,
        clock: g(d.clock),
        reset: d.reset === undefined ? undefined : g(d.reset),
        resetKind: d.resetKind,
        resetActiveLow: d.resetActiveLow,
      });
    }
    const dom = (i: number | undefined): number => {
      if (mod.domains.length === 0) throw new Error(`module '${mod.name}' has state but no clock domain`);
      return domainBase + (i ?? 0);
    };
    for (const c of mod.cells)
      cells.push({
        op: c.op,
        out: g(c.out),
        ins: c.ins.map(g),
        signed: c.signed ?? false,
        hi: c.hi ?? 0,
        lo: c.lo ?? 0,
      });
    for (const p of mod.processes) {
      processes.push({
        kind: p.kind,
        domain: p.kind === 'sync' ? dom(p.domain) : -1,
        targets: p.targets.map(g),
        defaults: p.defaults.map((d) => ({ target: g(d.target), value: g(d.value) })),
        body: remapStmts(p.body, g),
      });
    }
    for (const r of mod.registers) {
      registers.push({ net: g(r.net), domain: dom(r.domain), init: r.init, reset: r.reset });
      raw[g(r.net)]!.state = true;
    }
    for (const m of mod.memories) {
      memories.push({
        name: prefix + m.name,
        width: m.width,
        depth: m.depth,
        init: m.init,
        writePorts: m.writePorts.map((w) => ({
          domain: dom(w.domain),
          en: g(w.en),
          addr: g(w.addr),
          data: g(w.data),
          mask: w.mask === undefined ? undefined : g(w.mask),
          maskGranularity: w.maskGranularity,
        })),
        readPorts: m.readPorts.map((r) => ({
          addr: g(r.addr),
          data: g(r.data),
          enable: r.enable === undefined ? undefined : g(r.enable),
          sync: r.sync,
          domain: r.sync ? dom(r.domain) : -1,
        })),
      });
      for (const r of m.readPorts) if (r.sync) raw[g(r.data)]!.state = true;
    }
    for (const inst of mod.instances) {
      const childMap = visit(inst.module, `${prefix}${inst.name}.`);
      for (const c of inst.conns) {
        const port = inst.module.ports.find((p) => p.name === c.port);
        if (!port) throw new Error(`instance '${prefix}${inst.name}' connects unknown port '${c.port}'`);
        union(g(c.net), childMap[port.net]!);
      }
    }
    return map;
  };

  const topMap = visit(design.top, '');

  // Compact the alias classes into dense ids.
  const dense = new Map<number, number>();
  const nets: FlatNet[] = [];
  const idOf = (rawId: number): number => {
    const r = find(rawId);
    let d = dense.get(r);
    if (d === undefined) {
      const rn = raw[r]!;
      d = nets.length;
      dense.set(r, d);
      nets.push({
        id: d,
        width: rn.width,
        signed: rn.signed,
        names: [],
        constValue: undefined,
        userNamed: false,
        isState: false,
      });
    }
    return d;
  };
  const netByName = new Map<string, number>();
  const constOf = new Map<number, bigint>();
  for (let i = 0; i < raw.length; i++) {
    const d = idOf(i);
    const rn = raw[i]!;
    const fn = nets[d]!;
    if (rn.width !== fn.width)
      throw new Error(
        `connection joins nets of different widths: '${rn.name}' (${rn.width}) and '${fn.names[0] ?? '?'}' (${fn.width})`,
      );
    fn.names.push(rn.name);
    if (!netByName.has(rn.name)) netByName.set(rn.name, d);
    if (rn.userNamed) fn.userNamed = true;
    if (rn.state) fn.isState = true;
    if (rn.constValue !== undefined) constOf.set(d, rn.constValue);
  }
  for (const [d, v] of constOf) (nets[d] as { constValue?: bigint }).constValue = v;

  const m = (x: number): number => idOf(x);
  const ports: FlatPort[] = design.top.ports.map((p) => {
    const id = m(topMap[p.net]!);
    return { name: p.name, dir: p.dir, net: id, width: nets[id]!.width };
  });
  for (const p of ports) netByName.set(p.name, p.net);
  const memoryByName = new Map<string, number>();
  memories.forEach((mem, i) => memoryByName.set(mem.name, i));

  return {
    topName: design.top.name,
    nets,
    cells: cells.map((c) => ({ ...c, out: m(c.out), ins: c.ins.map(m) })),
    processes: processes.map((p) => ({
      ...p,
      targets: p.targets.map(m),
      defaults: p.defaults.map((d) => ({ target: m(d.target), value: m(d.value) })),
      body: remapStmts(p.body, m),
    })),
    registers: registers.map((r) => ({ ...r, net: m(r.net) })),
    domains: domains.map((d) => ({ ...d, clock: m(d.clock), reset: d.reset === undefined ? undefined : m(d.reset) })),
    memories: memories.map((mem) => ({
      ...mem,
      writePorts: mem.writePorts.map((w) => ({
        ...w,
        en: m(w.en),
        addr: m(w.addr),
        data: m(w.data),
        mask: w.mask === undefined ? undefined : m(w.mask),
      })),
      readPorts: mem.readPorts.map((r) => ({
        ...r,
        addr: m(r.addr),
        data: m(r.data),
        enable: r.enable === undefined ? undefined : m(r.enable),
      })),
    })),
    ports,
    netByName,
    memoryByName,
  };
}

function remapStmts(body: readonly IrStmt[], g: (id: number) => number): IrStmt[] {
  return body.map((s): IrStmt => {
    switch (s.kind) {
      case 'assign':
        return { kind: 'assign', target: g(s.target), value: g(s.value) };
      case 'if':
        return { kind: 'if', cond: g(s.cond), then: remapStmts(s.then, g), else: remapStmts(s.else, g) };
      case 'case':
        return {
          kind: 'case',
          sel: g(s.sel),
          cases: s.cases.map((c) => ({ values: c.values, body: remapStmts(c.body, g) })),
          default: remapStmts(s.default, g),
        };
    }
  });
}
