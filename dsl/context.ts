// The construction context: which module's constructor is running (so `when` and `.set` know where
// statements go) and the diagnostics collected while user code builds modules.
import type { DiagnosticSink, DiagnosticCode } from './diagnostics.js';
import { type LazyLoc, captureLoc, resolveLoc } from './source-loc.js';

/** What the context needs of a module; the Module class implements it. */
export interface ScopeOwner {
  readonly moduleName: string;
  /** Statement lists from the outermost (module body) to the innermost open when/switch branch. */
  readonly scopeStack: unknown[][];
}

let active: ScopeOwner | undefined;

export function setActiveModule(m: ScopeOwner): void { active = m; }
export function activeModule(): ScopeOwner | undefined { return active; }

interface PendingDiagnostic { code: DiagnosticCode; message: string | (() => string); loc: LazyLoc }

const pending: PendingDiagnostic[] = [];

/**
 * Records an error found while user code builds a module. The message may be a function: it is
 * formatted after elaboration has named the signals, so it can say 'count' rather than 'a signal'.
 */
export function constructionError(code: DiagnosticCode, message: string | (() => string), loc: LazyLoc = captureLoc()): void {
  pending.push({ code, message, loc });
}

/** Moves the construction errors into `sink` (called by elaborate, after naming). */
export function drainConstructionDiagnostics(sink: DiagnosticSink): void {
  for (const p of pending.splice(0)) sink.error(p.code, typeof p.message === 'function' ? p.message() : p.message, resolveLoc(p.loc));
}
