// Source locations of the user's code, taken from V8 stack traces. Capturing is cheap (V8 formats
// a stack lazily); resolving to file:line happens only when a location is printed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findSourceMap, type SourceMap } from 'node:module';

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
  // The user's frame is at most 7 deep in the examples and the FP units (index 2..6 measured);
  // each captured frame costs about 0.25 us, paid for every expression node.
  Error.stackTraceLimit = 10;
  const err = new Error();
  Error.stackTraceLimit = prev;
  return { err };
}

const frameRe = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?$/;
const cache = new WeakMap<object, SourceLoc | undefined>();

/**
 * The first stack frame outside the DSL itself and outside node internals. Frames are read as
 * structured call sites and mapped through the source map once per distinct position: formatting
 * whole stack texts (what `err.stack` does under source maps) dominated elaboration time.
 */
export function resolveLoc(lazy: LazyLoc): SourceLoc | undefined {
  if (!lazy) return undefined;
  if (cache.has(lazy)) return cache.get(lazy);
  const sites = callSites(lazy.err);
  const found = sites ? fromCallSites(sites) : fromStackText(lazy.err.stack ?? '');
  cache.set(lazy, found);
  return found;
}

/** The call sites of `err`, or undefined when its stack was already formatted. */
function callSites(err: Error): NodeJS.CallSite[] | undefined {
  const prev = Error.prepareStackTrace;
  let sites: NodeJS.CallSite[] | undefined;
  Error.prepareStackTrace = (_e, s) => { sites = s; return 'Error (location captured by ttforge)'; };
  try { void err.stack; } finally { Error.prepareStackTrace = prev; }
  return sites;
}

/** Per generated position: the user-facing location, or null for frames to skip (DSL, node_modules). */
const positions = new Map<string, SourceLoc | null>();
const sourceMaps = new Map<string, SourceMap | undefined>();

function fromCallSites(sites: NodeJS.CallSite[]): SourceLoc | undefined {
  for (const site of sites) {
    const name = site.getFileName();
    if (!name || name.startsWith('node:')) continue;
    const line = site.getLineNumber();
    const col = site.getColumnNumber();
    if (line === null || col === null) continue;
    const key = `${name}:${line}:${col}`;
    let loc = positions.get(key);
    if (loc === undefined) {
      loc = userLocation(name, line, col);
      positions.set(key, loc);
    }
    if (loc) return loc;
  }
  return undefined;
}

/** Where a generated position comes from (through the file's source map, when it has one). */
function userLocation(name: string, line: number, col: number): SourceLoc | null {
  let file = name;
  let l = line;
  let c = col;
  let sm = sourceMaps.get(name);
  if (!sourceMaps.has(name)) {
    try { sm = findSourceMap(name); } catch { sm = undefined; }
    sourceMaps.set(name, sm);
  }
  const entry = sm?.findEntry(line - 1, col - 1);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    file = entry.originalSource;
    l = entry.originalLine + 1;
    c = entry.originalColumn + 1;
  }
  if (file.startsWith('file://')) file = fileURLToPath(file);
  if (file.includes('node_modules') || file.startsWith(dslDir + path.sep)) return null;
  return { file: path.relative(startDir, file) || file, line: l, col: c, path: file };
}

function fromStackText(stack: string): SourceLoc | undefined {
  for (const raw of stack.split('\n').slice(1)) {
    const m = frameRe.exec(raw.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith('node:') || file.includes('node_modules')) continue;
    if (file.startsWith(dslDir + path.sep)) continue;
    return { file: path.relative(startDir, file) || file, line: Number(m[2]), col: Number(m[3]), path: file };
  }
  return undefined;
}

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}
