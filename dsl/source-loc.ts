// Source locations of the user's code, taken from V8 call sites when a value is built and mapped
// through source maps once per distinct position.
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

/**
 * A captured location. Capture resolves at once to a shared, cached SourceLoc: keeping V8 stack
 * objects alive per expression node (the lazy alternative) cost more in garbage collection than the
 * resolution saves. The name stays for the call sites that treat it as "maybe resolved".
 */
export type LazyLoc = SourceLoc | undefined;

const dslUrl = `file://${dslDir}${path.sep}`;
const grabSites = (_e: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

/** The current call sites above `below` (V8 structured frames, not formatted text). */
function callSites(below: Function, limit: number): NodeJS.CallSite[] | undefined {
  const prevLimit = Error.stackTraceLimit;
  const prevPrepare = Error.prepareStackTrace;
  Error.stackTraceLimit = limit;
  Error.prepareStackTrace = grabSites;
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder, below);
  const sites = holder.stack;
  Error.prepareStackTrace = prevPrepare;
  Error.stackTraceLimit = prevLimit;
  return Array.isArray(sites) ? (sites as NodeJS.CallSite[]) : undefined;
}

/**
 * Where the function (or class constructor) named `fn` runs, else the first user frame: a module's
 * location is its own class, not a library base class it extends.
 */
export function captureLocOf(fn: string): LazyLoc {
  if (!enabled) return undefined;
  const sites = callSites(captureLocOf, 16);
  if (!sites) return undefined;
  const own = sites.findIndex((s) => s.getFunctionName() === fn);
  return (own >= 0 ? fromCallSites(sites.slice(own)) : undefined) ?? fromCallSites(sites);
}

export function captureLoc(): LazyLoc {
  if (!enabled) return undefined;
  // The user's frame is at most 7 deep in the examples and the FP units (index 2..6 measured).
  const sites = callSites(captureLoc, 10);
  return sites ? fromCallSites(sites) : undefined;
}

/** Locations are resolved when captured; this only keeps the older two-step call sites working. */
export function resolveLoc(lazy: LazyLoc): SourceLoc | undefined {
  return lazy;
}

/** Per generated position: the user-facing location, or null for frames to skip (DSL, node_modules). */
const positions = new Map<string, SourceLoc | null>();
const sourceMaps = new Map<string, SourceMap | undefined>();

function fromCallSites(sites: NodeJS.CallSite[]): SourceLoc | undefined {
  for (const site of sites) {
    const name = site.getFileName();
    // DSL frames come first and are never the user's: skip them before any string building.
    if (!name || name.startsWith('node:') || name.startsWith(dslUrl) || name.startsWith(dslDir + path.sep)) continue;
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

export function formatLoc(loc: SourceLoc): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}
