// Rows of `npm run bench sim` for the TT linear training kernel end to end through AXI (the host
// driver of designs/tt-linear): the paper-size kernel in Verilator (cold build, cached start, simulated
// cycles per second over a whole training step with the AXI agents inside the simulator) and the 64 x 64
// layer on every back end (the TypeScript AXI models on the built-in simulator and Icarus); then the
// paper-size kernel again with two model threads (SIM_BENCH_THREADS=0 skips it: another cold build).
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { trainOnKernel } from '../../designs/tt-linear/kernel-driver.js';
import type { BackendName } from '../../sim/backend.js';
import { hasIcarus, hasVerilator } from '../../sim/tools.js';

interface KernelRow {
  layer: string;
  backend: BackendName;
  threads: number;
  native_agents: boolean;
  start_s: number;
  step_cycles: number;
  cycles_per_s: number;
  /** CPU seconds of finished child processes over the run: the simulator's (and a cold build's compilers). */
  child_cpu_s: number | null;
  /**
   * Simulated cycles of the step per CPU second of the child processes: the simulator's own rate,
   * independent of the machine's load, when the model was cached (a cold run's includes the compilers).
   */
  cycles_per_cpu_s: number | null;
  bit_exact: boolean;
  loadavg: number;
}

/**
 * CPU seconds of this process's finished children (Linux /proc: cutime + cstime at 100 ticks a second),
 * or null elsewhere. The simulator process is reaped when the simulation closes, so a cached run's
 * difference is the simulator's own CPU time, independent of how loaded the machine is.
 */
function childCpuSeconds(): number | null {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

async function trainStep(backend: BackendName, layer: string, cacheDir?: string, threads = 1): Promise<KernelRow> {
  const paper = layer === 'attn';
  const cpu0 = childCpuSeconds();
  const r = await trainOnKernel({
    backend,
    layer,
    rank: paper ? 10 : 4,
    tokens: paper ? 32 : 8,
    engine: '4x10:8',
    steps: 1,
    lr: paper ? 1e-3 : 1e-2,
    throughput: 0.9,
    seed: 2026,
    ...(cacheDir ? { cacheDir } : {}),
    ...(threads > 1 ? { threads } : {}),
    log: (l) => console.log(`    ${l}`),
  });
  const call = r.calls[0]!;
  const cpu1 = childCpuSeconds();
  const childCpu = cpu0 === null || cpu1 === null ? null : Math.round((cpu1 - cpu0) * 100) / 100;
  const row = {
    layer,
    backend,
    threads,
    native_agents: r.nativeAgents,
    start_s: r.simStartSeconds,
    step_cycles: call.simCycles,
    cycles_per_s: Math.round(call.simCycles / call.simSeconds),
    child_cpu_s: childCpu,
    cycles_per_cpu_s: childCpu ? Math.round(call.simCycles / childCpu) : null,
    bit_exact: r.bitExact,
    loadavg: os.loadavg()[0]!,
  };
  console.log(
    `  ${layer} on ${backend}${threads > 1 ? ` (${threads} threads)` : ''}${row.native_agents ? ' (native AXI agents)' : ''}: start ${row.start_s.toFixed(1)} s, ${row.step_cycles} cycles per training step at ${row.cycles_per_s.toLocaleString('en')} cycles/s${row.child_cpu_s ? ` (child processes ${row.child_cpu_s} CPU s: ${row.cycles_per_cpu_s!.toLocaleString('en')} cycles per CPU second)` : ''}, ${row.bit_exact ? 'bit-exact' : 'DIFFERS from the model'}`,
  );
  return row;
}

export async function kernelRows(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const small = '4x4x4:4x4x4';
  out.tt_linear_64x64_builtin = await trainStep('builtin', small);
  if (hasIcarus()) out.tt_linear_64x64_icarus = await trainStep('icarus', small);
  if (!hasVerilator()) return out;
  out.tt_linear_64x64_verilator = await trainStep('verilator', small);
  if (process.env.SIM_BENCH_PAPER === '0') return out;
  // Cold: a fresh cache folder (ccache, if installed, may still hold objects of earlier builds).
  const cold = path.resolve('out/bench/sim-cache-cold');
  rmSync(cold, { recursive: true, force: true });
  const first = await trainStep('verilator', 'attn', cold);
  const again = await trainStep('verilator', 'attn', cold);
  out.tt_linear_paper_verilator = {
    ...again,
    cold_build_s: first.start_s,
    cold_build_cpu_s: first.child_cpu_s,
    cached_start_s: again.start_s,
    cold_build_target_s: 180,
    cycles_per_cpu_s_target: 300_000,
  };
  rmSync(cold, { recursive: true, force: true });
  if (process.env.SIM_BENCH_THREADS === '0') return out;
  // One run: the build is done before the step starts, and a 2-thread step on a loaded machine is slow.
  const two = await trainStep('verilator', 'attn', cold, 2);
  out.tt_linear_paper_verilator_threads2 = { ...two, cold_build_s: two.start_s };
  rmSync(cold, { recursive: true, force: true });
  return out;
}
