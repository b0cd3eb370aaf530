// Start-up: wall and CPU seconds of `ttforge build designs/examples/counter.ts` through the real bin
// (build/bin/ttforge.js), as a user runs it. Cold: the compiled cache (TTFORGE_CACHE_DIR) is a new,
// empty folder, so ttforge transpiles its sources and, with the type check, checks the design from
// scratch. Warm: the same cache again, median of 5. Both with the default type check and with
// --no-typecheck. Target: a warm build under 1.5 s (what a user does not notice).
// Writes out/bench/startup.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(repo, 'out', 'bench');
const bin = path.join(repo, 'build', 'bin', 'ttforge.js');
const design = 'designs/examples/counter.ts';
const TARGET_S = 1.5;
const WARM_RUNS = 5;

/** Clock ticks per second of /proc's CPU times (100 on Linux unless the kernel says otherwise). */
async function clockTicks(): Promise<number> {
  const r = await execa('getconf', ['CLK_TCK'], { reject: false });
  const n = Number(r.stdout);
  return r.exitCode === 0 && n > 0 ? n : 100;
}

/**
 * CPU seconds (user + system) of this process's children that have been waited for (a child's
 * waited-for children included), from /proc/self/stat; undefined where there is no /proc.
 */
function childrenCpu(ticks: number): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, cutime 16, cstime 17.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / ticks;
}

interface Run {
  wall_s: number;
  cpu_s: number | undefined;
}

async function runOnce(cacheDir: string, args: string[], ticks: number): Promise<Run> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'ttforge-startup-out-'));
  const c0 = childrenCpu(ticks);
  const t0 = performance.now();
  const r = await execa(process.execPath, [bin, 'build', design, '--out', out, ...args], {
    cwd: repo,
    // The compiled cache is what the bin uses unless told otherwise: measured even if this shell says otherwise.
    env: { TTFORGE_CACHE_DIR: cacheDir, TTFORGE_NO_CACHE: '' },
    reject: false,
    all: true,
  });
  const wall = (performance.now() - t0) / 1000;
  const c1 = childrenCpu(ticks);
  const built = existsSync(path.join(out, 'Counter.v'));
  rmSync(out, { recursive: true, force: true });
  if (r.exitCode !== 0 || !built)
    throw new Error(`ttforge build ${args.join(' ')} failed (exit ${r.exitCode}):\n${r.all}`);
  const cpu = c0 === undefined || c1 === undefined ? undefined : c1 - c0;
  return { wall_s: round(wall), cpu_s: cpu === undefined ? undefined : round(cpu) };
}

const round = (x: number) => Number(x.toFixed(3));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (r: Run) => `${r.wall_s.toFixed(2)} s wall${r.cpu_s === undefined ? '' : `, ${r.cpu_s.toFixed(2)} s CPU`}`;

/** Cold once in a new cache folder, then WARM_RUNS warm runs on the cache it filled. */
async function scenario(label: string, args: string[], ticks: number) {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'ttforge-startup-cache-'));
  try {
    console.log(`startup bench: ${label}: cold (empty cache) ...`);
    const cold = await runOnce(cacheDir, args, ticks);
    console.log(`  cold ${fmt(cold)}`);
    const warm: Run[] = [];
    for (let i = 1; i <= WARM_RUNS; i++) {
      const r = await runOnce(cacheDir, args, ticks);
      warm.push(r);
      console.log(`  warm ${i}/${WARM_RUNS}: ${fmt(r)}`);
    }
    const cpus = warm.map((r) => r.cpu_s).filter((c): c is number => c !== undefined);
    const result = {
      args,
      cold,
      warm_median: {
        wall_s: round(median(warm.map((r) => r.wall_s))),
        cpu_s: cpus.length ? round(median(cpus)) : undefined,
      },
      warm_runs: warm,
    };
    console.log(`  warm median ${fmt(result.warm_median)}`);
    return result;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const ticks = await clockTicks();
const loadBefore = os.loadavg()[0]!;
// Node's own start-up, the floor under any CLI written for it.
const nodeWall: number[] = [];
for (let i = 0; i < WARM_RUNS; i++) {
  const t0 = performance.now();
  await execa(process.execPath, ['-e', '0']);
  nodeWall.push((performance.now() - t0) / 1000);
}
console.log(`startup bench: node -e 0: ${median(nodeWall).toFixed(2)} s wall (median of ${WARM_RUNS})`);
const typecheck = await scenario('ttforge build counter (type check on, the default)', [], ticks);
const noTypecheck = await scenario('ttforge build counter --no-typecheck', ['--no-typecheck'], ticks);

const warmWall = typecheck.warm_median.wall_s;
const result = {
  design,
  bin: path.relative(repo, bin),
  target_s: TARGET_S,
  meets_target: warmWall < TARGET_S,
  node_empty_wall_s: round(median(nodeWall)),
  typecheck,
  no_typecheck: noTypecheck,
  cpu_note: 'user + system seconds of the ttforge process and the children it waited for (/proc cutime + cstime)',
  machine: {
    cpus: os.cpus().length,
    load_avg_1min_before: round(loadBefore),
    load_avg_1min_after: round(os.loadavg()[0]!),
  },
  node: process.version,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `startup bench: warm ${warmWall.toFixed(2)} s with the type check, ${noTypecheck.warm_median.wall_s.toFixed(2)} s without ` +
    `(target < ${TARGET_S} s: ${result.meets_target ? 'met' : 'NOT met'}); cold ${typecheck.cold.wall_s.toFixed(2)} s / ` +
    `${noTypecheck.cold.wall_s.toFixed(2)} s -> out/bench/startup.json`,
);
