// Entry point: `const sim = await simulate(design, { backend })` gives the same testbench object for
// every back end. 'auto' picks Verilator when installed, else the built-in simulator
// (TTFORGE_SIM_BACKEND overrides 'auto').
import path from 'node:path';
import type { Design } from '../dsl/ir/netlist.js';
import { Module } from '../dsl/module.js';
import { elaborate } from '../dsl/elaborate/elaborate.js';
import { UserError } from '../dsl/diagnostics.js';
import type { NativeAgentSpec } from './agents.js';
import { backendNames, type Backend, type BackendName } from './backend.js';
import { BuiltinBackend } from './builtin/builtin-backend.js';
import { Simulation, type SimulationSettings } from './simulation.js';
import { hasVerilator } from './tools.js';

export interface SimulateOptions extends SimulationSettings {
  backend?: BackendName | 'auto' | undefined;
  /** Write a VCD waveform of every named signal to this file (closed by `sim.close()`). */
  vcd?: string | undefined;
  /** Where external simulators' builds are cached (default out/sim-cache). */
  cacheDir?: string | undefined;
  log?: ((msg: string) => void) | undefined;
  /**
   * Verilator only: true (default) makes every internal signal and memory reachable; false builds a
   * ports-only model; a list of hierarchical names makes only those reachable. The last two build
   * several times faster on large designs.
   */
  internals?: boolean | readonly string[] | undefined;
  /**
   * Host-side agents compiled into the simulator (sim/agents.ts). Verilator links them into its
   * harness; the other back ends ignore them (the testbench's TypeScript models run instead).
   */
  agents?: readonly NativeAgentSpec[] | undefined;
  /** Verilator model threads (--threads); default 1. */
  threads?: number | undefined;
  /**
   * Verilator only, with a list of internals or none: verilate each module instantiated 4 times or
   * more once, as a hierarchy block. Builds a design with many copies of a big module faster, but the
   * model runs several times slower (3.4x on the paper's TT linear kernel); default false (flat).
   */
  hierarchy?: boolean | undefined;
}

export const defaultCacheDir = (): string => path.resolve(process.env.TTFORGE_SIM_CACHE ?? 'out/sim-cache');

export function pickBackend(b: BackendName | 'auto' | undefined): BackendName {
  const want = b ?? 'auto';
  if (want !== 'auto') {
    if (!backendNames.includes(want))
      throw new UserError(`unknown simulation back end '${String(want)}' (choose ${backendNames.join(', ')})`);
    return want;
  }
  const env = process.env.TTFORGE_SIM_BACKEND;
  if (env) return pickBackend(env as BackendName);
  return hasVerilator() ? 'verilator' : 'builtin';
}

export function toDesign(d: Design | Module): Design {
  return d instanceof Module ? elaborate(d) : d;
}

export async function createBackend(design: Design, name: BackendName, opts: SimulateOptions = {}): Promise<Backend> {
  const cacheDir = opts.cacheDir ?? defaultCacheDir();
  switch (name) {
    case 'builtin':
      return new BuiltinBackend(design, { vcd: opts.vcd });
    case 'verilator': {
      const { createVerilatorBackend } = await import('./verilator/verilator-backend.js');
      return createVerilatorBackend(design, {
        vcd: opts.vcd,
        cacheDir,
        log: opts.log,
        internals: opts.internals,
        agents: opts.agents,
        threads: opts.threads,
        hierarchy: opts.hierarchy,
        progress: opts.progress,
      });
    }
    case 'icarus': {
      const { createIcarusBackend } = await import('./icarus/icarus-backend.js');
      return createIcarusBackend(design, { vcd: opts.vcd, cacheDir, log: opts.log });
    }
  }
}

export async function simulate(design: Design | Module, opts: SimulateOptions = {}): Promise<Simulation> {
  const d = toDesign(design);
  const backend = await createBackend(d, pickBackend(opts.backend), opts);
  return new Simulation(backend, opts);
}

/** Runs a testbench function on a fresh simulation and always closes it (reporting failures). */
export async function runTestbench(
  design: Design | Module,
  opts: SimulateOptions,
  body: (sim: Simulation) => Promise<void>,
): Promise<Simulation> {
  const sim = await simulate(design, opts);
  let failed = true;
  try {
    await body(sim);
    failed = false;
  } finally {
    if (failed) await sim.close().catch(() => undefined);
    else await sim.close();
  }
  return sim;
}
