// A structural key per IR module: two modules with the same key emit the same Verilog body, so
// identical parameterizations are emitted once. Written out by hand rather than with
// JSON.stringify and a replacer, which calls back into JavaScript for every property and was most
// of the elaboration time of a grid of 4,096 small cells.
import { createHash } from 'node:crypto';
import type { IrModule } from '../ir/netlist.js';

/** `known`: the key of each child module already fingerprinted (instances refer to it). */
export function fingerprint(m: IrModule, known: ReadonlyMap<IrModule, string>): string {
  const out: string[] = [];
  const { name: _n, loc: _l, instances, ...rest } = m;
  write(rest, out);
  if (m.blackbox) out.push('|blackbox', str(m.name)); // black boxes of one class differ by their Verilog name
  for (const i of instances) {
    out.push('|inst', str(i.name), known.get(i.module) ?? '?');
    write(i.conns, out);
  }
  return createHash('sha256').update(out.join(',')).digest('hex');
}

/** Strings carry their length, so no content can imitate the separators. */
function str(s: string): string { return `${s.length}:${s}`; }

/**
 * Every value that can change the emitted Verilog. Source locations are left out (two instances of
 * a class built on different lines are the same hardware), and so are undefined properties, as
 * JSON does: an object built with `attrs: undefined` equals one built without `attrs`.
 */
function write(v: unknown, out: string[]): void {
  switch (typeof v) {
    case 'string': out.push(str(v)); return;
    case 'number': out.push(`n${v}`); return;
    case 'bigint': out.push(`b${v}`); return;
    case 'boolean': out.push(v ? 'T' : 'F'); return;
    case 'object':
      if (v === null) { out.push('N'); return; }
      if (Array.isArray(v)) {
        out.push('[');
        for (const x of v) write(x, out);
        out.push(']');
        return;
      }
      out.push('{');
      for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (k === 'loc' || x === undefined || typeof x === 'function') continue;
        out.push(str(k));
        write(x, out);
      }
      out.push('}');
      return;
    default: out.push('U'); // undefined inside an array
  }
}
