// Source locations of the user's code, taken from V8 stack traces. Capturing is cheap (V8 formats
// a stack lazily); resolving to file:line happens only when a location is printed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SourceLoc {
  /** Shown to the user: relative to the folder ttforge started in. */
  file: string;
  line: number;
  col: number;
  /** Absolute path, for reading the source line. */
  path?: string;
}

const dslDir = path.dirname(fileURLToPath(import.meta.url));
// Fixed at start-up so locations read the same even if the process changes folder later.
const startDir = process.cwd();
let enabled = process.env.TTFORGE_NO_LOC !== '1';

/** Turn location capture off for very large designs (or on again). */
export function setLocationCapture(on: boolean): void { enabled = on; }

/** A captured, not yet resolved location: resolve with `resolveLoc`. */
export type LazyLoc = { readonly err: Error } | undefined;

export function captureLoc(): LazyLoc {
  if (!enabled) return undefined;
  const prev = Error.stackTraceLimit;
  Error.stackTraceLimit = 16;
  const err = new Error();
  Error.stackTraceLimit = prev;
  return { err };
}

const frameRe = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;
const cache = new WeakMap<object, SourceLoc | undefined>();

/** The first stack frame outside the DSL itself and outside node internals. */
export function resolveLoc(lazy: LazyLoc): SourceLoc | undefined {
  if (!lazy) return undefined;
  if (cache.has(lazy)) return cache.get(lazy);
  let found: SourceLoc | undefined;
  for (const raw of (lazy.err.stack ?? '').split('\n').slice(1)) {
    const m = frameRe.exec(raw.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith('node:') || file.includes('node_modules')) continue;
    if (file.startsWith(dslDir + path.sep)) continue;
    found = { file: path.relative(startDir, file) || file, line: Number(m[2]), col: Number(m[3]), path: file };
    break;
  }
  cache.set(lazy, found);
  return found;
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}
