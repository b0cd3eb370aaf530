// `ttforge sim <testbench.ts>... --backend builtin|verilator|icarus|all [--vcd FILE]`: runs testbench
// files in process, or (several files, or --backend all) through the parallel regression runner.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { Command } from '../command.js';
import { UserError } from '../../dsl/diagnostics.js';
import { backendNames, type BackendName } from '../../sim/backend.js';
import { pickBackend, simulate } from '../../sim/simulate.js';
import { loadTestbenches, type TestbenchDef } from '../../sim/testbench-file.js';
import { runRegression, summaryTable, type RegressionJob } from '../../sim/regress/runner.js';
import { typecheckUserFile } from '../typecheck.js';

const usage = `usage: ttforge sim <testbench.ts>... [options]

Runs the testbenches a file exports (defineTestbench from sim/testbench-file.ts).

options:
  --backend, -b NAME   builtin | verilator | icarus | all | auto (default auto: Verilator if
                       installed, else builtin; TTFORGE_SIM_BACKEND overrides auto)
  --vcd FILE           write a VCD waveform (one file per testbench: FILE, FILE-1.vcd, ...)
  --trace SIGS         comma-separated signals to record for ASCII waves in failure messages
  --max-cycles N       stop with TTF161 beyond N cycles (default 100000000)
  --threads N          Verilator model threads (--threads of Verilator; default 1)
  --jobs, -j N         parallel simulations for several files or --backend all (default: cores)
  --only I             run only the I-th testbench of the file (0-based)
  --json               print one JSON line with the results
  --no-typecheck       skip type-checking the testbench file and the files of yours it imports (on by
                       default; a check that passed is remembered until one of those files changes)

Several files, or --backend all, use the regression runner: every testbench on every chosen back
end in its own process, a progress bar, then a summary.`;

interface RunResult {
  name: string;
  backend: string;
  ok: boolean;
  cycles?: number;
  seconds: number;
  message?: string;
}

function vcdName(base: string, i: number, count: number): string {
  if (count === 1) return base;
  const ext = path.extname(base) || '.vcd';
  return `${base.slice(0, base.length - path.extname(base).length)}-${i}${ext}`;
}

async function runOne(
  tb: TestbenchDef,
  backend: BackendName,
  opts: {
    vcd?: string | undefined;
    trace?: string[] | undefined;
    maxCycles?: number | undefined;
    threads?: number | undefined;
  },
): Promise<RunResult> {
  const t0 = performance.now();
  let cycles: number | undefined;
  try {
    const sim = await simulate(tb.design(), {
      ...tb.options,
      backend,
      vcd: opts.vcd,
      ...(opts.trace ? { trace: opts.trace } : {}),
      ...(opts.maxCycles ? { maxCycles: opts.maxCycles } : {}),
      ...(opts.threads ? { threads: opts.threads } : {}),
      log: (m) => console.error(m),
    });
    try {
      await tb.run(sim);
      await sim.close();
    } finally {
      cycles = sim.cycle;
      await sim.close().catch(() => undefined);
    }
    return { name: tb.name, backend, ok: true, cycles, seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    const message = e instanceof UserError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
    return { name: tb.name, backend, ok: false, cycles, seconds: (performance.now() - t0) / 1000, message };
  }
}

export const command: Command = {
  name: 'sim',
  summary: 'run testbench files on the built-in simulator, Verilator or Icarus',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        backend: { type: 'string', short: 'b', default: 'auto' },
        vcd: { type: 'string' },
        trace: { type: 'string' },
        'max-cycles': { type: 'string' },
        threads: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        only: { type: 'string' },
        json: { type: 'boolean', default: false },
        typecheck: { type: 'boolean' },
        'no-typecheck': { type: 'boolean' },
      },
    });
    if (!positionals.length) throw new UserError(`no testbench file given\n\n${usage}`);
    const b = values.backend!;
    if (b !== 'all' && b !== 'auto' && !backendNames.includes(b as BackendName))
      throw new UserError(`unknown back end '${b}' (choose builtin, verilator, icarus, all or auto)`);
    const maxCycles = values['max-cycles'] === undefined ? undefined : Number(values['max-cycles']);
    if (maxCycles !== undefined && !(maxCycles > 0)) throw new UserError('--max-cycles must be a positive number');
    const threads = values.threads === undefined ? undefined : Number(values.threads);
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64))
      throw new UserError(`--threads ${values.threads}: give a whole number of threads from 1 to 64`);
    if (!values['no-typecheck']) for (const file of positionals) await typecheckUserFile(file, 'testbench file');
    const trace = values.trace
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);

    if (positionals.length > 1 || b === 'all') {
      const backends: BackendName[] = b === 'all' ? [...backendNames] : [pickBackend(b as BackendName)];
      const jobs: RegressionJob[] = [];
      for (const file of positionals) {
        const tbs = await loadTestbenches(file);
        tbs.forEach((tb, index) => {
          for (const backend of backends) jobs.push({ file: path.resolve(file), index, name: tb.name, backend });
        });
      }
      const extra = [
        '--no-typecheck', // checked here, once per file
        ...(values['max-cycles'] ? ['--max-cycles', values['max-cycles']] : []),
        ...(values.trace ? ['--trace', values.trace] : []),
        ...(values.threads ? ['--threads', values.threads] : []),
      ];
      const results = await runRegression(jobs, {
        ...(values.jobs ? { parallel: Number(values.jobs) } : {}),
        extraArgs: extra,
        quiet: values.json,
      });
      if (values.json) console.log(JSON.stringify({ results }));
      else console.log(summaryTable(results));
      return results.every((r) => r.ok) ? 0 : 1;
    }

    const backend = pickBackend(b as BackendName | 'auto');
    let tbs = await loadTestbenches(positionals[0]!);
    if (values.only !== undefined) {
      const i = Number(values.only);
      if (!Number.isInteger(i) || i < 0 || i >= tbs.length)
        throw new UserError(`--only ${values.only}: the file has ${tbs.length} testbench(es)`);
      tbs = [tbs[i]!];
    }
    const results: RunResult[] = [];
    for (const [i, tb] of tbs.entries()) {
      const r = await runOne(tb, backend, {
        vcd: values.vcd ? vcdName(values.vcd, i, tbs.length) : undefined,
        trace,
        maxCycles,
        threads,
      });
      results.push(r);
      if (!values.json) {
        console.log(
          `${r.ok ? 'PASS' : 'FAIL'} ${r.name} [${backend}] ${r.cycles ?? '?'} cycles, ${r.seconds.toFixed(2)} s`,
        );
        if (!r.ok)
          console.log(
            r
              .message!.split('\n')
              .map((l) => `  ${l}`)
              .join('\n'),
          );
      }
    }
    if (values.json) console.log(JSON.stringify({ results }));
    return results.every((r) => r.ok) ? 0 : 1;
  },
};
