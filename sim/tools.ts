// Finding the external simulators; a missing one gets a message naming the Debian package.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { UserError } from '../dsl/diagnostics.js';

const packages: Record<string, string> = {
  verilator: 'verilator',
  iverilog: 'iverilog',
  vvp: 'iverilog',
  make: 'make',
  'g++': 'g++',
};

export function whichTool(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}

/** The tool's path, or a UserError (TTF170) saying how to install it. */
export function requireTool(name: string, forWhat: string): string {
  const p = whichTool(name);
  if (p) return p;
  const pkg = packages[name] ?? name;
  throw new UserError(
    `missing tool: '${name}' is needed for ${forWhat} but is not on PATH. On Debian/Ubuntu install it with: apt-get install -y ${pkg}`,
    { code: 'TTF170' },
  );
}

export function hasVerilator(): boolean {
  return whichTool('verilator') !== undefined && whichTool('make') !== undefined && whichTool('g++') !== undefined;
}
export function hasIcarus(): boolean {
  return whichTool('iverilog') !== undefined && whichTool('vvp') !== undefined;
}
