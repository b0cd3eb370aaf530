// The Verilator configuration (.vlt) of a build: which internal signals are visible through VPI, and,
// when asked for, which modules are verilated once as hierarchy blocks instead of being inlined into
// every instance. A model that only needs its ports and a few named signals builds in a fraction of
// the time of a `--public-flat-rw` model; hierarchy blocks build faster still but run several times
// slower (docs/simulation.md has the measurements), so the default is a flat model.
import type { Design, IrModule } from '../../dsl/ir/netlist.js';
import { UserError } from '../../dsl/diagnostics.js';
import { scopeModules } from '../icarus/visible-names.js';

/** Modules instantiated at least this often become hierarchy blocks (verilated and compiled once). */
export const HIER_BLOCK_MIN_INSTANCES = 4;

export interface ModelConfig {
  lines: string[];
  /** Hierarchical names (below the top) the model exposes through VPI. */
  visible: Set<string>;
}

/**
 * `internals`: hierarchical names of signals or memories the testbench will read or write
 * (`engine.core.pc`); each becomes public_flat_rw in its module. With `hierarchy`, modules holding none
 * of them and instantiated often are hierarchy blocks. Black boxes stay inlined (their sources are the user's).
 */
export function modelConfig(design: Design, internals: readonly string[], hierarchy = false): ModelConfig {
  const scopes = scopeModules(design);
  const lines: string[] = [];
  const needed = new Set<string>();
  for (const name of internals) {
    const parts = name.split('.');
    const leaf = parts.pop()!;
    const scope = parts.join('.');
    const mod = scopes.get(scope);
    if (!mod) throw new UserError(`internals: '${name}' is not in the design (no instance '${scope}')`);
    lines.push(`public_flat_rw -module "${mod.name}" -var "${leaf}"`);
    // Every module on the way down must stay visible too.
    for (let i = 0; i <= parts.length; i++) needed.add(scopes.get(parts.slice(0, i).join('.'))!.name);
  }
  if (!hierarchy) return { lines: lines.sort(), visible: new Set(internals) };
  const count = new Map<IrModule, number>();
  for (const m of scopes.values()) count.set(m, (count.get(m) ?? 0) + 1);
  for (const [m, n] of count) {
    if (n >= HIER_BLOCK_MIN_INSTANCES && !needed.has(m.name) && !m.blackbox && m !== design.top)
      lines.push(`hier_block -module "${m.name}"`);
  }
  return { lines: lines.sort(), visible: new Set(internals) };
}
