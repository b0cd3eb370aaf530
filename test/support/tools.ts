// Runs the external HDL tools the tests use (Verilator, Icarus; Yosys goes through build/tools/yosys.ts) through execa with argument
// arrays, and writes an emitted design into a scratch folder under out/ for them to read.
import { execa } from 'execa';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const found = new Map<string, boolean>();

/** True when `tool` runs on this machine (looked up once per process). */
export async function hasTool(tool: string): Promise<boolean> {
  let ok = found.get(tool);
  if (ok === undefined) {
    const r = await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false });
    ok = r.exitCode === 0;
    found.set(tool, ok);
  }
  return ok;
}

/** Skips the running mocha test, visibly, when a tool is missing. */
export async function requireTool(ctx: Mocha.Context, tool: string): Promise<void> {
  if (!(await hasTool(tool))) {
    console.log(`      (skipped: '${tool}' is not installed; apt-get install -y ${tool})`);
    ctx.skip();
  }
}

/** A fresh scratch folder below out/test/. */
export function scratchDir(name: string): string {
  const dir = path.resolve('out', 'test', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes files into `dir`; returns the absolute paths of the Verilog ones. */
export function writeFiles(dir: string, files: readonly { name: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const p = path.join(dir, f.name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, f.text);
    if (/\.s?v$/.test(f.name)) out.push(p);
  }
  return out;
}

/** Verilog files of the black boxes a design instantiates (simulators and lint need them). */
export function blackboxSources(design: {
  modules: readonly { blackbox?: { sources: readonly string[] } | undefined }[];
}): string[] {
  return [...new Set(design.modules.flatMap((m) => m.blackbox?.sources ?? []))];
}

export interface ToolResult {
  exitCode: number;
  output: string;
}

async function run(cmd: string, args: string[], cwd?: string, timeout = 120_000): Promise<ToolResult> {
  const r = await execa(cmd, args, { reject: false, all: true, cwd, timeout });
  return { exitCode: r.exitCode ?? -1, output: r.all ?? '' };
}

/** `verilator --lint-only -Wall` over all files with the given top. */
export function verilatorLint(files: string[], top: string): Promise<ToolResult> {
  return run('verilator', ['--lint-only', '-Wall', '--top-module', top, ...files]);
}

/** `iverilog -g2012 -Wall` compile; `outFile` receives the vvp program. */
export function iverilogCompile(files: string[], top: string, outFile: string): Promise<ToolResult> {
  return run('iverilog', ['-g2012', '-Wall', '-s', top, '-o', outFile, ...files]);
}

/** Runs a compiled Icarus program. */
export function vvp(program: string, cwd?: string): Promise<ToolResult> {
  return run('vvp', ['-n', program], cwd);
}
