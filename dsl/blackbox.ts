// Black boxes: modules defined in the user's own Verilog (vendor IP, primitives, hand-written RTL).
// A black box declares typed ports and Verilog parameters; it elaborates to an IrModule with
// `blackbox` set, so the emitter writes only its instances (with `#(...)` parameters), never a body.
// Ports can be declared by hand (subclass BlackBox) or read from the module header of a .v file.
import { readFileSync } from 'node:fs';
import { Module, type ParamValue } from './module.js';
import { Bool, SInt, UInt, type GroundType } from './types.js';
import type { Signal } from './signal.js';
import type { IrBlackBox } from './ir/netlist.js';
import { UserError } from './diagnostics.js';
import { parseVerilogHeader } from './syntax/verilog-header/header.js';
import { resolveHeader, type ResolvedHeader } from './syntax/verilog-header/evaluate.js';

export interface BlackBoxOptions {
  /** Verilog parameters passed to every instance. */
  params?: Record<string, ParamValue>;
  /** Verilog files that define the module, for simulators and lint. */
  sources?: readonly string[];
}

/** Subclass it, call super with the Verilog module name, and declare the ports with this.input/output. */
export abstract class BlackBox extends Module {
  /** Read by elaboration: the IR module becomes a black box with these parameters and sources. */
  readonly blackboxInfo: IrBlackBox;

  constructor(verilogName: string, opts: BlackBoxOptions = {}) {
    super({ ...opts.params });
    if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(verilogName))
      throw new UserError(`black box name '${verilogName}' is not a Verilog identifier`);
    this.setModuleName(verilogName);
    this.blackboxInfo = { params: { ...opts.params }, sources: [...(opts.sources ?? [])] };
  }

  /**
   * The module's default clock as an input port called `name`: `this.instance(...)` connects it to
   * the parent's clock like any module's `clk`.
   */
  protected clockInput(name = 'clk'): Signal {
    const clock = this.defaultDomain().clock;
    clock.named(name);
    return clock;
  }
}

export interface VerilogBlackBoxOptions {
  /** Which module of the file (needed when it holds several). */
  module?: string;
  /** Parameter overrides; they also fix the port widths. */
  params?: Record<string, ParamValue>;
  /** The 1-bit input that is the clock (connected automatically); default 'clk' when there is one, false for none. */
  clock?: string | false;
}

/** A black box whose ports come from the module header in a Verilog file. */
export class VerilogBlackBox extends BlackBox {
  /** The ports by their Verilog names. */
  readonly ports: Readonly<Record<string, Signal>>;
  readonly header: ResolvedHeader;

  constructor(
    readonly file: string,
    opts: VerilogBlackBoxOptions = {},
  ) {
    const header = loadHeader(file, opts);
    super(header.name, { params: opts.params ?? {}, sources: [file] });
    this.header = header;
    const clock =
      opts.clock ?? (header.ports.some((p) => p.name === 'clk' && p.dir === 'input' && p.width === 1) ? 'clk' : false);
    const ports: Record<string, Signal> = {};
    for (const p of header.ports) {
      if (p.dir === 'inout')
        throw new UserError(
          `${file}: port '${p.name}' of ${header.name} is inout; ttforge connects inputs and outputs only`,
        );
      if (p.name === clock) {
        if (p.dir !== 'input' || p.width !== 1)
          throw new UserError(`${file}: clock '${p.name}' of ${header.name} must be a 1-bit input`);
        ports[p.name] = this.clockInput(p.name);
        continue;
      }
      const type: GroundType = p.signed ? SInt(p.width) : p.width === 1 ? Bool() : UInt(p.width);
      ports[p.name] = p.dir === 'input' ? this.input(type, { name: p.name }) : this.output(type, { name: p.name });
    }
    if (clock && !ports[clock])
      throw new UserError(`${file}: ${header.name} has no input '${clock}' to use as the clock`);
    this.ports = ports;
  }

  /** A port by its Verilog name; an unknown name is a user error that lists the ports. */
  port(name: string): Signal {
    const p = this.ports[name];
    if (!p)
      throw new UserError(`${this.header.name} has no port '${name}' (has ${Object.keys(this.ports).join(', ')})`);
    return p;
  }
}

function loadHeader(file: string, opts: VerilogBlackBoxOptions): ResolvedHeader {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read Verilog file ${file}: ${(e as Error).message}`);
  }
  const overrides: Record<string, bigint | number | boolean | string> = { ...opts.params };
  return resolveHeader(parseVerilogHeader(text, opts.module, { source: file }), overrides);
}
