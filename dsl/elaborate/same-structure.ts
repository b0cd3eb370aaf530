// Whether two lowered modules are the same hardware, so that one Verilog module serves both
// (identical parameterizations are emitted once). Compared field by field with an early exit, no
// key built: serializing every module instance (as JSON or by hand) was a third of elaborating a
// grid of 4,096 identical cells. Source locations do not count, since two instances built on
// different lines are the same hardware; undefined and absent fields are equal.
import type {
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
} from '../ir/netlist.js';

/**
 * Every field of the IR and whether it is compared. A test walks elaborated designs and fails on a
 * field not listed here, so a new IR field cannot silently be left out of the comparison.
 */
export const IR_FIELDS = {
  module: [
    'name',
    'className',
    'params',
    'ports',
    'nets',
    'cells',
    'processes',
    'registers',
    'memories',
    'instances',
    'domains',
    'enums',
    'blackbox',
    'loc',
  ],
  net: ['id', 'name', 'width', 'signed', 'kind', 'constValue', 'userNamed', 'loc', 'attrs', 'enumName'],
  cell: ['op', 'out', 'ins', 'signed', 'hi', 'lo', 'loc'],
  stmt: ['kind', 'target', 'value', 'cond', 'then', 'else', 'sel', 'cases', 'default', 'loc'],
  caseItem: ['values', 'body'],
  process: ['kind', 'domain', 'targets', 'defaults', 'body'],
  processDefault: ['target', 'value'],
  register: ['net', 'domain', 'init', 'reset'],
  domain: ['name', 'clock', 'reset', 'resetKind', 'resetActiveLow'],
  memory: ['name', 'width', 'depth', 'init', 'attrs', 'writePorts', 'readPorts', 'loc'],
  writePort: ['domain', 'en', 'addr', 'data', 'mask', 'maskGranularity'],
  readPort: ['addr', 'data', 'enable', 'sync', 'domain'],
  port: ['name', 'dir', 'net'],
  instance: ['name', 'module', 'conns', 'loc'],
  conn: ['port', 'dir', 'net'],
  enum: ['name', 'width', 'members'],
  blackbox: ['params', 'sources'],
} as const;

/**
 * True when `a` and `b` emit the same Verilog body. Child modules must already be shared: an
 * instance's module is compared by identity. A module's own name is compared only for black boxes
 * (their Verilog name is the module).
 */
export function sameStructure(a: IrModule, b: IrModule): boolean {
  if (a.className !== b.className || !sameFlat(a.params, b.params)) return false;
  if ((a.blackbox || b.blackbox) && (a.name !== b.name || !sameBlackBox(a, b))) return false;
  return (
    sameList(a.ports, b.ports, samePort) &&
    sameList(a.nets, b.nets, sameNet) &&
    sameList(a.cells, b.cells, sameCell) &&
    sameList(a.processes, b.processes, sameProcess) &&
    sameList(a.registers, b.registers, sameRegister) &&
    sameList(a.memories, b.memories, sameMemory) &&
    sameList(a.instances, b.instances, sameInstance) &&
    sameList(a.domains, b.domains, sameDomain) &&
    sameList(a.enums, b.enums, sameEnum)
  );
}

/** The first of `candidates` with the same structure as `m`. */
export function findSame<T extends { readonly ir: IrModule }>(
  candidates: readonly T[] | undefined,
  m: IrModule,
): T | undefined {
  if (candidates) for (const c of candidates) if (sameStructure(c.ir, m)) return c;
  return undefined;
}

/** Narrows the comparisons: modules of different classes or parameters are never the same. */
export function structureBucket(m: IrModule): string {
  let k = m.className;
  for (const p in m.params) k += `|${p}=${String(m.params[p])}`;
  return k;
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return false;
  return true;
}

function sameValues<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Objects of primitive values (parameters, attributes), field order included as JSON had it. */
function sameFlat(a: object | undefined, b: object | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || (a as Record<string, unknown>)[ka[i]!] !== (b as Record<string, unknown>)[kb[i]!])
      return false;
  }
  return true;
}

function sameBlackBox(a: IrModule, b: IrModule): boolean {
  if (!a.blackbox || !b.blackbox) return a.blackbox === b.blackbox;
  return sameFlat(a.blackbox.params, b.blackbox.params) && sameValues(a.blackbox.sources, b.blackbox.sources);
}

function samePort(a: IrPort, b: IrPort): boolean {
  return a.name === b.name && a.dir === b.dir && a.net === b.net;
}

function sameNet(a: IrNet, b: IrNet): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.width === b.width &&
    a.signed === b.signed &&
    a.kind === b.kind &&
    a.constValue === b.constValue &&
    a.userNamed === b.userNamed &&
    a.enumName === b.enumName &&
    sameFlat(a.attrs, b.attrs)
  );
}

function sameCell(a: IrCell, b: IrCell): boolean {
  return (
    a.op === b.op &&
    a.out === b.out &&
    a.signed === b.signed &&
    a.hi === b.hi &&
    a.lo === b.lo &&
    sameValues(a.ins, b.ins)
  );
}

function sameStmt(a: IrStmt, b: IrStmt): boolean {
  switch (a.kind) {
    case 'assign':
      return b.kind === 'assign' && a.target === b.target && a.value === b.value;
    case 'if':
      return (
        b.kind === 'if' && a.cond === b.cond && sameList(a.then, b.then, sameStmt) && sameList(a.else, b.else, sameStmt)
      );
    case 'case':
      return (
        b.kind === 'case' &&
        a.sel === b.sel &&
        sameList(a.default, b.default, sameStmt) &&
        sameList(a.cases, b.cases, sameCaseItem)
      );
  }
}

function sameCaseItem(
  a: { readonly values: bigint[]; readonly body: IrStmt[] },
  b: { readonly values: bigint[]; readonly body: IrStmt[] },
): boolean {
  return sameValues(a.values, b.values) && sameList(a.body, b.body, sameStmt);
}

function sameProcess(a: IrProcess, b: IrProcess): boolean {
  return (
    a.kind === b.kind &&
    a.domain === b.domain &&
    sameValues(a.targets, b.targets) &&
    sameList(a.defaults, b.defaults, sameDefault) &&
    sameList(a.body, b.body, sameStmt)
  );
}

function sameDefault(a: IrProcess['defaults'][number], b: IrProcess['defaults'][number]): boolean {
  return a.target === b.target && a.value === b.value;
}

function sameRegister(a: IrRegister, b: IrRegister): boolean {
  return a.net === b.net && a.domain === b.domain && a.init === b.init && a.reset === b.reset;
}

function sameDomain(a: IrDomain, b: IrDomain): boolean {
  return (
    a.name === b.name &&
    a.clock === b.clock &&
    a.reset === b.reset &&
    a.resetKind === b.resetKind &&
    a.resetActiveLow === b.resetActiveLow
  );
}

function sameMemory(a: IrMemory, b: IrMemory): boolean {
  return (
    a.name === b.name &&
    a.width === b.width &&
    a.depth === b.depth &&
    sameValues(a.init, b.init) &&
    sameFlat(a.attrs, b.attrs) &&
    sameList(a.writePorts, b.writePorts, sameWritePort) &&
    sameList(a.readPorts, b.readPorts, sameReadPort)
  );
}

function sameWritePort(a: IrMemory['writePorts'][number], b: IrMemory['writePorts'][number]): boolean {
  return (
    a.domain === b.domain &&
    a.en === b.en &&
    a.addr === b.addr &&
    a.data === b.data &&
    a.mask === b.mask &&
    a.maskGranularity === b.maskGranularity
  );
}

function sameReadPort(a: IrMemory['readPorts'][number], b: IrMemory['readPorts'][number]): boolean {
  return a.addr === b.addr && a.data === b.data && a.enable === b.enable && a.sync === b.sync && a.domain === b.domain;
}

function sameInstance(a: IrInstance, b: IrInstance): boolean {
  return a.name === b.name && a.module === b.module && sameList(a.conns, b.conns, sameConn);
}

function sameConn(a: IrInstance['conns'][number], b: IrInstance['conns'][number]): boolean {
  return a.port === b.port && a.dir === b.dir && a.net === b.net;
}

function sameEnum(a: IrEnum, b: IrEnum): boolean {
  return a.name === b.name && a.width === b.width && sameList(a.members, b.members, sameMember);
}

function sameMember(a: IrEnum['members'][number], b: IrEnum['members'][number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
