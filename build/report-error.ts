// Turns an error into what the user sees. The user's mistakes (diagnostics, user errors, and errors
// thrown in the user's own code: build/user-mistakes.ts) as plain text with their file:line, exit 1;
// the tool's own faults as one "internal error" line (the stack only with TTFORGE_DEBUG=1), exit 70.
import { asUserError } from './user-mistakes.js';

export async function reportError(err: unknown): Promise<number> {
  const e = err instanceof Error ? err : new Error(String(err));
  const user = await asUserError(err);
  if (user) {
    console.error(user.message);
    if (process.env.TTFORGE_DEBUG) console.error(e.stack);
    return 1;
  }
  if (process.env.TTFORGE_DEBUG) console.error(e.stack);
  else
    console.error(
      `ttforge: internal error: ${e.message}\n(set TTFORGE_DEBUG=1 for the stack trace and please file an issue)`,
    );
  return 70;
}
