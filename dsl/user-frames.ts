// Which frames of an error's stack are the user's. ttforge's own folders (the language, the library,
// the simulators, the CLI) are not, nor are node's internals and installed packages. The CLI decides
// by it whether an error is the user's mistake (thrown in their code: reported at that line) or the
// tool's fault (thrown in ttforge's code: "internal error"), and the library uses it to put the
// user's line on a configuration it refuses.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceLoc } from './source-loc.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolDirs = ['dsl', 'rtl-lib', 'sim', 'build', 'scripts'].map((d) => path.join(packageRoot, d) + path.sep);
// Fixed at start-up, as in source-loc.ts, so locations read the same if the process changes folder.
const startDir = process.cwd();

/** One parsed stack frame: an absolute file path (never a URL), line and column. */
export interface StackFrame {
  path: string;
  line: number;
  col: number;
}

/** The frames of a V8 stack text, top first (`node:` paths kept as they are); frames without a position are dropped. */
export function stackFrames(stack: string | undefined): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of (stack ?? '').split('\n')) {
    const m = /^\s*at (?:.*?\()?((?:file:\/\/)?[^()\s][^()]*?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    frames.push({ path: file, line: Number(m[2]), col: Number(m[3]) });
  }
  return frames;
}

/** Node's own code or an installed package: neither the user's nor ttforge's. */
function isForeign(f: StackFrame): boolean {
  return (
    f.path.startsWith('node:') || f.path.includes(`${path.sep}node_modules${path.sep}`) || !path.isAbsolute(f.path)
  );
}

/** Is this file part of ttforge itself (not a design written with it)? */
export function isToolFile(absPath: string): boolean {
  return toolDirs.some((d) => absPath.startsWith(d));
}

export function toSourceLoc(f: StackFrame): SourceLoc {
  return { file: path.relative(startDir, f.path) || f.path, line: f.line, col: f.col, path: f.path };
}

/** The first frame of `stack` in the user's code. */
export function firstUserFrame(stack: string | undefined): SourceLoc | undefined {
  const f = stackFrames(stack).find((s) => !isForeign(s) && !isToolFile(s.path));
  return f && toSourceLoc(f);
}

/**
 * Where an error was thrown, for deciding whose fault it is: the top frame that is the user's or
 * ttforge's (node's internals and packages pass it on to whoever called them).
 */
export function throwingFrame(stack: string | undefined): { loc: SourceLoc; user: boolean } | undefined {
  const f = stackFrames(stack).find((s) => !isForeign(s));
  return f && { loc: toSourceLoc(f), user: !isToolFile(f.path) };
}

/** The user's line that led to the current call (for library code refusing what it was asked for). */
export function callerInUserCode(): SourceLoc | undefined {
  const prev = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack;
  Error.stackTraceLimit = prev;
  return firstUserFrame(stack);
}
