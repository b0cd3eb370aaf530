// The netlist IR: one flat netlist per module. Nets are integers; a closed set of cell kinds, each a
// pure combinational operator; processes keep the user's when/switch nesting for readable output;
// registers, memories and instances are the only state and hierarchy. Simulators and the Verilog
// emitter read only this.
import type { SourceLoc } from '../source-loc.js';
import type { VivadoAttributes } from '../attributes.js';
import type { ParamValue } from '../module.js';

export type NetId = number;

export type NetKind =
  | 'input'
  | 'output' // module ports
  | 'wire' // user-declared combinational signal
  | 'reg' // register output (current value)
  | 'temp' // result of a cell
  | 'const' // a constant: constValue holds it; emitted as a literal
  | 'inst_out' // driven by a child instance's output port
  | 'mem_read'; // driven by a memory read port

export interface IrNet {
  readonly id: NetId;
  name: string;
  readonly width: number;
  readonly signed: boolean;
  readonly kind: NetKind;
  readonly constValue?: bigint;
  /** True for nets the user named (ports, signals, `.named()` values). */
  readonly userNamed: boolean;
  readonly loc?: SourceLoc | undefined;
  readonly attrs?: VivadoAttributes | undefined;
  /** Set when the net holds an enum: emitted values use the member names. */
  readonly enumName?: string | undefined;
}

/** The closed set of cell kinds. Every input is combinational. */
export type CellOp =
  | 'add'
  | 'sub'
  | 'mul' // same width in and out (mul: out = sum of input widths; inputs extended per `signed`)
  | 'and'
  | 'or'
  | 'xor'
  | 'not'
  | 'neg'
  | 'andr'
  | 'orr'
  | 'xorr' // reductions, 1-bit out
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge' // 1-bit out; lt..ge use `signed`
  | 'shl'
  | 'shr' // ins [value, amount]; shr is arithmetic when `signed`; amount >= width gives 0 (or sign fill)
  | 'mux' // ins [sel, whenTrue, whenFalse]
  | 'slice' // ins [value]; bits hi..lo
  | 'concat' // ins most significant first
  | 'zext'
  | 'sext'; // ins [value]; out width >= in width

export interface IrCell {
  readonly op: CellOp;
  readonly out: NetId;
  readonly ins: readonly NetId[];
  /** For lt/le/gt/ge, shr, mul: operands are two's complement. */
  readonly signed?: boolean;
  readonly hi?: number;
  readonly lo?: number;
  readonly loc?: SourceLoc | undefined;
}

export type IrStmt =
  | { readonly kind: 'assign'; readonly target: NetId; readonly value: NetId; readonly loc?: SourceLoc | undefined }
  | {
      readonly kind: 'if';
      readonly cond: NetId;
      readonly then: IrStmt[];
      readonly else: IrStmt[];
      readonly loc?: SourceLoc | undefined;
    }
  | {
      readonly kind: 'case';
      readonly sel: NetId;
      readonly cases: { readonly values: bigint[]; readonly body: IrStmt[] }[];
      readonly default: IrStmt[];
      readonly loc?: SourceLoc | undefined;
    };

/**
 * A group of targets assigned together. comb: each target starts from its default (if any), then the
 * body runs with last-connect semantics. sync: on the domain's clock edge the body computes the next
 * value of each target register; a register not assigned on a path keeps its value.
 */
export interface IrProcess {
  readonly kind: 'comb' | 'sync';
  readonly domain?: number;
  readonly targets: NetId[];
  readonly defaults: { readonly target: NetId; readonly value: NetId }[];
  readonly body: IrStmt[];
}

export interface IrRegister {
  readonly net: NetId;
  readonly domain: number;
  /** Reset value, or power-on value when reset is 'none'. */
  readonly init?: bigint | undefined;
  readonly reset: 'sync' | 'async' | 'none';
}

export interface IrDomain {
  readonly name: string;
  readonly clock: NetId;
  readonly reset?: NetId | undefined;
  readonly resetKind: 'sync' | 'async';
  readonly resetActiveLow: boolean;
}

export interface IrMemory {
  readonly name: string;
  readonly width: number;
  readonly depth: number;
  readonly init?: bigint[] | undefined;
  readonly attrs?: VivadoAttributes | undefined;
  /** Writes take effect at the domain's clock edge (read-before-write for synchronous reads of the same address). */
  readonly writePorts: {
    readonly domain: number;
    readonly en: NetId;
    readonly addr: NetId;
    readonly data: NetId;
    readonly mask?: NetId | undefined;
    readonly maskGranularity: number;
  }[];
  readonly readPorts: {
    readonly addr: NetId;
    readonly data: NetId;
    readonly enable?: NetId | undefined;
    readonly sync: boolean;
    readonly domain?: number | undefined;
  }[];
  readonly loc?: SourceLoc | undefined;
}

export interface IrPort {
  readonly name: string;
  readonly dir: 'input' | 'output';
  readonly net: NetId;
}

export interface IrInstance {
  readonly name: string;
  readonly module: IrModule;
  /** One per port of the child, in the child's port order; `net` is the parent's net. */
  readonly conns: { readonly port: string; readonly dir: 'input' | 'output'; readonly net: NetId }[];
  readonly loc?: SourceLoc | undefined;
}

export interface IrEnum {
  readonly name: string;
  readonly width: number;
  readonly members: readonly (readonly [string, bigint])[];
}

export interface IrBlackBox {
  /** Verilog parameters passed to the instance. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Verilog source files that define the module, for simulators. */
  readonly sources: readonly string[];
}

export interface IrModule {
  name: string;
  /** The TypeScript class it came from. */
  readonly className: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly ports: IrPort[];
  readonly nets: IrNet[];
  readonly cells: IrCell[];
  readonly processes: IrProcess[];
  readonly registers: IrRegister[];
  readonly memories: IrMemory[];
  readonly instances: IrInstance[];
  readonly domains: IrDomain[];
  readonly enums: IrEnum[];
  readonly blackbox?: IrBlackBox | undefined;
  readonly loc?: SourceLoc | undefined;
}

/** A whole elaborated design: unique modules, children before parents; the top is last. */
export interface Design {
  readonly top: IrModule;
  readonly modules: IrModule[];
}
