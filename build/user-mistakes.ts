// Errors that are the user's mistake although nothing in ttforge raised them as such: a design file
// that does not compile, an exception thrown by the design's own code (a misspelled method, a check
// of its own parameters), a field that hides a Module method. Each becomes a diagnostic at the
// user's line with what to do. Whose fault an error is follows from where it was thrown: in the
// user's files it is theirs, in ttforge's folders it is the tool's (dsl/user-frames.ts).
import { DiagnosticError, UserError, type Diagnostic } from '../dsl/diagnostics.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstUserFrame, isToolFile, throwingFrame, toSourceLoc } from '../dsl/user-frames.js';
import type { SourceLoc } from '../dsl/source-loc.js';

/** The user error `err` stands for, or undefined when it is ttforge's own fault. */
export async function asUserError(err: unknown): Promise<UserError | undefined> {
  if (err instanceof DiagnosticError) return err;
  if (err instanceof UserError) return withCallerLine(err);
  if (!(err instanceof Error)) return undefined;
  return compileError(err) ?? missingImport(err) ?? (await thrownByDesign(err));
}

const one = (d: Omit<Diagnostic, 'severity'>): DiagnosticError => new DiagnosticError([{ ...d, severity: 'error' }]);

/**
 * A diagnostic raised without a location (a missing tool, a simulation mismatch) gets the user's line
 * that led to it. Plain UserErrors (the CLI's own argument errors) are about the command line: as they are.
 */
function withCallerLine(err: UserError): UserError {
  const d = err.diagnostic;
  const loc = d && !d.loc ? firstUserFrame(err.stack) : undefined;
  if (!d || !loc) return err;
  const located = new UserError(d.message, { code: d.code, loc });
  located.stack = err.stack;
  return located;
}

/**
 * tsx compiles a design with esbuild; a file that does not parse fails the import with a TransformError
 * whose message lists each error as `<file>:<line>:<column, from 0>: ERROR: <text>`.
 */
function compileError(err: Error): DiagnosticError | undefined {
  if (err.name !== 'TransformError') return undefined;
  const diagnostics: Diagnostic[] = [];
  for (const line of err.message.split('\n')) {
    const m = /^(.+?):(\d+):(\d+): ERROR: (.*)$/.exec(line);
    if (!m) continue;
    diagnostics.push({
      code: 'TTF180',
      severity: 'error',
      message: `${m[4]}; fix the TypeScript at this line`,
      loc: toSourceLoc({ path: m[1]!, line: Number(m[2]), col: Number(m[3]) + 1 }),
    });
  }
  return diagnostics.length ? new DiagnosticError(diagnostics) : undefined;
}

/**
 * Node's ERR_MODULE_NOT_FOUND for an import in one of the user's files (a design inside the checkout,
 * loaded as it is): TTF180 at the line of that import.
 */
function missingImport(err: Error): DiagnosticError | undefined {
  if ((err as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const m = /^Cannot find (?:module|package) '([^']+)' imported from (.+)$/.exec(err.message);
  if (!m) return undefined;
  const importer = m[2]!.startsWith('file://') ? fileURLToPath(m[2]!) : m[2]!;
  if (isToolFile(importer)) return undefined;
  const wanted = path.basename(m[1]!);
  let line = 1;
  let col = 1;
  try {
    const lines = readFileSync(importer, 'utf8').split('\n');
    const i = lines.findIndex((l) => /\b(import|from)\b/.test(l) && l.includes(wanted));
    if (i >= 0) [line, col] = [i + 1, lines[i]!.indexOf(wanted) + 1];
  } catch {
    /* the importer cannot be read: its first line */
  }
  return one({
    code: 'TTF180',
    message: `cannot find '${path.relative(path.dirname(importer), m[1]!) || m[1]}' imported here; check the path`,
    loc: toSourceLoc({ path: importer, line, col }),
  });
}

/** An exception whose throwing frame is in the user's code. */
async function thrownByDesign(err: Error): Promise<DiagnosticError | undefined> {
  const at = throwingFrame(err.stack);
  if (!at?.user) return undefined;
  const call = /(?:^|\s)((?:[\w$]+\.)*)([\w$]+) is not a function$/.exec(err.message);
  if (!call) return threw(err, at.loc, '');
  const methods = await dslMethodNames();
  return (
    notAFunction(call[1] ?? '', call[2]!, at.loc, methods.module) ??
    threw(err, at.loc, suggestion(call[2]!, methods.all))
  );
}

function threw(err: Error, loc: SourceLoc, hint: string): DiagnosticError {
  return one({
    code: 'TTF181',
    message: `the design's code threw ${err.name}: ${err.message}${hint || '; fix the design, or the parameters it was given (--param)'}`,
    loc,
  });
}

/** `this.input is not a function` in a module: a field named like a Module method hides it. */
function notAFunction(
  receiver: string,
  name: string,
  loc: SourceLoc,
  moduleMethods: ReadonlySet<string>,
): DiagnosticError | undefined {
  if (receiver !== 'this.' || !moduleMethods.has(name)) return undefined;
  return one({
    code: 'TTF131',
    message: `a field named '${name}' hides the Module method ${name}(), so this.${name}(...) no longer reaches it; rename the field (e.g. '${name}Port')`,
    loc,
  });
}

const methodsOf = (proto: object): string[] => {
  const names: string[] = [];
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
    for (const k of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, k);
      if (k !== 'constructor' && typeof d?.value === 'function') names.push(k);
    }
  return names;
};
/** The methods of Module, and of every DSL class a design calls methods on. Loaded only when needed. */
async function dslMethodNames(): Promise<{ module: Set<string>; all: string[] }> {
  const { Module, Signal, Expr, Memory, Fsm } = await import('../dsl/index.js');
  const module = new Set(methodsOf(Module.prototype));
  const others = [Signal, Expr, Memory, Fsm].flatMap((c) => methodsOf(c.prototype));
  return { module, all: [...new Set([...module, ...others])] };
}

/** "; did you mean 'add'?" when a DSL method is one or two edits away from the name called. */
function suggestion(name: string, methods: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const m of methods) {
    const d = editDistance(name, m);
    if (d < bestDistance) [best, bestDistance] = [m, d];
  }
  return best ? `; did you mean '${best}'?` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
