// Loads a user's design file and constructs its top module from CLI parameters.
import { Module, UserError } from '../dsl/index.js';
import { type ModuleClass, constructTop } from './param-args.js';
import { importUserFile } from './user-import.js';

function isModuleClass(x: unknown): x is ModuleClass {
  return typeof x === 'function' && x.prototype instanceof Module;
}

/**
 * Imports `file` and builds its top module: `--top` picks an export, else the default or the only one;
 * `paramPairs` are the `--param name=value` strings (build/param-args.ts).
 */
export async function loadTop(file: string, top: string | undefined, paramPairs: readonly string[]): Promise<Module> {
  const mod = await importUserFile(file, 'design file');
  const classes = Object.entries(mod).filter(([, v]) => isModuleClass(v)) as [string, ModuleClass][];
  let chosen: ModuleClass | undefined;
  if (top) {
    chosen = classes.find(([k, v]) => k === top || v.name === top)?.[1];
    if (!chosen)
      throw new UserError(
        `${file}: no exported module class named '${top}' (exports: ${[...new Set(classes.map(([, v]) => v.name))].join(', ') || 'none'})`,
      );
  } else if (isModuleClass(mod.default)) {
    chosen = mod.default;
  } else {
    const distinct = [...new Set(classes.map(([, v]) => v))];
    if (distinct.length !== 1)
      throw new UserError(
        `${file}: ${distinct.length ? `exports several modules (${distinct.map((c) => c.name).join(', ')}); choose one with --top` : 'exports no Module subclass'}`,
      );
    chosen = distinct[0];
  }
  return constructTop(chosen!, paramPairs, file);
}
