// Helpers for tests about diagnostics: elaborate and collect what was reported, and find the line
// of a marker comment in a test file (so expected locations do not break when lines move).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticError, elaborateWithWarnings, type Diagnostic, type Module } from '../../dsl/index.js';

export interface Reported {
  errors: Diagnostic[];
  warnings: Diagnostic[];
}

/** Builds and elaborates a design, returning every diagnostic instead of throwing. */
export function diagnose(build: () => Module): Reported {
  try {
    const r = elaborateWithWarnings(build());
    return { errors: [], warnings: r.warnings };
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return {
      errors: e.diagnostics.filter((d) => d.severity === 'error'),
      warnings: e.diagnostics.filter((d) => d.severity === 'warning'),
    };
  }
}

/** The 1-based line of `file` (an import.meta.url) that holds the comment `// @<marker>`. */
export function markerLine(fileUrl: string, marker: string): number {
  const lines = readFileSync(fileURLToPath(fileUrl), 'utf8').split('\n');
  const re = new RegExp(`//\\s*@${marker}\\b`);
  const hits = lines.flatMap((l, i) => (re.test(l) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`marker @${marker} found ${hits.length} times in ${fileUrl}`);
  return hits[0]!;
}

/** The path diagnostics print for a test file: relative to the working directory. */
export function reportedPath(fileUrl: string): string {
  return path.relative(process.cwd(), fileURLToPath(fileUrl));
}
