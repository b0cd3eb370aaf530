// Runs a combined program (combined-program.ts) on the CombinedCore through the simulator API, on any
// back end: the memory image and the program go in through the host ports as vector runs, the run is
// watched in chunks for `done`, and the whole memory comes back as one vector run.
import type { BackendName } from '../../sim/backend.js';
import { simulate } from '../../sim/simulate.js';
import type { Simulation } from '../../sim/simulation.js';
import { type CombinedConfig, CombinedCore } from './combined-core.js';

export interface CombinedRun {
  /** Cycles from the start cycle to the first cycle `done` is high. */
  cycles: number;
  error: boolean;
  image: Float32Array;
}

const column = (n: number, f: (i: number) => number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => f(i));

/** Opens a simulation of the core (build once per back end; the caller closes it). */
export const openCombined = (cfg: CombinedConfig, backend: BackendName, maxCycles = 10_000_000): Promise<Simulation> =>
  simulate(new CombinedCore(cfg), { backend, internals: false, maxCycles });

/** Loads the image (E + V words) and the program, runs to done, returns cycles, error and the memory. */
export async function runCombined(
  sim: Simulation,
  cfg: CombinedConfig,
  image: Float32Array,
  words: readonly bigint[],
  maxCycles = 1_000_000,
): Promise<CombinedRun> {
  const depth = cfg.engineDepth + cfg.vectorDepth;
  if (image.length !== depth) throw new Error(`image has ${image.length} words, the core ${depth}`);
  for (const p of ['host_we', 'host_waddr', 'host_wdata', 'host_raddr', 'host_raddr2', 'prog_we', 'prog_addr'])
    sim.poke(p, 0);
  sim.poke('prog_wdata', 0);
  sim.poke('start', 0);
  sim.poke('start_pc', 0);
  await sim.reset(2);
  const bits = new Uint32Array(image.buffer, image.byteOffset, image.length);
  await sim.vectors(
    { host_we: column(depth, () => 1), host_waddr: column(depth, (i) => i), host_wdata: bits },
    { outputs: ['busy'] },
  );
  sim.poke('host_we', 0);
  // Every word of the program memory: words past the program are 0 (kind 0 stops the core with error).
  const progDepth = cfg.progDepth;
  await sim.vectors(
    {
      prog_we: column(progDepth, () => 1),
      prog_addr: column(progDepth, (i) => i),
      prog_wdata: Array.from({ length: progDepth }, (_, i) => words[i] ?? 0n),
    },
    { outputs: ['busy'] },
  );
  sim.poke('prog_we', 0);
  let cycles = -1;
  let error = false;
  for (let run = 0, chunk = 256; run < maxCycles && cycles < 0; run += chunk, chunk = Math.min(chunk * 2, 1 << 16)) {
    const r = await sim.vectors(
      { start: column(chunk, (i) => (run === 0 && i === 0 ? 1 : 0)) },
      { outputs: ['done', 'error'] },
    );
    const done = r.raw('done');
    const i = done.indexOf(1);
    // Sample c is what the outputs are after edge c, in cycle c + 1 (start is high in cycle 0).
    if (i >= 0) {
      cycles = run + i + 1;
      error = r.raw('error')[i] === 1;
    }
  }
  if (cycles < 0) throw new Error(`combined core: done not seen within ${maxCycles} cycles`);
  const read = await sim.vectors(
    { host_raddr: column(depth + 1, (i) => Math.min(i, depth - 1)) },
    { outputs: ['host_rdata'] },
  );
  // Host reads have latency 2: address i's word is sample i + 1.
  const out = read.raw('host_rdata').slice(1, depth + 1);
  return { cycles, error, image: new Float32Array(out.buffer, out.byteOffset, depth) };
}
