// A small programmatic builder of netlist IR modules: used by the fuzzer's random netlists and by
// tests that must not depend on the DSL front end.
import type {
  CellOp,
  IrCell,
  IrDomain,
  IrMemory,
  IrModule,
  IrNet,
  IrProcess,
  IrRegister,
  IrStmt,
  NetId,
  NetKind,
  IrInstance,
  Design,
} from '../dsl/ir/netlist.js';

export class IrBuilder {
  readonly nets: IrNet[] = [];
  readonly cells: IrCell[] = [];
  readonly processes: IrProcess[] = [];
  readonly registers: IrRegister[] = [];
  readonly memories: IrMemory[] = [];
  readonly instances: IrInstance[] = [];
  readonly domains: IrDomain[] = [];
  readonly ports: { name: string; dir: 'input' | 'output'; net: NetId }[] = [];
  private temps = 0;

  constructor(readonly name: string) {}

  net(name: string, width: number, kind: NetKind, extra: Partial<IrNet> = {}): NetId {
    const id = this.nets.length;
    this.nets.push({ id, name, width, signed: false, kind, userNamed: kind !== 'temp' && kind !== 'const', ...extra });
    return id;
  }
  input(name: string, width: number): NetId {
    const id = this.net(name, width, 'input');
    this.ports.push({ name, dir: 'input', net: id });
    return id;
  }
  output(name: string, width: number): NetId {
    const id = this.net(name, width, 'output');
    this.ports.push({ name, dir: 'output', net: id });
    return id;
  }
  konst(value: bigint | number, width: number): NetId {
    return this.net(`_c${this.nets.length}`, width, 'const', { constValue: BigInt.asUintN(width, BigInt(value)) });
  }
  /** A cell; returns its output net. */
  cell(
    op: CellOp,
    ins: NetId[],
    width: number,
    opts: { signed?: boolean; hi?: number; lo?: number; name?: string } = {},
  ): NetId {
    const out = opts.name ? this.net(opts.name, width, 'wire') : this.net(`_t${this.temps++}`, width, 'temp');
    const c: IrCell = {
      op,
      out,
      ins,
      ...(opts.signed ? { signed: true } : {}),
      ...(opts.hi !== undefined ? { hi: opts.hi, lo: opts.lo ?? 0 } : {}),
    };
    this.cells.push(c);
    return out;
  }
  /** The default clock domain `clk` with active-high synchronous reset `rst`. */
  defaultDomain(resetKind: 'sync' | 'async' = 'sync'): number {
    const clock = this.input('clk', 1);
    const reset = this.input('rst', 1);
    this.domains.push({ name: 'clk', clock, reset, resetKind, resetActiveLow: false });
    return this.domains.length - 1;
  }
  reg(
    name: string,
    width: number,
    init?: bigint,
    reset: 'sync' | 'async' | 'none' = init === undefined ? 'none' : 'sync',
    domain = 0,
  ): NetId {
    const id = this.net(name, width, 'reg');
    this.registers.push({ net: id, domain, init, reset });
    return id;
  }
  comb(targets: NetId[], body: IrStmt[], defaults: { target: NetId; value: NetId }[] = []): void {
    this.processes.push({ kind: 'comb', targets, defaults, body });
  }
  sync(targets: NetId[], body: IrStmt[], domain = 0): void {
    this.processes.push({ kind: 'sync', domain, targets, defaults: [], body });
  }
  /** out := value through a comb process. */
  drive(target: NetId, value: NetId): void {
    this.comb([target], [assign(target, value)]);
  }
  instance(name: string, module: IrModule, conns: Record<string, NetId>): void {
    this.instances.push({
      name,
      module,
      conns: module.ports.map((p) => ({ port: p.name, dir: p.dir, net: conns[p.name]! })),
    });
  }
  build(): IrModule {
    return {
      name: this.name,
      className: this.name,
      params: {},
      ports: this.ports,
      nets: this.nets,
      cells: this.cells,
      processes: this.processes,
      registers: this.registers,
      memories: this.memories,
      instances: this.instances,
      domains: this.domains,
      enums: [],
    };
  }
}

export const assign = (target: NetId, value: NetId): IrStmt => ({ kind: 'assign', target, value });
export const ifElse = (cond: NetId, then: IrStmt[], els: IrStmt[] = []): IrStmt => ({
  kind: 'if',
  cond,
  then,
  else: els,
});

/** A Design from a top module: every module below it once, children first. */
export function designOf(top: IrModule): Design {
  const seen = new Set<IrModule>();
  const modules: IrModule[] = [];
  const visit = (m: IrModule): void => {
    if (seen.has(m)) return;
    seen.add(m);
    for (const i of m.instances) visit(i.module);
    modules.push(m);
  };
  visit(top);
  return { top, modules };
}
