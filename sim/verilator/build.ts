// Builds the Verilated model plus harness once per distinct design and option set: the folder name
// is a hash of everything that goes into the build, so a re-run finds it and starts at once.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../../dsl/diagnostics.js';
import { requireTool } from '../tools.js';

export interface VerilatorBuildInput {
  topName: string;
  files: { name: string; text: string }[];
  harness: string;
  trace: boolean;
  /** Build with VPI access to internal signals and memories (slower model). */
  internals?: boolean | undefined;
  cacheDir: string;
  log?: ((msg: string) => void) | undefined;
}

export interface VerilatorBuild {
  exe: string;
  dir: string;
  cached: boolean;
  seconds: number;
}

let versionText: string | undefined;
async function verilatorVersion(): Promise<string> {
  versionText ??= (await execa('verilator', ['--version'])).stdout.trim();
  return versionText;
}

export function verilatorFlags(topName: string, trace: boolean, internals = true): string[] {
  return [
    '--cc',
    '--exe',
    '--build',
    '-O3',
    '--x-assign',
    '0',
    '--x-initial',
    '0',
    '-Wno-fatal',
    '-Wno-lint',
    '-Wno-style',
    '--vpi',
    ...(internals ? ['--public-flat-rw'] : []),
    '--top-module',
    topName,
    '-CFLAGS',
    '-O2',
    '-MAKEFLAGS',
    'OPT_FAST=-O2',
    '-j',
    '2',
    ...(trace ? ['--trace'] : []),
  ];
}

/** Returns the cached executable, building it first if needed. */
export async function buildVerilator(input: VerilatorBuildInput): Promise<VerilatorBuild> {
  requireTool('verilator', 'the Verilator back end');
  requireTool('make', 'building Verilated models');
  requireTool('g++', 'building Verilated models');
  const t0 = performance.now();
  const flags = verilatorFlags(input.topName, input.trace, input.internals ?? true);
  const h = createHash('sha256');
  h.update(await verilatorVersion());
  h.update(JSON.stringify(flags));
  h.update(input.harness);
  for (const f of [...input.files].sort((a, b) => a.name.localeCompare(b.name))) {
    h.update(f.name);
    h.update('\0');
    h.update(f.text);
  }
  const key = h.digest('hex').slice(0, 20);
  const dir = path.resolve(input.cacheDir, `verilator-${input.topName}-${key}`);
  const exe = path.join(dir, 'obj', `V${input.topName}`);
  if (existsSync(exe)) return { exe, dir, cached: true, seconds: (performance.now() - t0) / 1000 };

  input.log?.(`verilator: building ${input.topName} (cached afterwards in ${path.relative(process.cwd(), dir)})`);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  const sources: string[] = [];
  for (const f of input.files) {
    writeFileSync(path.join(tmp, f.name), f.text);
    if (f.name.endsWith('.v') || f.name.endsWith('.sv')) sources.push(f.name);
  }
  writeFileSync(path.join(tmp, 'harness.cpp'), input.harness);
  const r = await execa('verilator', [...flags, '-Mdir', 'obj', 'harness.cpp', ...sources], {
    cwd: tmp,
    reject: false,
    all: true,
  });
  if (r.exitCode !== 0) {
    const lines = (r.all ?? '').split('\n');
    const relevant = lines.filter((l) => /error|Error|%Warning|%Error|undefined reference/.test(l)).slice(0, 30);
    rmSync(tmp, { recursive: true, force: true });
    throw new UserError(
      `Verilator build of ${input.topName} failed (exit ${r.exitCode}):\n${(relevant.length ? relevant : lines.slice(-30)).join('\n')}`,
    );
  }
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); /* another process won the race */
  }
  // Drop the object files: only the executable is needed.
  return { exe, dir, cached: false, seconds: (performance.now() - t0) / 1000 };
}
