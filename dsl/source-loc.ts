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
export function setLocationCapture(on: boolean): void {
  enabled = on;
}

const dslUrl = `file://${dslDir}${path.sep}`;

// Files whose frames are skipped like the DSL's own (see skipFramesOf).
const skippedFiles = new Set<string>();

/**
 * Frames of the calling file are not locations: for an adapter that only forwards to DSL methods
 * (rtl-lib's SignalArith), the place a value is written is its caller, whose `const x = ...` line
 * then also names it. Call once at module load with `import.meta.url`.
 */
export function skipFramesOf(fileUrl: string): void {
  skippedFiles.add(fileUrl);
  skippedFiles.add(fileURLToPath(fileUrl));
}
const grabSites = (_e: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

/** The current call sites above `below` (V8 structured frames, not formatted text), at most `limit`. */
export function callSites(below: Function, limit: number): NodeJS.CallSite[] | undefined {
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
export function captureLocOf(fn: string): SourceLoc | undefined {
  if (!enabled) return undefined;
  // A few frames first (the class is nearly always right above the base constructor); all 16 only
  // when the answer could lie further up.
  const short = callSites(captureLocOf, 6);
  if (!short) return undefined;
  const own = ownIndex(short, fn);
  const quick = own >= 0 ? fromCallSites(short, own) : undefined;
  if (quick !== undefined || short.length < 6) return quick ?? fromCallSites(short, 0);
  const sites = callSites(captureLocOf, 16);
  if (!sites) return undefined;
  const at = ownIndex(sites, fn);
  return (at >= 0 ? fromCallSites(sites, at) : undefined) ?? fromCallSites(sites, 0);
}

function ownIndex(sites: NodeJS.CallSite[], fn: string): number {
  for (let i = 0; i < sites.length; i++) if (sites[i]!.getFunctionName() === fn) return i;
  return -1;
}

/**
 * Frames per capture: V8 charges about 1.5 us plus 0.5 to 1 us per frame. The user's frame is at index
 * 1 or 2 for nearly every DSL call (all but 0.25% of the captures made building the examples, the
 * FP units, the engine and the benches), so a short capture comes first; the full one (user frames
 * were measured at most at index 6) only when the short one misses.
 */
const SHORT_FRAMES = 3;
const FULL_FRAMES = 10;

/** The first user frame above `below`: the same answer as one FULL_FRAMES capture, usually cheaper. */
function userFrame(below: Function): SourceLoc | undefined {
  const short = callSites(below, SHORT_FRAMES);
  if (!short) return undefined;
  const loc = fromCallSites(short, 0);
  if (loc !== undefined || short.length < SHORT_FRAMES) return loc;
  const sites = callSites(below, FULL_FRAMES);
  return sites ? fromCallSites(sites, 0) : undefined;
}

/**
 * The user's location for a value being built. `entry` is the DSL function the user called (the
 * public method, not a helper): the frame above it is then the user's, and one frame is captured
 * instead of three, about half the cost. When that frame is not the user's (DSL code calling DSL
 * code, e.g. connect() calling set()), the search from captureLoc's caller runs as without `entry`.
 */
export function captureLoc(entry?: Function): SourceLoc | undefined {
  if (!enabled) return undefined;
  if (pinDepth > 0) return pinned;
  if (entry) {
    // callSites(entry, 1) written out: V8 walks every frame between here and `entry`, one more
    // function call in between is one more frame for each of the captures.
    const prevLimit = Error.stackTraceLimit;
    const prevPrepare = Error.prepareStackTrace;
    Error.stackTraceLimit = 1;
    Error.prepareStackTrace = grabSites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, entry);
    const sites = holder.stack;
    Error.prepareStackTrace = prevPrepare;
    Error.stackTraceLimit = prevLimit;
    const loc = Array.isArray(sites) ? fromCallSites(sites as NodeJS.CallSite[], 0) : undefined;
    if (loc) return loc;
  }
  return userFrame(captureLoc);
}

// A DSL call that builds several nodes (shl: a slice, a constant, a concat and a cast) would walk
// the stack once per node, each walk ending at the same user frame. It pins that location instead,
// and captures inside it return the pinned one. Only for DSL code that never calls user code.
let pinDepth = 0;
let pinned: SourceLoc | undefined;

/** Captures the caller's location once for every node built until the matching unpinLoc(); `entry` as for captureLoc. */
export function pinLoc(entry?: Function): void {
  if (pinDepth === 0) pinned = captureLoc(entry);
  pinDepth++;
}

export function unpinLoc(): void {
  if (--pinDepth === 0) pinned = undefined;
}

/**
 * Per script file, per generated position (character offset): the user-facing location, or null
 * for frames to skip (DSL, node_modules). Keyed by the offset: no key string, and no line and column
 * worked out, for the captures that find their position known (nearly all).
 */
const positions = new Map<string, Map<number, SourceLoc | null>>();
const sourceMaps = new Map<string, SourceMap | undefined>();
const dslPath = dslDir + path.sep;

function fromCallSites(sites: NodeJS.CallSite[], from: number): SourceLoc | undefined {
  for (let i = from; i < sites.length; i++) {
    const site = sites[i]!;
    const name = site.getFileName();
    // DSL frames come first and are never the user's: skip them before anything else.
    if (!name || name.startsWith('node:') || name.startsWith(dslUrl) || name.startsWith(dslPath)) continue;
    if (skippedFiles.size > 0 && skippedFiles.has(name)) continue;
    let inFile = positions.get(name);
    if (!inFile) positions.set(name, (inFile = new Map()));
    const pos = site.getPosition();
    let loc = inFile.get(pos);
    if (loc === undefined) {
      const line = site.getLineNumber();
      const col = site.getColumnNumber();
      if (line === null || col === null) continue;
      loc = userLocation(name, line, col);
      inFile.set(pos, loc);
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
    try {
      sm = findSourceMap(name);
    } catch {
      sm = undefined;
    }
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
