// Which IR names exist as Verilog declarations in the emitted files (the emitter may fold some nets
// into expressions): only those can be reached by hierarchical reference from a testbench.
import type { Design, IrModule } from '../../dsl/ir/netlist.js';

// A declaration may carry Verilog attributes first (`(* ram_style = "block" *) reg [31:0] mem [0:3];`,
// every RAM and FSM state register): they are skipped, or those names would be unreachable and their
// state never cleared at time 0.
const declRe =
  /^\s*(?:\(\*.*?\*\)\s*)*(?:input|output)?\s*(?:wire|reg)\s+(?:signed\s+)?(?:\[[^\]]+\]\s*)?([A-Za-z_][A-Za-z0-9_$]*)/gm;

export function declaredNames(verilog: string): Set<string> {
  const out = new Set<string>();
  for (const m of verilog.matchAll(declRe)) out.add(m[1]!);
  return out;
}

/** Scope path ('' for the top, 'a.b' below) to the module instantiated there. */
export function scopeModules(design: Design): Map<string, IrModule> {
  const map = new Map<string, IrModule>();
  const walk = (m: IrModule, prefix: string): void => {
    map.set(prefix, m);
    for (const i of m.instances) walk(i.module, prefix ? `${prefix}.${i.name}` : i.name);
  };
  walk(design.top, '');
  return map;
}

/** True when the dotted name is declared in the module at its scope. */
export function makeVisibility(design: Design, files: { name: string; text: string }[]): (hier: string) => boolean {
  const scopes = scopeModules(design);
  const decls = new Map<string, Set<string>>();
  for (const f of files) if (f.name.endsWith('.v')) decls.set(f.name.slice(0, -2), declaredNames(f.text));
  return (hier) => {
    const parts = hier.split('.');
    const leaf = parts.pop()!;
    const mod = scopes.get(parts.join('.'));
    return !!mod && !!decls.get(mod.name)?.has(leaf);
  };
}
