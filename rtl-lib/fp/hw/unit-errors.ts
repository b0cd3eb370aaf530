// Bad configurations of a float unit (an unknown unit name, a depth outside the cut points, an unknown
// cut point) are the user's mistakes: they are reported as a TTF140 diagnostic at the line of the
// user's code that asked for the unit, with the valid choices, never as an internal error.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticError } from '../../../dsl/index.js';
import type { SourceLoc } from '../../../dsl/source-loc.js';

const libraryDirs = [
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), // rtl-lib/fp
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dsl'),
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../build'), // the CLI's loader
];

/** The first stack frame in the user's code: not in the FP library, the DSL, the CLI, node or packages. */
function userFrame(): SourceLoc | undefined {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!m) continue;
    const abs = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
    if (abs.includes(`${path.sep}node_modules${path.sep}`) || libraryDirs.some((d) => abs.startsWith(d + path.sep)))
      continue;
    return { file: path.relative(process.cwd(), abs), line: Number(m[2]), col: Number(m[3]), path: abs };
  }
  return undefined;
}

/** Throws the user error `message` (TTF140, bad parameter) at the user's line when there is one. */
export function unitConfigError(message: string): never {
  throw new DiagnosticError([{ code: 'TTF140', severity: 'error', message, loc: userFrame() }]);
}
