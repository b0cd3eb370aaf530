// The construction context: which module's constructor is running (so `when` and `.set` know where
// statements go) and the diagnostics collected while user code builds modules.
import { DiagnosticSink, type DiagnosticCode } from './diagnostics.js';
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

/** Diagnostics raised while modules are being constructed; `elaborate` drains them. */
export const constructionDiagnostics = new DiagnosticSink();

export function constructionError(code: DiagnosticCode, message: string, loc: LazyLoc = captureLoc()): void {
  constructionDiagnostics.error(code, message, resolveLoc(loc));
}
