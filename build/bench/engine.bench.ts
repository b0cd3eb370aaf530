// npm run bench engine: the systolic contraction engine on the paper's TT layers (attn, ffn1, ffn2;
// rank 10, K = 32), forward + backward, at macStages TTFORGE_ENGINE_STAGES (default 8: the MAC's tuned
// default configuration, <= 8 LUT levels per stage; P = 9 slots per PE).
//  1. Cycle model at every array shape: cycles and PE utilization per step and per layer, the
//     weight-stationary alternative (analytic, not built) and a MAC pipeline-depth sweep.
//  2. Verilator simulation at the shapes in TTFORGE_ENGINE_BENCH_SIM (default: the six SHAPES; 'none'
//     skips): every buffer bit-exact against the FP32 model, cycles per step from the simulation.
//  2b. The bias steps on the vector unit (the combined core, designs/engine/combined-*.ts): each layer's
//     forward + backward as one program, the bias add and bias gradient on 8 arith lanes beside the
//     GEMMs; model at every shape, Verilator at TTFORGE_ENGINE_BENCH_COMBINED (default 4x10; 'none'
//     skips): every word bit-exact with the program interpreter, cycles equal to the model.
//  3. Yosys estimate of the TTFORGE_ENGINE_SYNTH engine (default 16x16: core with the FP32 MAC
//     black-boxed, plus the MAC unit alone, times R*C), logic depth in LUT levels (MAC per stage, and
//     one whole PE with its MAC), and the banked data memory (its logic synthesized, its RAMs counted).
// Writes out/bench/engine.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../dsl/index.js';
import { paperConfig } from '../../designs/transformer/config.js';
import { planTTLinear, type TTSchedule } from '../../designs/tt/tt-planner.js';
import { compileProgram } from '../../designs/engine/program.js';
import { instructionCycles, utilization } from '../../designs/engine/cycle-model.js';
import {
  type EngineConfig,
  dataBanks,
  loopSlots,
  minRounds,
  parseEngineShape,
} from '../../designs/engine/engine-config.js';
import {
  layoutFor,
  randomScheduleBuffers,
  runScheduleOnEngine,
  scheduleGemms,
} from '../../designs/engine/run-schedule.js';
import { weightStationaryStep } from '../../designs/engine/weight-stationary-model.js';
import { compileEngine } from '../../designs/engine/engine-sim.js';
import { EngineCore } from '../../designs/engine/engine-core.js';
import { ContractionEngine } from '../../designs/engine/engine.js';
import { BankedDataMemory, dataMemoryShape } from '../../designs/engine/banked-data-memory.js';
import { FIELD_BITS } from '../../designs/engine/instruction.js';
import { Fp32Mac } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { defaultStages } from '../../rtl-lib/fp/hw/fp-unit-defaults.js';
import { SystolicPe } from '../../rtl-lib/systolic/systolic-pe.js';
import { modulesStartingWith, synthesizeDesign } from '../tools/synth-design.js';
import {
  type CombinedConfig,
  CombinedCore,
  defaultVectorLanes as vectorLanes,
} from '../../designs/engine/combined-core.js';
import { combinedTiming, compileCombinedProgram } from '../../designs/engine/combined-program.js';
import { combinedLayout, combinedStage } from '../../designs/engine/combined-schedule.js';
import { runCombined } from '../../designs/engine/combined-sim.js';
import { runProgram } from '../../designs/program/interpreter.js';
import { simulate } from '../../sim/simulate.js';

const STAGES = Number(process.env.TTFORGE_ENGINE_STAGES ?? 8);
// Simulated by default; the model also covers MODEL_ONLY (cheap, and shows why the operating point wins).
const SHAPES = ['4x4', '8x8', '16x16', '8x5', '4x10', '4x5'];
const MODEL_ONLY = ['2x10', '5x5', '8x10', '16x10'];
const LAYERS = ['attn', 'ffn1', 'ffn2'] as const;
const K = 32;
const outDir = path.resolve('out', 'bench');
mkdirSync(outDir, { recursive: true });
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

const paper = paperConfig();
const schedules = new Map<string, TTSchedule>(LAYERS.map((l) => [l, planTTLinear(paper[l], K, 'sgd')]));
const fwdBwd = (l: string) => scheduleGemms(schedules.get(l)!, ['forward', 'backward']);

// ---- 1. cycle model ---------------------------------------------------------------------------
function modelLayer(cfg: EngineConfig, layer: string) {
  const s = schedules.get(layer)!;
  const prog = compileProgram(cfg, fwdBwd(layer), layoutFor(s));
  const steps = prog.map((p) => ({
    label: p.label,
    m: p.m,
    n: p.n,
    k: p.k,
    transposed: p.transposed,
    groups: p.groups,
    rounds: p.rounds,
    macs: p.m * p.n * p.k,
    cycles: instructionCycles(p.stepCycles),
  }));
  const cycles = steps.reduce((a, x) => a + x.cycles, 0);
  const macs = steps.reduce((a, x) => a + x.macs, 0);
  const ws = fwdBwd(layer).reduce((a, st) => a + weightStationaryStep(cfg, st.m, st.n, st.k), 0);
  return {
    cycles,
    macs,
    utilization: utilization(cfg, macs, cycles),
    weightStationary: { cycles: ws, utilization: utilization(cfg, macs, ws) },
    steps,
  };
}

console.log(
  `engine bench: macStages ${STAGES} (P = ${STAGES + 1} slots per PE), layers ${LAYERS.join(', ')}, K = ${K}, forward + backward`,
);
const model = [...SHAPES, ...MODEL_ONLY].map((shape) => {
  const cfg = parseEngineShape(`${shape}:${STAGES}`);
  const layers = Object.fromEntries(LAYERS.map((l) => [l, modelLayer(cfg, l)]));
  console.log(
    `  model ${shape.padEnd(6)} minRounds ${minRounds(cfg)}: ${LAYERS.map((l) => `${l} ${layers[l]!.cycles} cyc ${pct(layers[l]!.utilization)} (WS ${pct(layers[l]!.weightStationary.utilization)})`).join(' | ')}`,
  );
  return { shape, config: cfg, layers };
});
const best = Object.fromEntries(
  LAYERS.map((l) => {
    const b = model.reduce((x, y) => (y.layers[l]!.utilization > x.layers[l]!.utilization ? y : x));
    return [l, { shape: b.shape, utilization: b.layers[l]!.utilization }];
  }),
);
console.log(
  `  best shape per layer: ${LAYERS.map((l) => `${l} ${best[l]!.shape} ${pct(best[l]!.utilization)}`).join(', ')}`,
);

// The fastest shape (fewest cycles over the three layers) at which every layer reaches 70%: the
// engine's operating point.
interface LayerResult {
  cycles: number;
  utilization: number;
}
function fastestAt70<T extends { shape: string; layers: Record<string, LayerResult> }>(
  rows: readonly T[],
): T | undefined {
  const total = (x: T) => LAYERS.reduce((a, l) => a + x.layers[l]!.cycles, 0);
  return rows
    .filter((x) => LAYERS.every((l) => x.layers[l]!.utilization >= 0.7))
    .reduce<T | undefined>((a, x) => (!a || total(x) < total(a) ? x : a), undefined);
}
const fastest = fastestAt70(model);
console.log(
  `  model: fastest shape with every layer >= 70%: ${fastest ? `${fastest.shape} (${LAYERS.map((l) => pct(fastest.layers[l]!.utilization)).join(', ')})` : 'none'}`,
);

const stageSweep = ['4x10', '8x5'].flatMap((shape) =>
  [0, 1, 2, 3, 4, 5, 6, 7, 8].map((ms) => {
    const cfg = parseEngineShape(`${shape}:${ms}`);
    const u: Record<string, number> = Object.fromEntries(LAYERS.map((l) => [l, modelLayer(cfg, l).utilization]));
    return { shape, macStages: ms, slots: loopSlots(cfg), utilization: u };
  }),
);
for (const shape of ['4x10', '8x5']) {
  console.log(
    `  ${shape} utilization by MAC stages: ${stageSweep
      .filter((r) => r.shape === shape)
      .map((r) => `${r.macStages}: ${LAYERS.map((l) => pct(r.utilization[l]!)).join('/')}`)
      .join('  ')}`,
  );
}

// ---- 2. simulation ----------------------------------------------------------------------------
const simWanted = (process.env.TTFORGE_ENGINE_BENCH_SIM ?? SHAPES.join(','))
  .split(',')
  .filter((x) => x !== 'none' && x !== '');
interface SimLayer extends LayerResult {
  bitExact: boolean;
  cyclesMatchModel: boolean;
}
const simulated: { shape: string; layers: Record<string, SimLayer> }[] = [];
for (const shape of simWanted) {
  const cfg = parseEngineShape(`${shape}:${STAGES}`);
  const depth = Math.max(...LAYERS.map((l) => layoutFor(schedules.get(l)!).depth));
  const t0 = Date.now();
  console.log(`  simulate ${shape}: verilator build (data memory ${depth} words)...`);
  const ce = await compileEngine(
    cfg,
    depth,
    64,
    'verilator',
    path.join(outDir, 'engine-sim', `${shape}-s${STAGES}`),
    200_000_000,
  );
  const buildSeconds = (Date.now() - t0) / 1000;
  const layers: Record<string, SimLayer & Record<string, unknown>> = {};
  for (const l of LAYERS) {
    const t1 = Date.now();
    const run = await runScheduleOnEngine(
      ce,
      cfg,
      schedules.get(l)!,
      fwdBwd(l),
      randomScheduleBuffers(schedules.get(l)!, 100 + l.length),
    );
    const sameAsModel = run.steps.every((x) => x.simCycles === x.modelCycles);
    console.log(
      `    ${l}: ${run.simCycles} cycles simulated (model ${run.modelCycles}), utilization ${pct(run.utilization)}, ${run.mismatches.length === 0 ? 'bit-exact' : `MISMATCH ${run.mismatches.join('; ')}`}, ${((Date.now() - t1) / 1000).toFixed(1)} s`,
    );
    if (run.mismatches.length > 0 || !sameAsModel) process.exitCode = 1;
    layers[l] = {
      bitExact: run.mismatches.length === 0,
      mismatches: run.mismatches,
      cycles: run.simCycles,
      modelCycles: run.modelCycles,
      cyclesMatchModel: sameAsModel,
      utilization: run.utilization,
      steps: run.steps,
    };
  }
  simulated.push({ shape, config: cfg, simulator: 'verilator', buildSeconds, layers } as (typeof simulated)[number]);
}
// The same choice from simulated numbers only (shapes whose three layers all ran bit-exact).
const simFastest = fastestAt70(
  simulated.filter((x) => LAYERS.every((l) => x.layers[l]?.bitExact && x.layers[l]!.cyclesMatchModel)),
);
if (simulated.length > 0)
  console.log(
    `  simulated: fastest shape with every layer >= 70%: ${simFastest?.shape ?? 'none'} (of ${simulated.map((x) => x.shape).join(', ')})`,
  );

// ---- 2b. bias steps on the vector unit (combined core) ------------------------------------------
function combinedLayer(cfg: EngineConfig, layer: string) {
  const s = schedules.get(layer)!;
  const N = fwdBwd(layer).find((x) => x.label === 'Y = Z R')!.n;
  const regions = combinedLayout(s.buffers, K, N);
  const program = combinedStage(fwdBwd(layer), regions);
  const core: CombinedConfig = {
    engine: cfg,
    lanes: vectorLanes(cfg),
    engineDepth: regions.engineDepth,
    vectorDepth: regions.vectorDepth,
    vectorWindow: regions.vectorWindow,
    progDepth: 64,
    families: ['arith'],
  };
  const compiled = compileCombinedProgram(core, program);
  const timing = combinedTiming(core, compiled.entries);
  // Utilization counts the engine's MACs only (the bias steps' m n k are no longer the engine's).
  const macs = compiled.entries.reduce((a, e) => a + e.macs, 0);
  return {
    s,
    regions,
    program,
    core,
    compiled,
    cycles: timing.cycles,
    engineBusy: timing.engineBusy,
    macs,
    utilization: utilization(cfg, macs, timing.cycles),
  };
}
const combinedModel = SHAPES.map((shape) => {
  const cfg = parseEngineShape(`${shape}:${STAGES}`);
  const layers = Object.fromEntries(
    LAYERS.map((l) => {
      const r = combinedLayer(cfg, l);
      return [
        l,
        { cycles: r.cycles, engineBusy: r.engineBusy, macs: r.macs, utilization: r.utilization, lanes: r.core.lanes },
      ];
    }),
  );
  console.log(
    `  combined (bias steps on ${vectorLanes(cfg)} vector lanes) ${shape.padEnd(6)}: ${LAYERS.map((l) => `${l} ${layers[l]!.cycles} cyc ${pct(layers[l]!.utilization)} (engine busy ${pct(layers[l]!.engineBusy / layers[l]!.cycles)})`).join(' | ')}`,
  );
  return { shape, layers };
});
const combinedWanted = (process.env.TTFORGE_ENGINE_BENCH_COMBINED ?? '4x10')
  .split(',')
  .filter((x) => x && x !== 'none');
const combinedSimulated: unknown[] = [];
for (const shape of combinedWanted) {
  const cfg = parseEngineShape(`${shape}:${STAGES}`);
  const runs = LAYERS.map((l) => ({ l, ...combinedLayer(cfg, l) }));
  // One build for the three layers: the largest regions, every layer laid out in them.
  const V = Math.max(...runs.map((r) => r.regions.vectorDepth));
  const S = Math.max(...runs.map((r) => r.regions.vectorWindow));
  const nOf = (l: string) => fwdBwd(l).find((x) => x.label === 'Y = Z R')!.n;
  const fits = (e: number) =>
    runs.every((r) => {
      try {
        combinedLayout(r.s.buffers, K, nOf(r.l), { engineDepth: e, vectorDepth: V, vectorWindow: S });
        return true;
      } catch {
        return false;
      }
    });
  let E = Math.max(...runs.map((r) => r.regions.engineDepth));
  while (!fits(E)) E *= 2;
  const core: CombinedConfig = { ...runs[0]!.core, engineDepth: E, vectorDepth: V, vectorWindow: S };
  const t0 = Date.now();
  console.log(`  simulate combined ${shape}: verilator build (regions ${E} (window ${S}) + ${V} words)...`);
  const sim = await simulate(new CombinedCore(core), {
    backend: 'verilator',
    internals: false,
    maxCycles: 200_000_000,
    cacheDir: path.join(outDir, 'engine-sim', `combined-${shape}-s${STAGES}`),
  });
  const buildSeconds = (Date.now() - t0) / 1000;
  const layers: Record<string, unknown> = {};
  try {
    for (const r of runs) {
      const t1 = Date.now();
      const moved = combinedLayout(r.s.buffers, K, nOf(r.l), { engineDepth: E, vectorDepth: V, vectorWindow: S });
      const base = moved.base;
      const program = combinedStage(fwdBwd(r.l), moved);
      const compiled = compileCombinedProgram(core, program);
      const image = new Float32Array(E + V);
      for (const [name, data] of randomScheduleBuffers(r.s, 100 + r.l.length))
        if (base.has(name)) image.set(data, base.get(name)!);
      const want = image.slice();
      runProgram(program, want);
      const run = await runCombined(sim, core, image, compiled.words, 50_000_000);
      let mismatches = 0;
      for (let i = 0; i < want.length; i++)
        if (!(Object.is(want[i], run.image[i]) || (Number.isNaN(want[i]) && Number.isNaN(run.image[i])))) mismatches++;
      const modelCycles = combinedTiming(core, compiled.entries).cycles;
      const u = utilization(cfg, r.macs, run.cycles);
      console.log(
        `    ${r.l}: ${run.cycles} cycles simulated (model ${modelCycles}), engine utilization ${pct(u)}, ${mismatches === 0 ? 'bit-exact' : `${mismatches} WORDS DIFFER`}, ${((Date.now() - t1) / 1000).toFixed(1)} s`,
      );
      if (mismatches > 0 || run.cycles !== modelCycles || run.error) process.exitCode = 1;
      layers[r.l] = {
        cycles: run.cycles,
        modelCycles,
        utilization: u,
        bitExact: mismatches === 0,
        mismatches,
        error: run.error,
      };
    }
  } finally {
    await sim.close();
  }
  combinedSimulated.push({
    shape,
    simulator: 'verilator',
    buildSeconds,
    engineDepth: E,
    vectorDepth: V,
    vectorWindow: S,
    lanes: core.lanes,
    layers,
  });
}

// ---- 3. synthesis estimate of the 16x16 engine -------------------------------------------------
const synthShape = process.env.TTFORGE_ENGINE_SYNTH ?? '16x16';
let synthesis: unknown = null;
if (synthShape !== 'none') {
  const cfg = parseEngineShape(`${synthShape}:${STAGES}`);
  const depth = Math.max(...LAYERS.map((l) => layoutFor(schedules.get(l)!).depth));
  console.log(
    `  yosys: ${synthShape} engine core (Fp32Mac black-boxed), Fp32Mac alone and one PE with its MAC (macStages ${STAGES})...`,
  );
  const coreDesign = emitVerilog(elaborate(new EngineCore(cfg, depth, 64)));
  // The black box must be the MAC the PEs instantiate, or Yosys would flatten R*C MACs into the core.
  if (!coreDesign.files.some((f) => f.name === 'Fp32Mac.v'))
    throw new Error(
      `engine core has no module Fp32Mac to black-box: ${coreDesign.files.map((f) => f.name).join(', ')}`,
    );
  const core = await synthesizeDesign(coreDesign, { blackboxes: ['Fp32Mac'] });
  // The PE's rule (systolic-pe.ts): the tuned default cut list at the default depth, else spread evenly.
  const macUnit = new Fp32Mac(STAGES === defaultStages('mac') ? undefined : STAGES);
  const mac = await synthesizeDesign(emitVerilog(elaborate(macUnit)));
  // One PE flattened with its MAC: the paths through the PE's accumulator mux into the MAC and back.
  const pe = await synthesizeDesign(emitVerilog(elaborate(new SystolicPe(STAGES))));
  const pes = cfg.rows * cfg.cols;
  const total = {
    lut: core.lut + pes * mac.lut,
    ff: core.ff + pes * mac.ff,
    dsp: core.dsp + pes * mac.dsp,
    bram36: core.bram36 + pes * mac.bram36,
    uram288: core.uram288 + pes * mac.uram288,
  };
  // The banked data memory for the largest layer: its logic (lane adders, bank residues, crossbars,
  // skew registers) synthesized with the RAMs black-boxed, the RAMs counted from its shape.
  const memDesign = emitVerilog(
    elaborate(
      new BankedDataMemory({ depth, rows: cfg.rows, cols: cfg.cols, banks: dataBanks(cfg), addrBits: FIELD_BITS }),
    ),
  );
  const memLogic = await synthesizeDesign(memDesign, {
    blackboxes: modulesStartingWith(memDesign, 'SimpleDualPortRam'),
  });
  // The whole engine flattened with its MACs and RAMs black-boxed: the paths that cross from the core's
  // address registers into the memory's lane logic, and from the RAMs back into the core's operand muxes.
  const engineDesign = emitVerilog(elaborate(new ContractionEngine(cfg, depth, 64)));
  const engineBoxes = ['Fp32Mac', ...modulesStartingWith(engineDesign, 'SimpleDualPortRam')];
  const whole = await synthesizeDesign(engineDesign, { blackboxes: engineBoxes });
  console.log(
    `    whole engine (MACs and RAMs black-boxed): ${whole.lut} LUT, ${whole.ff} FF, ${whole.lutLevels} LUT levels (${whole.seconds.toFixed(0)} s)`,
  );
  const words = Math.max(...LAYERS.map((l) => layoutFor(schedules.get(l)!).words));
  const dataMemory = {
    words,
    depth,
    ...dataMemoryShape(dataBanks(cfg), depth),
    logic: {
      lut: memLogic.lut,
      ff: memLogic.ff,
      lutram: memLogic.lutram,
      lutLevels: memLogic.lutLevels,
      seconds: memLogic.seconds,
    },
  };
  for (const k of ['lut', 'ff'] as const) total[k] += memLogic[k];
  total.bram36 += dataMemory.bram36;
  total.uram288 += dataMemory.uram288;
  console.log(
    `    core: ${core.lut} LUT, ${core.ff} FF, ${core.dsp} DSP, ${core.bram36} BRAM36, ${core.uram288} URAM, ${core.lutram} LUTRAM cells, ${core.lutLevels} LUT levels (${core.seconds.toFixed(0)} s)`,
  );
  console.log(
    `    Fp32Mac [${macUnit.cuts.join(', ')}]: ${mac.lut} LUT, ${mac.ff} FF, ${mac.dsp} DSP, ${mac.lutLevels} LUT levels; per stage ${mac.segments.map((x) => x.lutLevels).join(' ')} (${mac.seconds.toFixed(0)} s)`,
  );
  console.log(
    `    SystolicPe(${STAGES}) with its MAC: ${pe.lut} LUT, ${pe.ff} FF, ${pe.dsp} DSP, ${pe.lutLevels} LUT levels`,
  );
  console.log(
    `    data memory (${words} words used of ${depth}): ${dataMemory.banks} banks x ${dataMemory.copies} copies, ${dataMemory.rowsPerBank} rows each, ${dataMemory.bram36} BRAM36 + ${dataMemory.uram288} URAM288; logic ${memLogic.lut} LUT, ${memLogic.ff} FF, ${memLogic.lutLevels} LUT levels (${memLogic.seconds.toFixed(0)} s)`,
  );
  console.log(
    `    total: ${total.lut} LUT, ${total.ff} FF, ${total.dsp} DSP, ${total.bram36} BRAM36, ${total.uram288} URAM288`,
  );
  const worst = Math.max(core.lutLevels, mac.lutLevels, pe.lutLevels, memLogic.lutLevels, whole.lutLevels);
  console.log(`    worst LUT levels: ${worst} (limit 8)`);
  synthesis = {
    shape: synthShape,
    macStages: STAGES,
    method:
      'yosys synth_xilinx -family xcup -flatten -noiopad; core with Fp32Mac black-boxed + R*C x Fp32Mac alone; one SystolicPe flattened for the depth across the PE/MAC boundary; the banked data memory with its RAMs black-boxed, RAMs counted from its shape',
    macCuts: macUnit.cuts,
    core,
    mac,
    pe: { lut: pe.lut, ff: pe.ff, dsp: pe.dsp, lutLevels: pe.lutLevels },
    total,
    wholeEngine: {
      lut: whole.lut,
      ff: whole.ff,
      lutLevels: whole.lutLevels,
      seconds: whole.seconds,
      note: 'ContractionEngine flattened, Fp32Mac and the RAMs black-boxed',
    },
    lutLevels: {
      engineLogic: core.lutLevels,
      dataMemoryLogic: memLogic.lutLevels,
      wholeEngine: whole.lutLevels,
      macUnit: mac.lutLevels,
      macPerStage: mac.segments.map((x) => x.lutLevels),
      pe: pe.lutLevels,
      worst,
      limit: 8,
      withinLimit: worst <= 8,
    },
    dataMemory,
  };
}

writeFileSync(
  path.join(outDir, 'engine.json'),
  `${JSON.stringify(
    {
      note: 'model = cycle model (designs/engine/cycle-model.ts); simulated = Verilator run of the emitted Verilog; weightStationary = analytic alternative, not built',
      macStages: STAGES,
      K,
      layers: LAYERS,
      model,
      best,
      fastestAt70: fastest?.shape ?? null,
      fastestAt70Simulated: simFastest?.shape ?? null,
      stageSweep,
      simulated,
      combined: {
        note: "bias add and bias gradient on the vector unit of the combined core (arith lanes), beside the GEMMs; utilization = the engine GEMMs' MACs / (R C cycles)",
        model: combinedModel,
        simulated: combinedSimulated,
      },
      synthesis,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${path.join(outDir, 'engine.json')}`);
