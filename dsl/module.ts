// Modules: the unit users write. A subclass builds its ports, wires, registers, memories and child
// instances in its constructor; parameters are ordinary constructor arguments.
import { type Expr, type Operand, constOf, mux, operand } from './expr.js';
import { Bool, BundleType, FlipType, GroundType, type HwType, UInt, VecType, bitsFor } from './types.js';
import { Signal, type SignalRole } from './signal.js';
import { type SourceLoc, captureLoc, captureLocOf, pinLoc, unpinLoc } from './source-loc.js';
import { beginConstruction, constructionError, setActiveModule, type PendingDiagnostic } from './context.js';
import type { Stmt } from './statements.js';
import type { ClockDomain, ResetKind } from './clock-domain.js';
import type { VivadoAttributes } from './attributes.js';
import { Memory, type MemoryOptions } from './memory.js';

export type ParamValue = string | number | boolean | bigint;

/** The TypeScript value a hardware type becomes: a signal, an object of signals, or an array. */
export type HwOf<T> = T extends GroundType
  ? Signal
  : T extends VecType<infer E>
    ? SignalVec<HwOf<E>>
    : T extends BundleType<infer F>
      ? { [K in keyof F]: F[K] extends FlipType<infer I> ? HwOf<I> : HwOf<F[K]> }
      : never;

/** An array of hardware values with a dynamic-index read. */
export type SignalVec<E> = E[] & { select(index: Expr): E extends Expr ? Expr : never };

export interface PortOptions {
  name?: string;
  /** Value an output takes where no assignment applies. */
  default?: Operand;
  attrs?: VivadoAttributes;
}

export interface WireOptions {
  name?: string;
  default?: Operand;
  attrs?: VivadoAttributes;
}

export interface RegOptions {
  name?: string;
  /** Reset value (or power-on value with reset: 'none'). */
  init?: Operand;
  /** Defaults to the domain's reset kind when `init` is given. */
  reset?: 'sync' | 'async' | 'none';
  domain?: ClockDomain;
  /** The register only loads when this is true. */
  enable?: Operand;
  attrs?: VivadoAttributes;
}

export interface DomainOptions {
  reset?: boolean;
  resetKind?: ResetKind;
  resetActiveLow?: boolean;
}

/** Ports of a default domain other than `clk`/`rst` (see Module.useDefaultDomain). */
export interface DefaultDomainPorts {
  /** The clock input's name. */
  readonly clock: string;
  /** The synchronous reset input's name. */
  readonly reset: string;
  /**
   * For an active-low reset input: the name of the active-high wire (`= !reset`) that the module's
   * registers and its children's resets use. Without it the reset input is active high.
   */
  readonly activeHighReset?: string;
}

export abstract class Module {
  parent: Module | undefined;
  instanceName: string | undefined;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly signals: Signal[] = [];
  readonly children: Module[] = [];
  readonly memories: Memory[] = [];
  readonly domains: ClockDomain[] = [];
  readonly scopeStack: Stmt[][] = [[]];
  readonly pendingDiagnostics: PendingDiagnostic[] = [];
  readonly loc: SourceLoc | undefined;
  private verilogNameOverride: string | undefined;
  private defaultDomainValue: ClockDomain | undefined;

  constructor(params: Record<string, ParamValue> = {}) {
    this.params = { ...params };
    this.loc = captureLocOf(new.target.name);
    beginConstruction(this, constructorNames(new.target));
  }

  /** The class name; generated Verilog module names derive from it. */
  get moduleName(): string {
    return this.verilogNameOverride ?? this.constructor.name;
  }
  /** True when the name was set explicitly and must be used as is. */
  get hasFixedName(): boolean {
    return this.verilogNameOverride !== undefined;
  }
  /** Statements of the module body, in order. */
  get body(): Stmt[] {
    return this.scopeStack[0]!;
  }

  /** Use exactly this Verilog module name. */
  protected setModuleName(name: string): void {
    this.verilogNameOverride = name;
  }

  // ---- ports, wires, registers ------------------------------------------------------------

  protected input<T extends HwType>(type: T, opts: PortOptions | string = {}): HwOf<T> {
    setActiveModule(this);
    return this.build(type, 'input', normalize(opts), captureLoc(Module.prototype.input)) as HwOf<T>;
  }

  protected output<T extends HwType>(type: T, opts: PortOptions | string = {}): HwOf<T> {
    setActiveModule(this);
    return this.build(type, 'output', normalize(opts), captureLoc(Module.prototype.output)) as HwOf<T>;
  }

  protected wire<T extends HwType>(type: T, opts: WireOptions | string = {}): HwOf<T> {
    setActiveModule(this);
    return this.build(type, 'wire', normalize(opts), captureLoc(Module.prototype.wire)) as HwOf<T>;
  }

  /** A wire driven by `value`: names an intermediate result. */
  protected let(name: string, value: Expr): Signal {
    setActiveModule(this);
    pinLoc(Module.prototype.let); // the wire and its assignment share the caller's line
    try {
      const w = this.build(value.type, 'wire', { name }, captureLoc()) as Signal;
      w.set(value);
      return w;
    } finally {
      unpinLoc();
    }
  }

  protected reg<T extends GroundType>(type: T, opts: RegOptions | string = {}): Signal {
    setActiveModule(this);
    const o: RegOptions = typeof opts === 'string' ? { name: opts } : opts;
    const loc = captureLoc(Module.prototype.reg);
    const domain = o.domain ?? this.defaultDomain();
    const init = o.init === undefined ? undefined : operand(o.init, type);
    const reset = o.reset ?? (init === undefined ? 'none' : domain.resetKind);
    if (reset !== 'none' && init === undefined) {
      constructionError('TTF145', `a register with reset '${reset}' needs an init value`, loc);
    }
    if (reset !== 'none' && init !== undefined) this.ensureReset(domain);
    const enable = o.enable === undefined ? undefined : operand(o.enable, Bool());
    const s = new Signal(type, 'reg', this, loc, { domain, init, reset, enable });
    if (o.name) s.named(o.name);
    if (o.attrs) s.attrs = { ...o.attrs };
    this.signals.push(s);
    return s;
  }

  /** A register that follows `value` every cycle (a pipeline stage). */
  protected delay(value: Expr, opts: RegOptions | string = {}): Signal {
    pinLoc(Module.prototype.delay); // the register and its assignment share the caller's line
    try {
      const r = this.reg(value.type, opts);
      r.set(value);
      return r;
    } finally {
      unpinLoc();
    }
  }

  // ---- memories -----------------------------------------------------------------------------

  protected memory(type: GroundType, depth: number, opts: MemoryOptions = {}): Memory {
    setActiveModule(this);
    const m = new Memory(this, type, depth, opts, captureLoc(Module.prototype.memory));
    this.memories.push(m);
    return m;
  }

  // ---- child instances ----------------------------------------------------------------------

  /** Adds a child module; its default clock and reset are connected to this module's. */
  protected instance<M extends Module>(child: M, name?: string): M {
    setActiveModule(this);
    if (child.parent) {
      constructionError(
        'TTF148',
        `module ${child.moduleName} is already instantiated in ${child.parent.moduleName}; create a new one`,
      );
      return child;
    }
    child.parent = this;
    if (name) child.instanceName = name;
    pinLoc(Module.prototype.instance); // the clock and reset connections are at the caller's line too
    try {
      (child as Module).creationLoc = captureLoc();
      this.children.push(child);
      const cd = child.defaultDomainValue;
      if (cd) {
        const mine = this.defaultDomain();
        cd.clock.set(mine.clock);
        if (cd.reset) cd.reset.set(this.ensureReset(mine));
      }
    } finally {
      unpinLoc();
    }
    return child;
  }

  /** Where `this.instance(...)` was called, for naming and messages. */
  creationLoc: SourceLoc | undefined;

  // ---- clock domains -------------------------------------------------------------------------

  /** The default domain: input `clk`, and input `rst` (synchronous, active high) when a register needs it. */
  defaultDomain(): ClockDomain {
    if (!this.defaultDomainValue) {
      const clock = this.makeInternalPort('clk');
      this.defaultDomainValue = {
        name: 'default',
        clock,
        reset: undefined,
        resetKind: 'sync',
        resetActiveLow: false,
        resetName: 'rst',
      };
      this.domains.push(this.defaultDomainValue);
    }
    return this.defaultDomainValue;
  }

  /**
   * Makes these input ports the default domain instead of `clk` and `rst` (a Vitis kernel: `ap_clk`,
   * active-low `ap_rst_n`). Both ports exist from this call on, ahead of the other ports. Call it first
   * in the constructor, outside any when(): the reset inverter is then unconditional.
   */
  protected useDefaultDomain(ports: DefaultDomainPorts): ClockDomain {
    setActiveModule(this);
    if (this.defaultDomainValue) {
      constructionError(
        'TTF144',
        `the default clock domain of ${this.moduleName} is already in use: call useDefaultDomain() before any register, memory or instance needs it`,
        captureLoc(Module.prototype.useDefaultDomain),
      );
      return this.defaultDomainValue;
    }
    pinLoc(Module.prototype.useDefaultDomain); // the ports and the inverter are at the caller's line
    try {
      const clock = this.makeInternalPort(ports.clock, captureLoc());
      const resetIn = this.makeInternalPort(ports.reset, captureLoc());
      let reset = resetIn;
      if (ports.activeHighReset !== undefined) {
        reset = this.wire(Bool(), ports.activeHighReset) as Signal;
        reset.set(resetIn.not());
      }
      this.defaultDomainValue = {
        name: 'default',
        clock,
        reset,
        resetKind: 'sync',
        resetActiveLow: false,
        resetName: ports.activeHighReset ?? ports.reset,
      };
      this.domains.push(this.defaultDomainValue);
      return this.defaultDomainValue;
    } finally {
      unpinLoc();
    }
  }

  /** A further clock domain with input ports `<name>_clk` and (on use) `<name>_rst`/`<name>_rst_n`. */
  protected clockDomain(name: string, opts: DomainOptions = {}): ClockDomain {
    setActiveModule(this);
    const clock = this.makeInternalPort(`${name}_clk`);
    const d: ClockDomain = {
      name,
      clock,
      reset: undefined,
      resetKind: opts.resetKind ?? 'sync',
      resetActiveLow: opts.resetActiveLow ?? false,
      resetName: `${name}_rst${opts.resetActiveLow ? '_n' : ''}`,
    };
    if (opts.reset) this.ensureReset(d);
    this.domains.push(d);
    return d;
  }

  private ensureReset(d: ClockDomain): Signal {
    if (!d.reset) d.reset = this.makeInternalPort(d.resetName);
    return d.reset;
  }

  private makeInternalPort(name: string, loc = this.loc): Signal {
    const s = new Signal(Bool(), 'input', this, loc);
    s.named(name);
    s.internal = true;
    this.signals.push(s);
    return s;
  }

  // ---- construction of typed values ---------------------------------------------------------

  private build(type: HwType, role: SignalRole, o: PortOptions, loc: SourceLoc | undefined, path = ''): unknown {
    if (type instanceof GroundType) {
      const s = new Signal(type, role, this, loc);
      if (o.name) s.named(path ? `${o.name}_${path}` : o.name);
      else if (path) s.pendingSuffix = path;
      if (o.attrs) s.attrs = { ...o.attrs };
      if (o.default !== undefined) s.setDefault(operand(o.default, type));
      this.signals.push(s);
      return s;
    }
    if (type instanceof VecType) {
      const arr = Array.from({ length: type.length }, (_, i) =>
        this.build(type.elem, role, o, loc, join(path, String(i))),
      );
      return Object.assign(arr, { select: (index: Expr) => selectElement(arr as Expr[], index) });
    }
    if (type instanceof BundleType) {
      const obj: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(type.fields as Record<string, HwType | FlipType>)) {
        const flip = f instanceof FlipType;
        const inner = flip ? f.inner : f;
        const r: SignalRole = flip && role === 'input' ? 'output' : flip && role === 'output' ? 'input' : role;
        obj[k] = this.build(inner, r, o, loc, join(path, k));
      }
      return obj;
    }
    throw new Error(`unknown hardware type ${String(type)}`);
  }
}

declare module './signal.js' {
  interface Signal {
    /** Bundle/Vec path below the value's root, joined with '_'; the root's name comes from reflection. */
    pendingSuffix?: string;
  }
}

function join(a: string, b: string): string {
  return a ? `${a}_${b}` : b;
}

function normalize(o: PortOptions | string): PortOptions {
  return typeof o === 'string' ? { name: o } : o;
}

/** Dynamic index into an array of equal-typed values: a balanced mux tree on the index bits; 0 past the end. */
export function selectElement(items: readonly Expr[], index: Expr): Expr {
  pinLoc(selectElement); // every mux of the tree is at the caller's line
  try {
    return selectTree(items, index);
  } finally {
    unpinLoc();
  }
}

function selectTree(items: readonly Expr[], index: Expr): Expr {
  const first = items[0]!;
  const need = bitsFor(items.length);
  let idx = index;
  if (idx.type.kind !== 'uint' && idx.type.kind !== 'bool') {
    constructionError('TTF102', `an index must be UInt, got ${idx.type}`);
    return first;
  }
  let level: Expr[] = [...items];
  const size = 1 << need;
  while (level.length < size) level.push(constOf(UInt(first.width), 0n).as(first.type));
  if (idx.width > need) {
    const high = idx.slice(idx.width - 1, need);
    const inRange = high.eq(0);
    idx = idx.trunc(need);
    const picked = selectTree(items, idx);
    return mux(inRange, picked, constOf(UInt(first.width), 0n).as(first.type));
  }
  if (idx.width < need) level = level.slice(0, 1 << idx.width);
  for (let b = 0; b < idx.width; b++) {
    const bit = idx.bit(b);
    const next: Expr[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(mux(bit, level[i + 1]!, level[i]!));
    level = next;
  }
  return level[0]!;
}

const namesByClass = new WeakMap<Function, ReadonlySet<string>>();

/** The class names from `cls` up to Module: the constructor frames a `new cls()` puts on the stack. */
function constructorNames(cls: Function): ReadonlySet<string> {
  let names = namesByClass.get(cls);
  if (!names) {
    const found = new Set<string>();
    for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
      found.add((c as Function).name);
      if (c === Module) break;
    }
    names = found;
    namesByClass.set(cls, names);
  }
  return names;
}
