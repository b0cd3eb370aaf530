// Compiles a flat netlist to JavaScript: one straight-line `settle` pass over the scheduled comb
// logic and one `edge` function per clock, built with `new Function` so V8 optimises them like
// hand-written code. This is the built-in simulator's engine.
import type { IrStmt } from '../../dsl/ir/netlist.js';
import type { FlatCell, FlatDesign } from '../flatten.js';
import { scheduleComb, stmtReads } from './schedule.js';
import { NARROW, NetReader, bigLit, cellExpr, convert, hexNum } from './codegen-expr.js';

export interface ClockGroup {
  clock: number;
  domains: number[];
}

export interface CompiledModel {
  readonly u: Uint32Array;
  readonly w: bigint[];
  readonly mems: (Uint32Array | bigint[])[];
  /** Evaluates all combinational logic (and async resets) from the current inputs and state. */
  settle(): void;
  /** One rising edge of each clock group (call `settle` first). */
  readonly edges: (() => void)[];
  readonly groups: ClockGroup[];
  /** Power-on state: registers at init (or 0), memories at init. */
  powerOn(): void;
  readonly source: string;
}

const CHUNK = 300;

/** Number of nets feeding each net only through a fusable product (see cellExpr). */
function findFusedProducts(fd: FlatDesign): Map<number, FlatCell> {
  const mulOf = new Map<number, FlatCell>();
  for (const c of fd.cells) if (c.op === 'mul') mulOf.set(c.out, c);
  return mulOf;
}

export function compileModel(fd: FlatDesign): CompiledModel {
  const nets = fd.nets;
  const order = scheduleComb(fd);
  const mulOf = findFusedProducts(fd);

  // Products read only by fused slices (and not user-visible) need not be computed at all.
  const readers = new Map<number, number>();
  const addRead = (id: number): void => {
    readers.set(id, (readers.get(id) ?? 0) + 1);
  };
  const base = new NetReader(nets);
  for (const c of fd.cells) {
    const fusedInto =
      c.op === 'slice' &&
      c.lo === 0 &&
      c.hi < 32 &&
      !base.isNarrow(c.ins[0]!) &&
      mulOf.get(c.ins[0]!)?.ins.every((i) => base.isNarrow(i));
    if (fusedInto) {
      for (const i of mulOf.get(c.ins[0]!)!.ins) addRead(i);
    } else c.ins.forEach(addRead);
  }
  for (const p of fd.processes) {
    stmtReads(p.body, new Set(p.defaults.map((d) => d.value))).forEach(addRead);
  }
  for (const mem of fd.memories) {
    for (const wp of mem.writePorts)
      [wp.en, wp.addr, wp.data, wp.mask].forEach((x) => {
        if (x !== undefined) addRead(x);
      });
    for (const rp of mem.readPorts)
      [rp.addr, rp.enable].forEach((x) => {
        if (x !== undefined) addRead(x);
      });
  }
  for (const d of fd.domains) if (d.reset !== undefined) addRead(d.reset);
  const dead = (c: FlatCell): boolean => c.op === 'mul' && !nets[c.out]!.userNamed && !readers.get(c.out);

  const store = (id: number, expr: string): string =>
    nets[id]!.width <= NARROW ? `u[${id}] = ${expr};` : `w[${id}] = ${expr};`;
  // A net's value after the edge being computed: scratch arrays, not locals, so an edge can be split
  // into functions small enough for V8 to optimise (one function with thousands of locals never is).
  const next = (id: number): string => (nets[id]!.width <= NARROW ? `nu[${id}]` : `nw[${id}]`);

  // ---- settle ----
  const lines: string[] = [];
  for (const n of order) {
    if (n.kind === 'cell') {
      const c = fd.cells[n.index]!;
      if (dead(c)) continue;
      lines.push(
        store(
          c.out,
          cellExpr(c, base, (x) => mulOf.get(x)),
        ),
      );
    } else if (n.kind === 'memread') {
      const mem = fd.memories[n.mem]!;
      const rp = mem.readPorts[n.port]!;
      lines.push(store(rp.data, memRead(n.mem, mem.width, rp.addr, base)));
    } else {
      lines.push(procBlock(fd, n.index, 'comb'));
    }
  }
  const asyncRegs = fd.registers.filter((r) => r.reset === 'async' && fd.domains[r.domain]!.reset !== undefined);
  const chunks = chunked('settle', lines);
  let settleBody = chunks.map((_, i) => `settle${i}();`).join(' ');
  if (asyncRegs.length) {
    const checks = asyncRegs.map((r) => {
      const v = initOf(r.init, nets[r.net]!.width);
      const cur = base.read(r.net);
      return `if (${resetActive(fd, r.domain, base)} && ${cur} !== ${v}) { ${store(r.net, v)} again = true; }`;
    });
    settleBody = `for (let k = 0; k < 4; k++) { ${settleBody}\nlet again = false;\n${checks.join('\n')}\nif (!again) break; }`;
  }

  // ---- edges, grouped by clock net ----
  const groups: ClockGroup[] = [];
  fd.domains.forEach((d, i) => {
    const g = groups.find((x) => x.clock === d.clock);
    if (g) g.domains.push(i);
    else groups.push({ clock: d.clock, domains: [i] });
  });
  const edgeFns = groups.map((g, gi) => edgeFunction(fd, g, gi, base));

  // ---- power-on ----
  const pow: string[] = [];
  // Only registers without reset take their init at power-on (as the emitted Verilog declares them).
  for (const r of fd.registers) pow.push(store(r.net, initOf(r.reset === 'none' ? r.init : 0n, nets[r.net]!.width)));
  fd.memories.forEach((mem, mi) => {
    mem.readPorts.forEach((rp) => {
      if (rp.sync) pow.push(store(rp.data, initOf(0n, mem.width)));
    });
    pow.push(
      `mems[${mi}] = ${mem.width <= NARROW ? `new Uint32Array(${mem.depth})` : `new Array(${mem.depth}).fill(0n)`};`,
    );
    if (mem.init) pow.push(`initMem(mems[${mi}], init[${mi}], ${mem.width <= NARROW});`);
  });

  const source = [
    '"use strict";',
    `const nu = new Uint32Array(${nets.length});`,
    `const nw = new Array(${nets.length}).fill(0n);`,
    ...chunks,
    `function settle() { ${settleBody} }`,
    ...edgeFns,
    `function powerOn() {\n${pow.join('\n')}\n}`,
    `return { settle, edges: [${groups.map((_, i) => `edge${i}`).join(', ')}], powerOn };`,
  ].join('\n');

  const u = new Uint32Array(nets.length);
  const w: bigint[] = new Array<bigint>(nets.length).fill(0n);
  for (const n of nets)
    if (n.constValue !== undefined) {
      if (n.width <= NARROW) u[n.id] = Number(n.constValue);
      else w[n.id] = n.constValue;
    }
  const mems: (Uint32Array | bigint[])[] = [];
  const inits = fd.memories.map((m) => m.init);
  const factory = new Function('u', 'w', 'mems', 'init', 'parity32', 'parityBig', 'initMem', 'expandMask', source) as (
    ...args: unknown[]
  ) => { settle(): void; edges: (() => void)[]; powerOn(): void };
  const fns = factory(u, w, mems, inits, parity32, parityBig, initMem, expandMask);
  return { u, w, mems, settle: fns.settle, edges: fns.edges, groups, powerOn: fns.powerOn, source };

  // -- helpers closing over fd --
  function procBlock(f: FlatDesign, index: number, kind: 'comb' | 'sync'): string {
    const p = f.processes[index]!;
    const local = new Map<number, string>();
    for (const t of p.targets) local.set(t, `t${t}`);
    // A comb process reads what it assigned (blocking); a sync one reads every register's value before
    // the edge (nonblocking: `b <= a; a <= d` and `a <= d; b <= a` both give b the old a).
    const r = new NetReader(nets, kind === 'comb' ? local : new Map());
    const out: string[] = ['{'];
    for (const t of p.targets) {
      const def = p.defaults.find((d) => d.target === t);
      const init = def ? convert(base.read(def.value), nets[def.value]!.width, nets[t]!.width) : base.read(t);
      out.push(`let t${t} = ${init};`);
    }
    out.push(stmts(p.body, r, local));
    for (const t of p.targets) out.push(kind === 'comb' ? store(t, `t${t}`) : `${next(t)} = t${t};`);
    out.push('}');
    return out.join('\n');
  }

  function stmts(body: readonly IrStmt[], r: NetReader, targets: ReadonlyMap<number, string>): string {
    return body
      .map((s) => {
        if (s.kind === 'assign')
          return `${targets.get(s.target) ?? `/*?*/t${s.target}`} = ${convert(r.read(s.value), nets[s.value]!.width, nets[s.target]!.width)};`;
        if (s.kind === 'if')
          return `if (${r.truthy(s.cond)}) {\n${stmts(s.then, r, targets)}\n} else {\n${stmts(s.else, r, targets)}\n}`;
        const narrowSel = r.isNarrow(s.sel);
        const sel = r.read(s.sel);
        const arms = s.cases.map(
          (c) =>
            `(${c.values.map((v) => `${sel} === ${narrowSel ? hexNum(v) : bigLit(v)}`).join(' || ') || 'false'}) {\n${stmts(c.body, r, targets)}\n}`,
        );
        return `${arms.map((a, i) => `${i ? ' else if ' : 'if '}${a}`).join('')}${arms.length ? ' else ' : ''}{\n${stmts(s.default, r, targets)}\n}`;
      })
      .join('\n');
  }

  function edgeFunction(f: FlatDesign, g: ClockGroup, gi: number, r: NetReader): string {
    const inGroup = new Set(g.domains);
    const regs = f.registers.filter((x) => inGroup.has(x.domain));
    const out: string[] = [];
    const stateNets = new Set(regs.map((x) => x.net));
    f.processes.forEach((p) => {
      if (p.kind === 'sync' && inGroup.has(p.domain)) p.targets.forEach((t) => stateNets.add(t));
    });
    for (const n of stateNets) out.push(`${next(n)} = ${r.read(n)};`);
    f.processes.forEach((p, i) => {
      if (p.kind === 'sync' && inGroup.has(p.domain)) out.push(procBlock(f, i, 'sync'));
    });
    for (const x of regs) {
      const d = f.domains[x.domain]!;
      if (x.reset !== 'none' && d.reset !== undefined)
        out.push(`if (${resetActive(f, x.domain, r)}) ${next(x.net)} = ${initOf(x.init, nets[x.net]!.width)};`);
    }
    // Synchronous reads see the memory before this edge's writes.
    const syncReads: string[] = [];
    f.memories.forEach((mem, mi) =>
      mem.readPorts.forEach((rp) => {
        if (!rp.sync || !inGroup.has(rp.domain)) return;
        const rd = `${next(rp.data)} = ${memRead(mi, mem.width, rp.addr, r)};`;
        out.push(`${next(rp.data)} = ${r.read(rp.data)};`);
        out.push(rp.enable === undefined ? rd : `if (${r.truthy(rp.enable)}) ${rd}`);
        syncReads.push(store(rp.data, next(rp.data)));
      }),
    );
    f.memories.forEach((mem, mi) =>
      mem.writePorts.forEach((wp) => {
        if (!inGroup.has(wp.domain)) return;
        out.push(memWrite(mi, mem.width, mem.depth, wp, r));
      }),
    );
    for (const n of stateNets) out.push(store(n, next(n)));
    out.push(...syncReads);
    const parts = chunked(`edge${gi}_`, out);
    return [...parts, `function edge${gi}() { ${parts.map((_, i) => `edge${gi}_${i}();`).join(' ')} }`].join('\n');
  }

  function memWrite(
    mi: number,
    width: number,
    depth: number,
    wp: FlatDesign['memories'][number]['writePorts'][number],
    r: NetReader,
  ): string {
    const addr = r.isNarrow(wp.addr) ? r.read(wp.addr) : `Number(${r.read(wp.addr)})`;
    const data = convert(r.read(wp.data), nets[wp.data]!.width, width);
    let val = data;
    if (wp.mask !== undefined) {
      const bm = `expandMask(${r.big(wp.mask)}, ${wp.maskGranularity}, ${width})`;
      val =
        width <= NARROW
          ? `Number((BigInt(mems[${mi}][a]) & ~${bm}) | (BigInt(${data}) & ${bm}))`
          : `(mems[${mi}][a] & ~${bm}) | (${data} & ${bm})`;
    }
    return `if (${r.truthy(wp.en)}) { const a = ${addr}; if (a < ${depth}) mems[${mi}][a] = ${val}; }`;
  }
}

/** Statements grouped into functions `${name}0`, `${name}1`, ... of about CHUNK lines each (blocks kept whole). */
function chunked(name: string, stmts: readonly string[]): string[] {
  const fns: string[] = [];
  let cur: string[] = [];
  let lines = 0;
  const flush = (): void => {
    fns.push(`function ${name}${fns.length}() {\n${cur.join('\n')}\n}`);
    cur = [];
    lines = 0;
  };
  for (const st of stmts) {
    cur.push(st);
    lines += st.split('\n').length;
    if (lines >= CHUNK) flush();
  }
  if (cur.length || !fns.length) flush();
  return fns;
}

function memRead(mi: number, width: number, addr: number, r: NetReader): string {
  const a = r.isNarrow(addr) ? r.read(addr) : `Number(${r.read(addr)})`;
  return `(mems[${mi}][${a}] ?? ${width <= NARROW ? '0' : '0n'})`;
}

function initOf(init: bigint | undefined, width: number): string {
  const v = BigInt.asUintN(width, init ?? 0n);
  return width <= NARROW ? hexNum(v) : bigLit(v);
}

function resetActive(fd: FlatDesign, domain: number, r: NetReader): string {
  const d = fd.domains[domain]!;
  const t = r.truthy(d.reset!);
  return d.resetActiveLow ? `!(${t})` : `(${t})`;
}

function parity32(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

function parityBig(x: bigint): number {
  let p = 0;
  while (x > 0n) {
    p ^= parity32(Number(x & 0xffffffffn));
    x >>= 32n;
  }
  return p;
}

function initMem(mem: Uint32Array | bigint[], init: bigint[] | undefined, narrow: boolean): void {
  if (!init) return;
  for (let i = 0; i < Math.min(init.length, mem.length); i++) {
    // Width <= 32 words live in a Uint32Array, wider ones as bigints; init values already fit the width.
    if (narrow) (mem as Uint32Array)[i] = Number(BigInt.asUintN(32, init[i]!));
    else (mem as bigint[])[i] = init[i]!;
  }
}

/** One mask bit per `gran` data bits, as a full-width bit mask. */
function expandMask(mask: bigint, gran: number, width: number): bigint {
  let out = 0n;
  const unit = (1n << BigInt(gran)) - 1n;
  for (let i = 0; i * gran < width; i++) if ((mask >> BigInt(i)) & 1n) out |= unit << BigInt(i * gran);
  return BigInt.asUintN(width, out);
}
