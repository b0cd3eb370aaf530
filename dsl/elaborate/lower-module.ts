// Lowers one constructed module (its signals, statements, memories and children) to a flat
// netlist IR module. Expressions become cells, when/switch trees become processes grouped by the
// targets they share, and single unconditional drivers write straight into their target's net.
// Longer than our ~400-line norm on purpose: one lowering pass whose steps share the module's memo tables
// (nets by signal, cells by key, processes by target); split files would pass that state around everywhere.
import type { Expr } from '../expr.js';
import { Signal } from '../signal.js';
import type { Module } from '../module.js';
import type { Stmt } from '../statements.js';
import type { GroundType } from '../types.js';
import type { ClockDomain } from '../clock-domain.js';
import type { SourceLoc } from '../source-loc.js';
import type { DiagnosticSink } from '../diagnostics.js';
import type {
  CellOp,
  IrCell,
  IrDomain,
  IrEnum,
  IrInstance,
  IrMemory,
  IrModule,
  IrNet,
  IrPort,
  IrProcess,
  IrRegister,
  IrStmt,
  NetId,
  NetKind,
} from '../ir/netlist.js';
import { NameTable, isVerilogKeyword, nameFromFields, nameFromSourceLine, tempName } from './naming.js';
import { prune } from '../ir/walk.js';
import { CellTable, cellKind } from './cell-table.js';
import { markPoisoned } from '../ir/poisoned.js';
import { SourceNames } from './source-names.js';
import { groupByTargets, type LoweredStmt } from './process-groups.js';

/** A lowered module with what its parent needs to connect it. */
export interface LoweredModule {
  readonly ir: IrModule;
  readonly source: Module;
  /** Port name of each of the module's port signals. */
  readonly portName: ReadonlyMap<Signal, string>;
  /** The port signals in the order of `ir.ports` (of this instance's own lowering). */
  readonly portSignals: readonly Signal[];
}

export interface LowerOptions {
  /** Resolve a source location for every cell (for `// file.ts:line` comments). */
  allLocations: boolean;
  /** Name temporaries after the variable they are assigned to (costs a stack lookup per cell); undefined: on for modules up to 20,000 expression nodes. */
  namesFromSource: boolean | undefined;
}

const mask = (w: number) => (1n << BigInt(w)) - 1n;
const masks: bigint[] = [];
/** mask(w), made once per width (a constant is lowered per use). */
const widthMask = (w: number): bigint => (masks[w] ??= mask(w));

/** Numbers the lowerings of this process (see Lowering.token). */
let nextLoweringId = 1;

export function lowerModule(
  m: Module,
  children: readonly LoweredModule[],
  sink: DiagnosticSink,
  opts: LowerOptions,
): LoweredModule {
  return new Lowering(m, children, sink, opts).run();
}

class Lowering {
  private readonly nets: IrNet[] = [];
  private readonly cells: IrCell[] = [];
  private readonly processes: IrProcess[] = [];
  private readonly registers: IrRegister[] = [];
  private readonly memories: IrMemory[] = [];
  private readonly instances: IrInstance[] = [];
  private readonly domains: IrDomain[] = [];
  private readonly enums = new Map<string, IrEnum>();
  private readonly ports: IrPort[] = [];
  private readonly names = new NameTable();
  private readonly sigNet = new Map<Signal, NetId>();
  /** Constant nets by type (a number for plain types, a string for enums), then by value. */
  private readonly constNets = new Map<number | string, Map<bigint, NetId>>();
  /** Existing cells, for sharing identical ones; concatenations of more than 3 parts by a string key. */
  private readonly cellTable = new CellTable();
  private readonly wideCells = new Map<string, NetId>();
  /** Child input ports connected straight to a parent net (no wire in between). */
  private readonly directConn = new Map<Signal, Expr>();
  /** Targets written straight by their single unconditional driver. */
  private readonly directDrive = new Set<Stmt>();
  private readonly portNames = new Map<Signal, string>();
  private readonly portSignals: Signal[] = [];
  /** Undefined when temporaries are not named from source lines. */
  private sourceNames: SourceNames | undefined;

  constructor(
    private readonly m: Module,
    private readonly children: readonly LoweredModule[],
    private readonly sink: DiagnosticSink,
    private readonly opts: LowerOptions,
  ) {}

  run(): LoweredModule {
    const m = this.m;
    this.nameSignals();
    this.makeSignalNets();
    for (const d of m.domains) {
      this.domains.push({
        name: d.name,
        clock: this.sigNet.get(d.clock)!,
        reset: d.reset ? this.sigNet.get(d.reset) : undefined,
        resetKind: d.resetKind,
        resetActiveLow: d.resetActiveLow,
      });
    }
    if (this.opts.namesFromSource !== false)
      this.sourceNames = new SourceNames(m, this.opts.namesFromSource === true ? Infinity : 20_000);
    const instNames = this.nameChildren();
    this.planDirectDrivers();
    this.makeChildNets(instNames);
    this.lowerBody();
    this.lowerRegisters();
    this.lowerMemories();
    this.connectChildren(instNames);
    const ir: IrModule = {
      name: m.moduleName,
      className: m.constructor.name,
      params: m.params,
      ports: this.ports,
      nets: this.nets,
      cells: this.cells,
      processes: this.processes,
      registers: this.registers,
      memories: this.memories,
      instances: this.instances,
      domains: this.domains,
      enums: [...this.enums.values()],
      loc: m.loc,
      ...blackboxOf(m),
    };
    for (const [s, n] of this.sigNet) if (s.assignRejected) markPoisoned(ir, n);
    return { ir, source: m, portName: this.portNames, portSignals: this.portSignals };
  }

  // ---- names and nets ---------------------------------------------------------------------

  private nameSignals(): void {
    nameFromFields(this.m);
    for (const mem of this.m.memories) if (!mem.userName) mem.userName = nameFromSourceLine(mem.loc) ?? 'mem';
    for (const s of this.m.signals) {
      if (s.userName) continue;
      // A memory's read data takes the variable it was assigned to, else `<memory>_r<i>_data`.
      if (s.memoryOf && s.role === 'memread') {
        s.userName =
          nameFromSourceLine(s.loc) ??
          `${s.memoryOf.userName}_r${s.memoryOf.readPorts.findIndex((p) => p.data === s)}_data`;
        continue;
      }
      if (s.memoryOf) {
        s.userName = `${s.memoryOf.userName}_${s.pendingSuffix}`;
        continue;
      }
      const v = nameFromSourceLine(s.loc);
      if (v) s.userName = s.pendingSuffix ? `${v}_${s.pendingSuffix}` : v;
    }
  }

  private makeSignalNets(): void {
    const sigs = this.m.signals;
    const ports = [
      ...sigs.filter((s) => s.internal && s.role === 'input'),
      ...sigs.filter((s) => !s.internal && (s.role === 'input' || s.role === 'output')),
    ];
    for (const s of ports) {
      if (!s.userName) {
        this.sink.error(
          'TTF130',
          `a port of ${this.m.moduleName} has no name: assign it to a field of the module or pass { name }`,
          s.loc,
        );
        s.userName = s.role === 'input' ? 'in' : 'out';
      }
      if (this.names.has(s.userName))
        this.sink.error('TTF130', `two ports of ${this.m.moduleName} are both named '${s.userName}'`, s.loc);
      const net = this.addNet(s.userName, s.type, s.role as NetKind, true, s.loc, s.attrs);
      if (this.nets[net]!.name !== s.userName) this.warnRenamedPort(s.userName, this.nets[net]!.name, s);
      this.sigNet.set(s, net);
      this.portNames.set(s, this.nets[net]!.name);
      this.portSignals.push(s);
      this.ports.push({ name: this.nets[net]!.name, dir: s.role as 'input' | 'output', net });
    }
    for (const s of sigs) {
      if (s.role === 'input' || s.role === 'output') continue;
      const kind: NetKind = s.role === 'memread' ? 'mem_read' : s.role === 'reg' ? 'reg' : 'wire';
      const fallback = s.role === 'reg' ? 'r' : s.role === 'memread' ? 'rdata' : 'w';
      const net = this.addNet(s.userName ?? fallback, s.type, kind, s.userName !== undefined, s.loc, s.attrs);
      this.sigNet.set(s, net);
    }
  }

  /** A port whose Verilog name is not its TypeScript name: once per port, not once per instance. */
  private warnRenamedPort(field: string, verilog: string, s: Signal): void {
    const why = isVerilogKeyword(field)
      ? `'${field}' is a Verilog keyword`
      : `'${field}' is not a plain Verilog identifier`;
    const message =
      `port '${field}' of ${this.m.moduleName} is emitted as '${verilog}' (${why}); the Verilog, peek/poke and ` +
      `waveforms call it '${verilog}': rename the field to keep one name`;
    if (!this.sink.items.some((d) => d.code === 'TTF132' && d.message === message))
      this.sink.warning('TTF132', message, s.loc);
  }

  private addNet(
    name: string,
    t: GroundType,
    kind: NetKind,
    userNamed: boolean,
    loc?: SourceLoc,
    attrs?: IrNet['attrs'],
    constValue?: bigint,
    clean = false,
  ): NetId {
    const id = this.nets.length;
    let enumName: string | undefined;
    if (t.enumType) {
      enumName = t.enumType.name;
      if (!this.enums.has(enumName))
        this.enums.set(enumName, { name: enumName, width: t.width, members: [...t.enumType.codes.entries()] });
    }
    const netName =
      kind === 'const' ? name0(constValue!, t.width) : clean ? this.names.claimClean(name) : this.names.claim(name);
    const net: IrNet =
      constValue !== undefined
        ? { id, name: netName, width: t.width, signed: t.signed, kind, userNamed, loc, attrs, enumName, constValue }
        : { id, name: netName, width: t.width, signed: t.signed, kind, userNamed, loc, attrs, enumName };
    this.nets.push(net);
    return id;
  }

  /** One net per distinct constant: type (width, signedness, enum) and value. */
  private constNet(t: GroundType, value: bigint): NetId {
    const v = value & widthMask(t.width);
    const typeKey = t.enumType
      ? `${t.width}:${t.signed ? 's' : 'u'}:${t.enumType.name}`
      : t.signed
        ? -t.width
        : t.width;
    let byValue = this.constNets.get(typeKey);
    if (!byValue) this.constNets.set(typeKey, (byValue = new Map()));
    let id = byValue.get(v);
    if (id === undefined) {
      id = this.addNet('', t, 'const', false, undefined, undefined, v);
      byValue.set(v, id);
    }
    return id;
  }

  // ---- children -------------------------------------------------------------------------

  private nameChildren(): Map<Module, string> {
    const out = new Map<Module, string>();
    for (const c of this.m.children) {
      const wanted =
        c.instanceName ??
        nameFromSourceLine(c.creationLoc) ??
        `u_${c.moduleName.charAt(0).toLowerCase()}${c.moduleName.slice(1)}`;
      out.set(c, this.names.claim(wanted));
    }
    return out;
  }

  private planDirectDrivers(): void {
    // Count every assignment per target, anywhere in the body.
    const count = new Map<Signal, number>();
    countAssignments(this.m.body, count);
    for (const s of this.m.body) {
      if (s.kind !== 'assign' || count.get(s.target) !== 1 || s.target.defaultValue) continue;
      const t = s.target;
      if (t.role === 'input' && t.owner !== this.m) {
        // A child input fed by a plain signal or constant: connect it directly.
        if (s.value instanceof Signal || s.value.node.op === 'const') {
          this.directConn.set(t, s.value);
          this.directDrive.add(s);
        }
      } else if ((t.role === 'wire' || t.role === 'output') && !t.memoryOf) {
        this.directDrive.add(s);
      }
    }
  }

  private makeChildNets(instNames: Map<Module, string>): void {
    for (const child of this.children) {
      const inst = instNames.get(child.source)!;
      for (const [sig, port] of child.portName) {
        if (this.directConn.has(sig)) continue;
        const kind: NetKind = sig.role === 'output' ? 'inst_out' : 'wire';
        this.sigNet.set(sig, this.addNet(`${inst}_${port}`, sig.type, kind, false, undefined));
      }
    }
  }

  private connectChildren(instNames: Map<Module, string>): void {
    for (const child of this.children) {
      const conns: IrInstance['conns'][number][] = [];
      const ports = child.ir.ports;
      for (let i = 0; i < ports.length; i++) {
        const p = ports[i]!;
        // A shared IR comes from an identical module: same ports in the same order.
        const sig =
          child.portName.get(child.portSignals[i]!) === p.name
            ? child.portSignals[i]!
            : child.portSignals.find((x) => child.portName.get(x) === p.name)!;
        const direct = this.directConn.get(sig);
        const net = direct ? this.lowerExpr(direct) : this.sigNet.get(sig)!;
        conns.push({ port: p.name, dir: p.dir, net });
      }
      this.instances.push({
        name: instNames.get(child.source)!,
        module: child.ir,
        conns,
        loc: child.source.creationLoc,
      });
    }
  }

  // ---- expressions --------------------------------------------------------------------------

  private netOfSignal(s: Signal): NetId {
    const n = this.sigNet.get(s);
    if (n !== undefined) return n;
    const d = this.directConn.get(s);
    if (d) return this.lowerExpr(d);
    this.sink.error(
      'TTF115',
      `${s.userName ? `'${s.userName}'` : 'a signal'} of ${s.owner.moduleName} is used in ${this.m.moduleName}: only a module's own signals and its children's ports are visible`,
      s.loc,
    );
    const n2 = this.constNet(s.type, 0n);
    this.sigNet.set(s, n2);
    return n2;
  }

  /**
   * Lowers an expression; with `into`, a new cell writes straight into that net. Iterative, in the
   * order a recursive post-order walk would take (operands left to right, then the node): a chain of
   * thousands of operations, such as a running xor over a grid, overflowed the JS stack recursively.
   */
  lowerExpr(root: Expr, into?: NetId): NetId {
    if (root.loweredBy === this.token) return root.loweredNet;
    // Work items: an expression to visit, or (build set) one whose operands are done; `intos` is the
    // net a new cell may write into (-1: none), passed on only through casts.
    const todo: Expr[] = [root];
    const build: boolean[] = [false];
    const intos: NetId[] = [into ?? -1];
    /** Nets of finished operands, in order. */
    const vals: NetId[] = [];
    while (todo.length > 0) {
      const e = todo.pop()!;
      const ready = build.pop()!;
      const target = intos.pop()!;
      if (ready) {
        const out = this.build(e, vals, target < 0 ? undefined : target);
        this.remember(e, out);
        vals.push(out);
        continue;
      }
      if (e.loweredBy === this.token) {
        vals.push(e.loweredNet);
        continue;
      }
      const n = e.node;
      if (n.op === 'sig') {
        vals.push(this.netOfSignal(e as Signal));
        continue;
      }
      if (n.op === 'const') {
        const c = this.constNet(e.type, n.value);
        this.remember(e, c);
        vals.push(c);
        continue;
      }
      todo.push(e);
      build.push(true);
      intos.push(target);
      const pass = n.op === 'cast' ? target : -1;
      // Operands pushed last to first, so the first is lowered first.
      switch (n.op) {
        case 'mux':
          todo.push(n.f, n.t, n.sel);
          build.push(false, false, false);
          intos.push(-1, -1, -1);
          break;
        case 'concat':
          for (let i = n.parts.length - 1; i >= 0; i--) {
            todo.push(n.parts[i]!);
            build.push(false);
            intos.push(-1);
          }
          break;
        case 'cast':
        case 'slice':
        case 'ext':
        case 'not':
        case 'neg':
        case 'andr':
        case 'orr':
        case 'xorr':
          todo.push(n.a);
          build.push(false);
          intos.push(pass);
          break;
        default:
          todo.push(n.b, n.a);
          build.push(false, false);
          intos.push(-1, -1);
      }
    }
    return vals[0]!;
  }

  /**
   * Marks this lowering's memo entries on the expressions (see Expr.loweredBy). A number rather than
   * an object: expressions kept by the user hold no reference to the lowering, and writing a number
   * into an old expression adds nothing to the garbage collector's old-to-young pointer sets.
   */
  private readonly token = nextLoweringId++;

  /** Each expression is lowered once per module. */
  private remember(e: Expr, net: NetId): void {
    e.loweredBy = this.token;
    e.loweredNet = net;
  }

  /** The net of `e` from its operands' nets, taken off the end of `vals`. */
  private build(e: Expr, vals: NetId[], into: NetId | undefined): NetId {
    const node = e.node;
    switch (node.op) {
      case 'cast':
        return vals.pop()!;
      case 'slice':
        return this.cell('slice', e, [vals.pop()!], into, undefined, node.hi, node.lo);
      case 'concat':
        return this.cell('concat', e, vals.splice(vals.length - node.parts.length), into);
      case 'ext':
        return this.cell(node.signed ? 'sext' : 'zext', e, [vals.pop()!], into);
      case 'mux': {
        const f = vals.pop()!;
        const t = vals.pop()!;
        return this.cell('mux', e, [vals.pop()!, t, f], into);
      }
      case 'not':
      case 'neg':
      case 'andr':
      case 'orr':
      case 'xorr':
        return this.cell(node.op, e, [vals.pop()!], into);
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
      case 'mul':
      case 'shr': {
        const b = vals.pop()!;
        return this.cell(node.op, e, [vals.pop()!, b], into, node.a.signed);
      }
      case 'sig':
      case 'const':
        throw new Error('internal: leaves are not built');
      default: {
        const b = vals.pop()!;
        return this.cell(node.op, e, [vals.pop()!, b], into);
      }
    }
  }

  /** `signed` only for ops whose cells carry it (compares, mul, shr); `hi`/`lo` only for slices. */
  private cell(
    op: CellOp,
    e: Expr,
    ins: NetId[],
    into: NetId | undefined,
    signed?: boolean,
    hi?: number,
    lo?: number,
  ): NetId {
    // Identical operations on identical nets share one cell (a value written twice is computed once).
    // A slice is told apart by its width and low bit (in the slot of a second input it never has).
    const n = ins.length;
    const kind = n <= 3 ? cellKind(op, e.width, signed === true) : 0;
    const a = ins[0]!;
    const b = n > 1 ? ins[1]! : op === 'slice' ? lo! : -1;
    const c = n > 2 ? ins[2]! : -1;
    const wideKey = kind === 0 ? `${op}|${e.width}|${ins.join(',')}` : undefined;
    const same = wideKey === undefined ? this.cellTable.find(kind, a, b, c) : (this.wideCells.get(wideKey) ?? -1);
    if (same >= 0 && !e.userName) return same;
    let out = into;
    if (out === undefined) {
      const name = e.userName ?? this.sourceNames?.nameOf(e);
      out =
        name !== undefined
          ? this.addNet(name, e.type, 'temp', e.userName !== undefined, e.loc)
          : this.addNet(
              tempName(
                op,
                this.operandName(a),
                n > 1 ? this.operandName(ins[1]!) : undefined,
                op === 'slice' ? `${hi}_${lo}` : undefined,
              ),
              e.type,
              'temp',
              false,
              e.loc,
              undefined,
              undefined,
              true,
            );
    }
    // Locations are resolved (and shared) at capture, so every cell can carry its own.
    const cell: IrCell =
      hi !== undefined
        ? { op, out, ins, hi, lo, loc: e.loc }
        : signed !== undefined
          ? { op, out, ins, signed, loc: e.loc }
          : { op, out, ins, loc: e.loc };
    this.cells.push(cell);
    if (wideKey !== undefined) this.wideCells.set(wideKey, out);
    else this.cellTable.add(kind, a, b, c, out);
    return out;
  }

  /** How an operand reads inside a temporary's name: constants by their decimal value. */
  private readonly operandNames: (string | undefined)[] = [];

  private operandName(n: NetId): string {
    const hit = this.operandNames[n];
    if (hit !== undefined) return hit;
    const net = this.nets[n]!;
    const name =
      net.kind !== 'const'
        ? net.name.length > 16
          ? trimUnderscores(net.name.slice(0, 16))
          : net.name
        : net.constValue! < 1n << 32n
          ? String(net.constValue)
          : 'k';
    this.operandNames[n] = name;
    return name;
  }

  // ---- statements to processes ----------------------------------------------------------------

  private lowerBody(): void {
    const lowered: LoweredStmt[] = [];
    for (const s of this.m.body) {
      if (this.directDrive.has(s) && s.kind === 'assign') {
        if (this.directConn.has(s.target)) continue;
        const target = this.netOfSignal(s.target);
        const v = this.lowerExpr(s.value, target);
        if (v === target) continue; // the value's cell writes the target directly
        lowered.push({
          ir: { kind: 'assign', target, value: v, loc: s.loc },
          targets: new Map([[target, 'comb']]),
        });
        continue;
      }
      const targets = new Map<NetId, string>();
      const ir = this.lowerStmt(s, targets);
      if (ir) lowered.push({ ir, targets });
    }
    const defaulted: NetId[] = [];
    for (const s of this.m.signals) {
      if (s.defaultValue && s.role !== 'reg' && s.role !== 'input' && s.role !== 'memread')
        defaulted.push(this.sigNet.get(s)!);
    }
    for (const g of groupByTargets(lowered, defaulted)) {
      const keep = g.targets;
      const bodyIr: IrStmt[] = [];
      for (const i of [...g.stmts].sort((x, y) => x - y)) {
        const kept = prune(lowered[i]!.ir, (t) => keep.has(t));
        if (kept) bodyIr.push(kept);
      }
      const targets = [...g.targets].sort((x, y) => x - y);
      const defaults: IrProcess['defaults'][number][] = [];
      if (g.kind === 'comb') {
        for (const t of targets) {
          const sig = this.signalOfNet(t);
          if (sig?.defaultValue) defaults.push({ target: t, value: this.lowerExpr(sig.defaultValue) });
        }
      }
      this.processes.push(
        g.kind === 'comb'
          ? { kind: 'comb', targets, defaults, body: bodyIr }
          : { kind: 'sync', domain: g.domain!, targets, defaults, body: bodyIr },
      );
    }
  }

  private signalByNet: Map<NetId, Signal> | undefined;
  private signalOfNet(n: NetId): Signal | undefined {
    if (!this.signalByNet) {
      this.signalByNet = new Map();
      for (const [s, id] of this.sigNet) this.signalByNet.set(id, s);
    }
    return this.signalByNet.get(n);
  }

  private lowerStmt(s: Stmt, targets: Map<NetId, string>): IrStmt | undefined {
    switch (s.kind) {
      case 'assign': {
        const t = s.target;
        const net = this.netOfSignal(t);
        if (t.role === 'reg') {
          const di = this.m.domains.indexOf(t.reg!.domain);
          if (di < 0)
            this.sink.error('TTF144', `register '${t.userName}' uses a clock domain of another module`, t.loc);
          targets.set(net, `sync:${di}`);
        } else {
          targets.set(net, 'comb');
        }
        const a: IrStmt = { kind: 'assign', target: net, value: this.lowerExpr(s.value), loc: s.loc };
        if (t.role === 'reg' && t.reg!.enable)
          return { kind: 'if', cond: this.lowerExpr(t.reg!.enable), then: [a], else: [] };
        return a;
      }
      case 'when': {
        let tail: IrStmt[] = s.otherwise ? this.lowerList(s.otherwise, targets) : [];
        for (let i = s.branches.length - 1; i >= 0; i--) {
          const b = s.branches[i]!;
          tail = [
            {
              kind: 'if',
              cond: this.lowerExpr(b.cond),
              then: this.lowerList(b.body, targets),
              else: tail,
              loc: b.loc,
            },
          ];
        }
        return tail[0];
      }
      case 'switch':
        return {
          kind: 'case',
          sel: this.lowerExpr(s.sel),
          loc: s.loc,
          cases: s.cases.map((c) => ({ values: c.values, body: this.lowerList(c.body, targets) })),
          default: s.otherwise ? this.lowerList(s.otherwise, targets) : [],
        };
    }
  }

  private lowerList(stmts: readonly Stmt[], targets: Map<NetId, string>): IrStmt[] {
    const out: IrStmt[] = [];
    for (const x of stmts) {
      const ir = this.lowerStmt(x, targets);
      if (ir) out.push(ir);
    }
    return out;
  }

  // ---- registers and memories ---------------------------------------------------------------

  private lowerRegisters(): void {
    for (const s of this.m.signals) {
      if (s.role !== 'reg') continue;
      const r = s.reg!;
      let init: bigint | undefined;
      if (r.init) {
        if (r.init.node.op !== 'const')
          this.sink.error('TTF145', `the init value of register '${s.userName}' must be a constant`, s.loc);
        else init = r.init.node.value & mask(s.width);
      }
      this.registers.push({
        net: this.sigNet.get(s)!,
        domain: Math.max(0, this.m.domains.indexOf(r.domain)),
        init,
        reset: r.reset,
      });
    }
  }

  private lowerMemories(): void {
    const domains = this.m.domains;
    for (const mem of this.m.memories) {
      this.memories.push({
        name: this.names.claim(mem.userName ?? 'mem'),
        width: mem.type.width,
        depth: mem.depth,
        init: mem.init,
        attrs: mem.attrs,
        loc: mem.loc,
        writePorts: mem.writePorts.map((p) => ({
          domain: domainIndex(domains, p.domain),
          en: this.sigNet.get(p.en)!,
          addr: this.sigNet.get(p.addr)!,
          data: this.sigNet.get(p.data)!,
          mask: p.mask ? this.sigNet.get(p.mask)! : undefined,
          maskGranularity: p.maskGranularity,
        })),
        readPorts: mem.readPorts.map((p) => ({
          addr: this.lowerExpr(p.addr),
          data: this.sigNet.get(p.data)!,
          enable: p.enable ? this.lowerExpr(p.enable) : undefined,
          sync: p.sync,
          domain: p.domain ? domainIndex(domains, p.domain) : undefined,
        })),
      });
    }
  }
}

function domainIndex(domains: readonly ClockDomain[], d: ClockDomain): number {
  return Math.max(0, domains.indexOf(d));
}

function countAssignments(stmts: readonly Stmt[], count: Map<Signal, number>): void {
  for (const s of stmts) {
    if (s.kind === 'assign') count.set(s.target, (count.get(s.target) ?? 0) + 1);
    else if (s.kind === 'when') {
      for (const b of s.branches) countAssignments(b.body, count);
      if (s.otherwise) countAssignments(s.otherwise, count);
    } else {
      for (const c of s.cases) countAssignments(c.body, count);
      if (s.otherwise) countAssignments(s.otherwise, count);
    }
  }
}

/** Black boxes (dsl/blackbox.ts) carry their Verilog parameters and sources; read without importing them. */
function blackboxOf(m: Module): { blackbox?: IrModule['blackbox'] } {
  const info = (m as { readonly blackboxInfo?: IrModule['blackbox'] }).blackboxInfo;
  return info ? { blackbox: info } : {};
}

/** A cut name must not end in '_': joined with '_' it would make a doubled underscore. */
function trimUnderscores(s: string): string {
  let e = s.length;
  while (e > 1 && s.charCodeAt(e - 1) === 95) e--;
  return e === s.length ? s : s.slice(0, e);
}

function name0(v: bigint, w: number): string {
  return `${w}'h${v.toString(16)}`;
}
