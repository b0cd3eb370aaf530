// The construction context: which module's constructor is running (so `when` and `.set` know where
// statements go) and the diagnostics collected while user code builds modules, kept on the module
// they belong to so that elaborate() reports exactly those of the design it builds.
import { type DiagnosticCode, DiagnosticError } from './diagnostics.js';
import { type SourceLoc, callSites, captureLoc } from './source-loc.js';

/** A construction diagnostic; the message may be formatted later, once elaboration has named signals. */
export interface PendingDiagnostic {
  code: DiagnosticCode;
  message: string | (() => string);
  loc: SourceLoc | undefined;
  /** Dropped, not reported, when this holds by the time the module is elaborated. */
  unless?: () => boolean;
}

/** What the context needs of a module; the Module class implements it. */
export interface ScopeOwner {
  readonly moduleName: string;
  /** Statement lists from the outermost (module body) to the innermost open when/switch branch. */
  readonly scopeStack: unknown[][];
  /** Errors found while this module was being built, drained by the elaboration that includes it. */
  readonly pendingDiagnostics: PendingDiagnostic[];
}

// JavaScript gives no hook when a constructor returns, so a child built inside its parent's
// constructor would stay "active" until the parent next calls one of its own methods, and a bare
// `when(...)` right after `new Child()` would land in the child. Each module under construction
// therefore remembers the frame that called `new` (its position and its depth from the bottom of the
// stack): while that constructor runs, that frame sits at that depth, suspended at that very call;
// once it returned, the frame has moved on (or is gone).
interface Construction {
  readonly owner: ScopeOwner;
  /** Frames from the bottom of the stack up to and including the caller of `new`. */
  readonly depth: number;
  /** The caller's position while it waits for the constructor: file, line, column. */
  readonly at: string;
}

const constructing: Construction[] = [];
let active: ScopeOwner | undefined;

/** Every frame above `below`, top first. */
const wholeStack = (below: Function): NodeJS.CallSite[] => callSites(below, Infinity) ?? [];

const position = (s: NodeJS.CallSite): string => `${s.getFileName()}:${s.getLineNumber()}:${s.getColumnNumber()}`;

/** Is `c`'s constructor still on the stack `sites` (top first)? */
function stillConstructing(c: Construction, sites: readonly NodeJS.CallSite[]): boolean {
  const callerIndex = sites.length - c.depth;
  const caller = sites[callerIndex];
  const callee = sites[callerIndex - 1];
  return caller !== undefined && callee?.isConstructor() === true && position(caller) === c.at;
}

/** Drops finished constructions from the top; the innermost running one (if any) becomes active. */
function popFinished(sites: readonly NodeJS.CallSite[]): void {
  let popped = false;
  while (constructing.length > 0 && !stillConstructing(constructing[constructing.length - 1]!, sites)) {
    constructing.pop();
    popped = true;
  }
  if (popped) active = constructing[constructing.length - 1]?.owner;
}

/**
 * Called by the Module constructor. `classes` are the constructors from the built class up to Module:
 * their frames sit between here and the code that said `new`.
 */
export function beginConstruction(owner: ScopeOwner, classes: ReadonlySet<string>): void {
  const sites = wholeStack(beginConstruction);
  popFinished(sites);
  let i = 0;
  while (i < sites.length && sites[i]!.isConstructor() && classes.has(sites[i]!.getFunctionName() ?? '')) i++;
  const caller = sites[i];
  if (caller) constructing.push({ owner, depth: sites.length - i, at: position(caller) });
  active = owner;
}

/**
 * A module's own method ran, so its code is running: constructions above it on the stack are done.
 * A method of a module that is not under construction makes it active until the next check.
 */
export function setActiveModule(m: ScopeOwner): void {
  for (let i = constructing.length - 1; i >= 0; i--) {
    if (constructing[i]!.owner === m) {
      constructing.length = i + 1;
      break;
    }
  }
  active = m;
}

/** The module whose constructor (or method) is running, or undefined outside any module. */
export function activeModule(): ScopeOwner | undefined {
  const top = constructing[constructing.length - 1];
  if (top !== undefined && top.owner === active) popFinished(wholeStack(activeModule));
  return active;
}

/**
 * The module that was active when the context last looked, without looking again: free, but after
 * `new Child()` returned it may still name the child. Callers whose answer is only in doubt when this
 * disagrees with the module they expect use it first and ask activeModule() on a mismatch, so that the
 * common case (a module's own constructor driving its own signals) reads no stack.
 */
export function lastActiveModule(): ScopeOwner | undefined {
  return active;
}

/**
 * Records an error found while user code builds a module, on that module. The message may be a
 * function: it is formatted after elaboration has named the signals, so it can say 'count' rather than
 * 'a signal'. Outside any module there is no design to report it with, so it is thrown at once.
 */
export function constructionError(
  code: DiagnosticCode,
  message: string | (() => string),
  loc: SourceLoc | undefined = captureLoc(),
): void {
  const m = activeModule();
  if (m) {
    m.pendingDiagnostics.push({ code, message, loc });
    return;
  }
  const text = typeof message === 'function' ? message() : message;
  throw new DiagnosticError([{ code, severity: 'error', message: text, loc }]);
}

/** The message of a pending diagnostic, formatted now (after naming). */
export function pendingMessage(p: PendingDiagnostic): string {
  return typeof p.message === 'function' ? p.message() : p.message;
}
