// Builds the Verilated model plus harness once per distinct design and option set: the folder name
// is a hash of everything that goes into the build, so a re-run finds it and starts at once. The build
// is made in a temporary folder renamed into place only when complete, so a failed or interrupted
// build never leaves a cache entry (and the next build removes the staging folder of a killed one).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../../dsl/diagnostics.js';
import { formatSeconds, ProgressLine, type ProgressSink } from '../progress-line.js';
import { requireTool, whichTool } from '../tools.js';

export interface VerilatorBuildInput {
  topName: string;
  files: { name: string; text: string }[];
  harness: string;
  trace: boolean;
  /** Build with VPI access to every internal signal and memory (slower model, much slower build). */
  internals?: boolean | undefined;
  /** Verilator configuration (.vlt) lines, e.g. public_flat_rw of chosen signals, hier_block. */
  config?: readonly string[] | undefined;
  /** Model threads (Verilator --threads); default 1. */
  threads?: number | undefined;
  cacheDir: string;
  log?: ((msg: string) => void) | undefined;
  /** Status line while building (default stderr; false: none). */
  progress?: ProgressSink | false | undefined;
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

/**
 * Measured on the paper-size TT linear kernel (docs/simulation.md): the C++ of the model is most of the
 * build, so the hot code gets -O1 (OPT_FAST) and the run-once initialisation code -O0 (OPT_SLOW)
 * rather than -O2 everywhere; --public-flat-rw (every signal visible) only when asked for, since it
 * roughly triples the C++ and blocks optimisation.
 */
export function verilatorFlags(
  topName: string,
  trace: boolean,
  internals = true,
  opts: { threads?: number | undefined; hierarchical?: boolean | undefined } = {},
): string[] {
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
    ...(opts.hierarchical ? ['--hierarchical'] : []),
    ...(opts.threads && opts.threads > 1 ? ['--threads', String(opts.threads)] : []),
    '--top-module',
    topName,
    '-MAKEFLAGS',
    `OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1${whichTool('ccache') ? ' OBJCACHE=ccache' : ''}`,
    '-j',
    '2',
    ...(trace ? ['--trace'] : []),
  ];
}

/** The hash of everything that goes into a build: the cache folder's name. */
function buildKey(input: VerilatorBuildInput, flags: string[], version: string): string {
  const h = createHash('sha256');
  h.update(version);
  // The compiler cache changes how fast a build is made, not what it makes.
  h.update(JSON.stringify(flags.map((f) => f.replace(' OBJCACHE=ccache', ''))));
  h.update(input.harness);
  h.update(JSON.stringify(input.config ?? []));
  for (const f of [...input.files].sort((a, b) => a.name.localeCompare(b.name))) {
    h.update(f.name);
    h.update('\0');
    h.update(f.text);
  }
  return h.digest('hex').slice(0, 20);
}

/** C++ files Verilator generated so far (the model and any hierarchy blocks). */
function countCpp(dir: string): number {
  let n = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.cpp')) n++;
    }
  };
  try {
    walk(dir);
  } catch {
    /* not there yet */
  }
  return n;
}

/**
 * Removes staging folders (`<entry>.tmp-<pid>-<time>`) left by builds whose process no longer runs (killed
 * mid-build): never a cache entry, but tens of MB each.
 */
function removeStaleStaging(cacheDir: string): void {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^verilator-.*\.tmp-(\d+)-\d+$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 0); // still building
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH')
        rmSync(path.join(cacheDir, name), { recursive: true, force: true });
    }
  }
}

/** Returns the cached executable, building it first if needed. */
export async function buildVerilator(input: VerilatorBuildInput): Promise<VerilatorBuild> {
  requireTool('verilator', 'the Verilator back end');
  requireTool('make', 'building Verilated models');
  requireTool('g++', 'building Verilated models');
  const t0 = performance.now();
  const hierarchical = (input.config ?? []).some((l) => l.startsWith('hier_block'));
  const flags = verilatorFlags(input.topName, input.trace, input.internals ?? true, {
    threads: input.threads,
    hierarchical,
  });
  const key = buildKey(input, flags, await verilatorVersion());
  const dir = path.resolve(input.cacheDir, `verilator-${input.topName}-${key}`);
  const exe = path.join(dir, 'obj', `V${input.topName}`);
  removeStaleStaging(path.dirname(dir));
  if (existsSync(exe)) return { exe, dir, cached: true, seconds: (performance.now() - t0) / 1000 };

  input.log?.(`verilator: building ${input.topName} (cached afterwards in ${path.relative(process.cwd(), dir)})`);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const sources: string[] = [];
    for (const f of input.files) {
      writeFileSync(path.join(tmp, f.name), f.text);
      if (f.name.endsWith('.v') || f.name.endsWith('.sv')) sources.push(f.name);
    }
    writeFileSync(path.join(tmp, 'harness.cpp'), input.harness);
    const config = input.config?.length ? ['ttforge.vlt'] : [];
    if (config.length)
      writeFileSync(path.join(tmp, 'ttforge.vlt'), `\`verilator_config\n${input.config!.join('\n')}\n`);
    const proc = execa('verilator', [...flags, '-Mdir', 'obj', ...config, 'harness.cpp', ...sources], {
      cwd: tmp,
      reject: false,
      all: true,
      buffer: { all: true },
    });
    const line = input.progress === false ? undefined : new ProgressLine(input.progress);
    let compiled = 0;
    for await (const l of proc.iterable({ from: 'all' })) {
      if (!line) continue;
      if (/ -c -o \S+\.o /.test(l)) compiled++;
      const what = compiled
        ? `${compiled} of ${Math.max(compiled, countCpp(path.join(tmp, 'obj')) + 1)} C++ files compiled`
        : 'verilating';
      line.update(`verilator: building ${input.topName}: ${what}, ${formatSeconds(line.elapsed())}`);
    }
    line?.finish();
    const r = await proc;
    if (r.exitCode !== 0) {
      const lines = (r.all ?? '').split('\n');
      const relevant = lines.filter((l) => /error|Error|%Warning|%Error|undefined reference/.test(l)).slice(0, 30);
      throw new UserError(
        `Verilator build of ${input.topName} failed (exit ${r.exitCode ?? r.signal}):\n${(relevant.length ? relevant : lines.slice(-30)).join('\n')}`,
      );
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); /* another process won the race */
  }
  return { exe, dir, cached: false, seconds: (performance.now() - t0) / 1000 };
}
