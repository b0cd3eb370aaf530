// The regression runner: independent simulations (testbench x back end) run as separate processes,
// as many at once as there are cores, with a progress bar and a summary table.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { ProgressBar } from './progress.js';

export interface RegressionJob {
  file: string;
  index: number;
  name: string;
  backend: string;
}
export interface JobResult extends RegressionJob {
  ok: boolean;
  seconds: number;
  cycles: number | undefined;
  message: string;
}

// The ttforge bin (its compiled cache starts in a fraction of tsx's time), found from this file, so
// that it works from any folder.
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/bin/ttforge.js');

/** Runs one job in a child `ttforge sim --only i --json` process. */
async function runJob(job: RegressionJob, extraArgs: string[]): Promise<JobResult> {
  const t0 = performance.now();
  const r = await execa(
    process.execPath,
    [bin, 'sim', job.file, '--backend', job.backend, '--only', String(job.index), '--json', ...extraArgs],
    { reject: false, all: true },
  );
  const seconds = (performance.now() - t0) / 1000;
  const lastJson = (r.stdout ?? '')
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (lastJson) {
    const j = JSON.parse(lastJson) as { results: { ok: boolean; cycles?: number; message?: string }[] };
    const one = j.results[0];
    if (one) return { ...job, ok: one.ok, seconds, cycles: one.cycles, message: one.message ?? '' };
  }
  return {
    ...job,
    ok: false,
    seconds,
    cycles: undefined,
    message: (r.all ?? '').split('\n').slice(-12).join('\n') || `exit ${r.exitCode}`,
  };
}

export async function runRegression(
  jobs: RegressionJob[],
  opts: { parallel?: number; extraArgs?: string[]; quiet?: boolean } = {},
): Promise<JobResult[]> {
  const parallel = Math.max(1, opts.parallel ?? os.availableParallelism());
  const bar = new ProgressBar(jobs.length);
  const results: JobResult[] = new Array<JobResult>(jobs.length);
  const running = new Map<number, string>();
  let next = 0;
  let done = 0;
  let passed = 0;
  let failed = 0;
  const draw = (): void => {
    if (!opts.quiet) bar.update(done, passed, failed, [...running.values()]);
  };
  // External builds are cached by content: jobs sharing a design share the first build.
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      running.set(i, `${job.name} [${job.backend}]`);
      draw();
      const r = await runJob(job, opts.extraArgs ?? []);
      results[i] = r;
      running.delete(i);
      done++;
      if (r.ok) passed++;
      else failed++;
      draw();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  if (!opts.quiet) bar.finish();
  return results;
}

export function summaryTable(results: JobResult[]): string {
  const nameW = Math.max(9, ...results.map((r) => r.name.length));
  const lines = [`${'testbench'.padEnd(nameW)}  backend    result  seconds  cycles`];
  for (const r of results) {
    lines.push(
      `${r.name.padEnd(nameW)}  ${r.backend.padEnd(9)}  ${r.ok ? 'pass  ' : 'FAIL  '}  ${r.seconds.toFixed(1).padStart(7)}  ${r.cycles ?? '-'}`,
    );
  }
  const failed = results.filter((r) => !r.ok);
  lines.push('', `${results.length - failed.length} passed, ${failed.length} failed`);
  for (const f of failed)
    lines.push(
      '',
      `FAIL ${f.name} [${f.backend}] (${path.relative(process.cwd(), f.file)}):`,
      ...f.message.split('\n').map((l) => `  ${l}`),
    );
  return lines.join('\n');
}
