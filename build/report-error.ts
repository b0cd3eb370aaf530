// Turns an error into what the user sees: diagnostics and user errors as plain text, internal
// errors as one line (the stack only with TTFORGE_DEBUG=1). Returns the exit code.
import { UserError } from '../dsl/diagnostics.js';

export function reportError(err: unknown): number {
  if (err instanceof UserError) {
    console.error(err.message);
    return 1;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  if (process.env.TTFORGE_DEBUG) console.error(e.stack);
  else
    console.error(
      `ttforge: internal error: ${e.message}\n(set TTFORGE_DEBUG=1 for the stack trace and please file an issue)`,
    );
  return 70;
}
