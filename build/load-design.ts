// Loads a user's design file and constructs its top module from CLI parameters.
import { Module, UserError, type ParamValue } from '../dsl/index.js';
import { importUserFile } from './user-import.js';

type ModuleClass = (new (
  ...args: any[]
) => Module) & { paramNames?: readonly string[]; fromParams?: (p: Record<string, ParamValue>) => Module };

/** `key=value` strings -> typed values (numbers, booleans, bigints with an n suffix, else strings). */
export function parseParams(pairs: readonly string[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UserError(`--param ${p}: expected key=value, e.g. --param width=16`);
    const k = p.slice(0, eq);
    const v = p.slice(eq + 1);
    out[k] = /^-?\d+n$/.test(v)
      ? BigInt(v.slice(0, -1))
      : /^-?(\d+\.?\d*|0x[0-9a-f]+)$/i.test(v)
        ? Number(v)
        : v === 'true'
          ? true
          : v === 'false'
            ? false
            : v;
  }
  return out;
}

function isModuleClass(x: unknown): x is ModuleClass {
  return typeof x === 'function' && x.prototype instanceof Module;
}

/** Imports `file` and builds its top module: `--top` picks an export, else the default or the only one. */
export async function loadTop(
  file: string,
  top: string | undefined,
  params: Record<string, ParamValue>,
): Promise<Module> {
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
  return construct(chosen!, params, file);
}

function construct(cls: ModuleClass, params: Record<string, ParamValue>, file: string): Module {
  if (cls.fromParams) return cls.fromParams(params);
  const names = cls.paramNames ?? [];
  const unknown = Object.keys(params).filter((k) => !names.includes(k));
  if (unknown.length) {
    throw new UserError(
      `${file}: ${cls.name} has no parameter ${unknown.map((u) => `'${u}'`).join(', ')}` +
        (names.length
          ? ` (parameters: ${names.join(', ')})`
          : `; declare them with static paramNames = ['...'] in the class, in constructor order`),
    );
  }
  const args = names.map((n) => params[n]);
  while (args.length && args[args.length - 1] === undefined) args.pop();
  return new cls(...args);
}
