// A module's parameters, declared once on its class with their names, defaults and types:
//
//   static readonly params = { width: 8, style: 'block' };
//   constructor(p: ParamsOf<typeof Counter.params> = {}) {
//     const { width } = withDefaults(Counter.params, p);
//
// The default's type (number, string, boolean, bigint) is the type the CLI parses `--param` as;
// `param.number()` (and the others) declares one without a default, for a constructor that decides
// itself when it is not given. The CLI checks `--param` names against the declaration
// (build/param-args.ts); the constructor still passes what changes the hardware to super({...}).

import type { ParamValue } from './module.js';

export type ParamKind = 'number' | 'string' | 'boolean' | 'bigint';

/** A declared parameter without a default: only its type. */
export interface ParamWithoutDefault<T extends ParamValue> {
  readonly kind: ParamKind;
  /** Never set: carries T for ParamsOf. */
  readonly valueType?: T;
}

const without = <T extends ParamValue>(kind: ParamKind): ParamWithoutDefault<T> => Object.freeze({ kind });

/** Parameters declared without a default (the constructor decides when one is not given). */
export const param = {
  number: (): ParamWithoutDefault<number> => without('number'),
  string: (): ParamWithoutDefault<string> => without('string'),
  boolean: (): ParamWithoutDefault<boolean> => without('boolean'),
  bigint: (): ParamWithoutDefault<bigint> => without('bigint'),
};

export type ParamDeclaration = ParamValue | ParamWithoutDefault<ParamValue>;
export type ParamDeclarations = { readonly [name: string]: ParamDeclaration };

type Widen<T> = T extends number
  ? number
  : T extends string
    ? string
    : T extends boolean
      ? boolean
      : T extends bigint
        ? bigint
        : T extends ParamWithoutDefault<infer V>
          ? V
          : never;

/** What a constructor accepts: any subset of the declared parameters. */
export type ParamsOf<D> = { [K in keyof D]?: Widen<D[K]> };

/** Every declared parameter: the given value, else the default (undefined for one without a default). */
export type ResolvedParams<D> = {
  [K in keyof D]: D[K] extends ParamWithoutDefault<infer V> ? V | undefined : Widen<D[K]>;
};

export function isParamWithoutDefault(d: unknown): d is ParamWithoutDefault<ParamValue> {
  return typeof d === 'object' && d !== null && typeof (d as { kind?: unknown }).kind === 'string';
}

/** The type a declared parameter takes. */
export function paramKind(d: ParamDeclaration): ParamKind {
  return isParamWithoutDefault(d) ? d.kind : (typeof d as ParamKind);
}

/** The declared defaults overlaid with the given values (an undefined value keeps the default). */
export function withDefaults<D extends ParamDeclarations>(declared: D, given: ParamsOf<D>): ResolvedParams<D> {
  const out: Record<string, ParamValue | undefined> = {};
  for (const [k, d] of Object.entries(declared)) {
    const v = (given as Record<string, ParamValue | undefined>)[k];
    out[k] = v !== undefined ? v : isParamWithoutDefault(d) ? undefined : d;
  }
  return out as ResolvedParams<D>;
}
