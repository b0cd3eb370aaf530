// The Verilog an external simulator compiles: the emitted files plus the user's own sources of any
// black-box modules.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Design } from '../../dsl/ir/netlist.js';
import { UserError } from '../../dsl/diagnostics.js';
import { emitVerilog } from '../../dsl/emit/emit-design.js';
import type { EmitOptions } from '../../dsl/emit/emit-module.js';

export function simulationSources(design: Design, emit: EmitOptions = {}): { name: string; text: string }[] {
  const files = [...emitVerilog(design, emit).files];
  const seen = new Set(files.map((f) => f.name));
  for (const m of design.modules) {
    for (const src of m.blackbox?.sources ?? []) {
      const name = path.basename(src);
      if (seen.has(name)) continue;
      seen.add(name);
      try {
        files.push({ name, text: readFileSync(src, 'utf8') });
      } catch {
        throw new UserError(`black box '${m.name}': cannot read its Verilog source ${src}`);
      }
    }
  }
  return files;
}
