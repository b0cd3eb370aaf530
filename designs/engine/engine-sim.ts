// Runs a program on the ContractionEngine through the simulator API (sim/), on any back end: the data
// image and the program go in through the host ports and the whole memory comes back out, each as one
// vector run (one batch per back end, no round trip per word); the run itself is watched in vector
// chunks for the step_done pulses. One build (cached by content) serves many data sets.
import { elaborate } from '../../dsl/index.js';
import type { Design } from '../../dsl/ir/netlist.js';
import type { BackendName } from '../../sim/backend.js';
import { simulate } from '../../sim/simulate.js';
import type { Simulation } from '../../sim/simulation.js';
import type { EngineConfig } from './engine-config.js';
import { ContractionEngine } from './engine.js';

export type HdlSimulator = BackendName;

export interface CompiledEngine {
  simulator: HdlSimulator;
  design: Design;
  /** Simulator build cache (default out/sim-cache). */
  cacheDir: string | undefined;
  dataDepth: number;
  progDepth: number;
  maxCycles: number;
}

/** Elaborates the engine and builds its simulation model once (later runs start from the cache). */
export async function compileEngine(
  cfg: EngineConfig,
  dataDepth: number,
  progDepth: number,
  simulator: HdlSimulator,
  cacheDir?: string,
  maxCycles = 50_000_000,
): Promise<CompiledEngine> {
  const ce = {
    simulator,
    design: elaborate(new ContractionEngine(cfg, dataDepth, progDepth)),
    cacheDir,
    dataDepth,
    progDepth,
    maxCycles,
  };
  if (simulator !== 'builtin') await (await open(ce)).close();
  return ce;
}

function open(ce: CompiledEngine): Promise<Simulation> {
  return simulate(ce.design, {
    backend: ce.simulator,
    // Only ports are used: the model builds without VPI visibility (much faster for Verilator).
    internals: false,
    maxCycles: ce.maxCycles + 4 * ce.dataDepth + ce.progDepth + 100,
    ...(ce.cacheDir ? { cacheDir: ce.cacheDir } : {}),
  });
}

export interface EngineRun {
  cycles: number;
  /** Cycles of each instruction, fetch included, from the simulation's step_done pulses. */
  stepCycles: number[];
  /** The data memory after the program, as binary32 words. */
  image: Float32Array;
}

const column = (n: number, f: (i: number) => number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => f(i));

/** Loads `image` (dataDepth words) and the encoded program, runs to done, returns cycles and memory. */
export async function runEngine(
  ce: CompiledEngine,
  image: Float32Array,
  program: readonly bigint[],
): Promise<EngineRun> {
  if (image.length !== ce.dataDepth) throw new Error(`image has ${image.length} words, the engine ${ce.dataDepth}`);
  if (program.length > ce.progDepth)
    throw new Error(`program has ${program.length} instructions, the engine holds ${ce.progDepth}`);
  const sim = await open(ce);
  try {
    const idle = ['host_we', 'host_waddr', 'host_wdata', 'host_raddr', 'host_raddr2', 'prog_we', 'prog_addr'];
    for (const p of [...idle, 'prog_wdata', 'start', 'start_pc']) sim.poke(p, 0);
    await sim.reset(2);
    const bits = new Uint32Array(image.buffer, image.byteOffset, image.length);
    const depth = ce.dataDepth;
    await sim.vectors(
      { host_we: column(depth, () => 1), host_waddr: column(depth, (i) => i), host_wdata: bits },
      { outputs: ['busy'] },
    );
    sim.poke('host_we', 0);
    if (program.length)
      await sim.vectors(
        { prog_we: column(program.length, () => 1), prog_addr: column(program.length, (i) => i), prog_wdata: program },
        { outputs: ['busy'] },
      );
    sim.poke('prog_we', 0);
    const { cycles, stepEnds } = await runToDone(sim, ce.maxCycles);
    // Host reads have latency 2: the word at address i is sampled one cycle after the one that drives i.
    const read = await sim.vectors(
      { host_raddr: column(depth + 1, (i) => Math.min(i, depth - 1)) },
      { outputs: ['host_rdata'] },
    );
    const out = read.raw('host_rdata').slice(1, depth + 1);
    // Cycle counter value in the last cycle of each step: its difference is the step's length.
    const stepCycles = stepEnds.map((e, i) => e + 1 - (i === 0 ? 0 : stepEnds[i - 1]! + 1));
    return { cycles, stepCycles, image: new Float32Array(out.buffer, out.byteOffset, depth) };
  } finally {
    await sim.close();
  }
}

/** Pulses start, then runs in vector chunks until `done`, noting `cycles` at every step_done. */
async function runToDone(sim: Simulation, maxCycles: number): Promise<{ cycles: number; stepEnds: number[] }> {
  const stepEnds: number[] = [];
  let chunk = 256;
  for (let run = 0, first = true; run < maxCycles; first = false) {
    const n = Math.min(chunk, maxCycles - run);
    const r = await sim.vectors(
      { start: column(n, (i) => (first && i === 0 ? 1 : 0)) },
      { outputs: ['step_done', 'done', 'cycles'] },
    );
    const stepDone = r.raw('step_done');
    const done = r.raw('done');
    const cyc = r.raw('cycles');
    for (let c = 0; c < n; c++) {
      // The sample after an edge is what an always @(posedge) sees at the next edge.
      if (stepDone[c] === 1) stepEnds.push(cyc[c]!);
      if (done[c] === 1) return { cycles: cyc[c]!, stepEnds };
    }
    run += n;
    chunk = Math.min(chunk * 2, 1 << 16);
  }
  throw new Error('engine: the program did not finish (done never rose)');
}
