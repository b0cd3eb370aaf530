// A whole design -> Verilog files: one module per file, named after the module (as Verilator's
// lint expects), plus any memory initialization files. Same design, same bytes.
import type { Design } from '../ir/netlist.js';
import { emitModule, type EmitOptions } from './emit-module.js';
import { printModule } from './print-verilog.js';

export interface EmittedFile {
  name: string;
  text: string;
}

export interface EmittedDesign {
  top: string;
  modules: string[];
  files: EmittedFile[];
}

export function emitVerilog(design: Design, opts: EmitOptions = {}): EmittedDesign {
  const files: EmittedFile[] = [];
  const modules: string[] = [];
  for (const m of design.modules) {
    if (m.blackbox) continue; // defined by the user's own Verilog
    const { ast, dataFiles } = emitModule(m, opts);
    const sv = opts.systemVerilog ?? false;
    files.push({ name: `${m.name}.${sv ? 'sv' : 'v'}`, text: printModule(ast, { systemVerilog: sv }) });
    files.push(...dataFiles);
    modules.push(m.name);
  }
  return { top: design.top.name, modules, files };
}
