// `--param name=value` for the top module: checked by name against the parameters its class declares
// (`static readonly params`, dsl/params.ts), each value parsed as the type of its default, then given
// to the constructor as one object. A class that declares none is built without arguments, and one
// whose constructor needs a value ttforge cannot give is named with the parameter and the fix.
import { type Module, type ParamValue, UserError } from '../dsl/index.js';
import { type ParamDeclaration, type ParamKind, isParamWithoutDefault, paramKind } from '../dsl/params.js';

export type ModuleClass = (new (...args: any[]) => Module) & { params?: unknown; paramNames?: unknown };

/** Builds the top module `cls` of `file` from the `--param` pairs. */
export function constructTop(cls: ModuleClass, pairs: readonly string[], file: string): Module {
  const given = splitPairs(pairs);
  if (cls.paramNames !== undefined && cls.params === undefined)
    throw new UserError(
      `${file}: ${cls.name} lists static paramNames, which ttforge no longer reads: declare the parameters once with their defaults, static readonly params = { width: 8 }, and take them as one object, constructor(p: ParamsOf<typeof ${cls.name}.params> = {}) (docs/language.md, Parameters)`,
    );
  if (cls.params === undefined) {
    if (given.size)
      throw new UserError(
        `${file}: ${cls.name} declares no parameters, so --param ${[...given.keys()].join(', ')} cannot reach it; declare them on the class with their defaults, static readonly params = { ${[...given.keys()].map((k) => `${k}: ...`).join(', ')} }, and take them as one object, constructor(p: ParamsOf<typeof ${cls.name}.params> = {}) (docs/language.md, Parameters)`,
      );
    const needed = parametersWithoutDefault(cls);
    if (needed.length)
      throw new UserError(
        `${file}: ${cls.name}'s constructor takes ${needed.map((n) => `'${n}'`).join(', ')} without a default, and the CLI builds the top module from --param values only: declare ${needed.length > 1 ? 'them' : 'it'}, static readonly params = { ${needed.map((n) => `${n}: <default>`).join(', ')} }, take the object, constructor(p: ParamsOf<typeof ${cls.name}.params> = {}), and pass --param ${needed[0]}=value (docs/language.md, Parameters)`,
      );
    return new cls();
  }
  const declared = declarations(cls, file);
  const unknown = [...given.keys()].filter((k) => !Object.hasOwn(declared, k));
  if (unknown.length)
    throw new UserError(
      `${file}: ${cls.name} has no parameter ${unknown.map((u) => `'${u}'`).join(', ')} (parameters: ${describe(declared)})`,
    );
  const args: Record<string, ParamValue> = {};
  for (const [name, text] of given) args[name] = parseValue(cls.name, name, declared[name]!, text);
  return new cls(args);
}

function splitPairs(pairs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UserError(`--param ${p}: expected name=value, e.g. --param width=16`);
    const name = p.slice(0, eq);
    if (out.has(name)) throw new UserError(`--param ${name} is given twice`);
    out.set(name, p.slice(eq + 1));
  }
  return out;
}

function declarations(cls: ModuleClass, file: string): Record<string, ParamDeclaration> {
  const d = cls.params;
  const valid = (v: unknown) =>
    isParamWithoutDefault(v) || ['number', 'string', 'boolean', 'bigint'].includes(typeof v);
  if (typeof d !== 'object' || d === null || !Object.values(d).every(valid))
    throw new UserError(
      `${file}: ${cls.name}.params must map each parameter name to its default (a number, string, boolean or bigint) or to param.number() and the like`,
    );
  return d as Record<string, ParamDeclaration>;
}

function describe(declared: Record<string, ParamDeclaration>): string {
  const entries = Object.entries(declared);
  if (!entries.length) return 'none';
  return entries
    .map(([k, d]) => `${k} (${paramKind(d)}${isParamWithoutDefault(d) ? '' : `, default ${String(d)}`})`)
    .join(', ');
}

/** `text` as the declared parameter's type, or a UserError saying what was expected. */
function parseValue(owner: string, name: string, d: ParamDeclaration, text: string): ParamValue {
  const kind = paramKind(d);
  const value = parsers[kind](text.trim());
  if (value === undefined) {
    const dflt = isParamWithoutDefault(d) ? '' : ` (default ${String(d)})`;
    throw new UserError(
      `--param ${name}=${text}: ${owner}'s parameter ${name} is ${article[kind]}${dflt}, got '${text}'`,
    );
  }
  return value;
}

const article: Record<ParamKind, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  bigint: 'an integer (a bigint)',
};

const parsers: Record<ParamKind, (t: string) => ParamValue | undefined> = {
  number: (t) => (/^[-+]?(\d+\.?\d*(e[-+]?\d+)?|\.\d+|0x[0-9a-f]+)$/i.test(t) ? Number(t) : undefined),
  string: (t) => t,
  boolean: (t) => (t === 'true' ? true : t === 'false' ? false : undefined),
  bigint: (t) => {
    const m = /^(-?)(\d+|0x[0-9a-f]+)n?$/i.exec(t);
    return m ? (m[1] ? -BigInt(m[2]!) : BigInt(m[2]!)) : undefined;
  },
};

/**
 * The constructor's parameters that have no default, named as in its source (esbuild keeps them).
 * `Function.length` counts the parameters before the first with a default; the names are for the
 * message only, so a pattern it cannot read gives a numbered placeholder.
 */
function parametersWithoutDefault(cls: ModuleClass): string[] {
  if (cls.length === 0) return [];
  const src = Function.prototype.toString.call(cls);
  const m = /\bconstructor\s*\(([^)]*)\)/.exec(src);
  const names = (m?.[1] ?? '').split(',').map((p) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p)?.[1]);
  return Array.from({ length: cls.length }, (_, i) => names[i] ?? `parameter ${i + 1}`);
}
