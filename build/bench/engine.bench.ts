// npm run bench engine: the systolic contraction engine on the paper's TT layers (attn, ffn1, ffn2;
// rank 10, K = 32), forward + backward.
//  1. Cycle model at every array shape: cycles and PE utilization per step and per layer, the
//     weight-stationary alternative (analytic, not built) and a MAC pipeline-depth sweep.
//  2. Verilator simulation at the shapes in TTFORGE_ENGINE_BENCH_SIM (default: all shapes; 'none'
//     skips): every buffer bit-exact against the FP32 model, cycles per step from the simulation.
//  3. Yosys estimate of the 16x16 engine (core with the FP32 MAC black-boxed, plus the MAC unit alone,
//     times R*C), logic depth in LUT levels, and the data memory's block RAM need.
// Writes out/bench/engine.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../dsl/index.js';
import { paperConfig } from '../../designs/transformer/config.js';
import { planTTLinear, type TTSchedule } from '../../designs/tt/tt-planner.js';
import { compileProgram } from '../../designs/engine/program.js';
import { instructionCycles, utilization } from '../../designs/engine/cycle-model.js';
import { type EngineConfig, loopSlots, minRounds, parseEngineShape } from '../../designs/engine/engine-config.js';
import { layoutFor, randomScheduleBuffers, runScheduleOnEngine, scheduleGemms } from '../../designs/engine/run-schedule.js';
import { weightStationaryStep } from '../../designs/engine/weight-stationary-model.js';
import { compileEngine } from '../../designs/engine/engine-sim.js';
import { EngineCore } from '../../designs/engine/engine-core.js';
import { Fp32Mac } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { synthEstimate } from '../../designs/engine/synth-estimate.js';

const STAGES = Number(process.env.TTFORGE_ENGINE_STAGES ?? 3);
const SHAPES = ['4x4', '8x8', '16x16', '8x5', '16x10', '8x4'];
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
  const steps = prog.map((p) => ({ label: p.label, m: p.m, n: p.n, k: p.k, transposed: p.transposed, groups: p.groups, rounds: p.rounds, macs: p.m * p.n * p.k, cycles: instructionCycles(p.stepCycles) }));
  const cycles = steps.reduce((a, x) => a + x.cycles, 0);
  const macs = steps.reduce((a, x) => a + x.macs, 0);
  const ws = fwdBwd(layer).reduce((a, st) => a + weightStationaryStep(cfg, st.m, st.n, st.k), 0);
  return { cycles, macs, utilization: utilization(cfg, macs, cycles), weightStationary: { cycles: ws, utilization: utilization(cfg, macs, ws) }, steps };
}

console.log(`engine bench: macStages ${STAGES} (P = ${STAGES + 1} slots per PE), layers ${LAYERS.join(', ')}, K = ${K}, forward + backward`);
const model = SHAPES.map((shape) => {
  const cfg = parseEngineShape(`${shape}:${STAGES}`);
  const layers = Object.fromEntries(LAYERS.map((l) => [l, modelLayer(cfg, l)]));
  console.log(`  model ${shape.padEnd(6)} minRounds ${minRounds(cfg)}: ` + LAYERS.map((l) => `${l} ${layers[l]!.cycles} cyc ${pct(layers[l]!.utilization)} (WS ${pct(layers[l]!.weightStationary.utilization)})`).join(' | '));
  return { shape, config: cfg, layers };
});
const best = Object.fromEntries(LAYERS.map((l) => {
  const b = model.reduce((x, y) => (y.layers[l]!.utilization > x.layers[l]!.utilization ? y : x));
  return [l, { shape: b.shape, utilization: b.layers[l]!.utilization }];
}));
console.log(`  best shape per layer: ${LAYERS.map((l) => `${l} ${best[l]!.shape} ${pct(best[l]!.utilization)}`).join(', ')}`);

// The fastest shape at which every layer reaches 70%: the engine's operating point.
const qualifying = model.filter((x) => LAYERS.every((l) => x.layers[l]!.utilization >= 0.7));
const fastest = qualifying.reduce<(typeof model)[number] | undefined>((a, x) => (!a || x.layers.attn!.cycles < a.layers.attn!.cycles ? x : a), undefined);
console.log(`  fastest shape with every layer >= 70%: ${fastest ? `${fastest.shape} (${LAYERS.map((l) => pct(fastest.layers[l]!.utilization)).join(', ')})` : 'none'}`);

const stageSweep = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((ms) => {
  const cfg = parseEngineShape(`8x5:${ms}`);
  const u: Record<string, number> = Object.fromEntries(LAYERS.map((l) => [l, modelLayer(cfg, l).utilization]));
  return { macStages: ms, slots: loopSlots(cfg), utilization: u };
});
console.log(`  8x5 utilization by MAC stages: ${stageSweep.map((r) => `${r.macStages}: ${LAYERS.map((l) => pct(r.utilization[l]!)).join('/')}`).join('  ')}`);

// ---- 2. simulation ----------------------------------------------------------------------------
const simWanted = (process.env.TTFORGE_ENGINE_BENCH_SIM ?? SHAPES.join(',')).split(',').filter((x) => x !== 'none' && x !== '');
const simulated: unknown[] = [];
for (const shape of simWanted) {
  const cfg = parseEngineShape(`${shape}:${STAGES}`);
  const depth = Math.max(...LAYERS.map((l) => layoutFor(schedules.get(l)!).depth));
  const t0 = Date.now();
  console.log(`  simulate ${shape}: verilator build (data memory ${depth} words)...`);
  const ce = await compileEngine(cfg, depth, 64, 'verilator', path.join(outDir, 'engine-sim', `${shape}-s${STAGES}`), 200_000_000);
  const buildSeconds = (Date.now() - t0) / 1000;
  const layers: Record<string, unknown> = {};
  for (const l of LAYERS) {
    const t1 = Date.now();
    const run = await runScheduleOnEngine(ce, cfg, schedules.get(l)!, fwdBwd(l), randomScheduleBuffers(schedules.get(l)!, 100 + l.length));
    const sameAsModel = run.steps.every((x) => x.simCycles === x.modelCycles);
    console.log(`    ${l}: ${run.simCycles} cycles simulated (model ${run.modelCycles}), utilization ${pct(run.utilization)}, ${run.mismatches.length === 0 ? 'bit-exact' : `MISMATCH ${run.mismatches.join('; ')}`}, ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    if (run.mismatches.length > 0 || !sameAsModel) process.exitCode = 1;
    layers[l] = { bitExact: run.mismatches.length === 0, mismatches: run.mismatches, cycles: run.simCycles, modelCycles: run.modelCycles, cyclesMatchModel: sameAsModel, utilization: run.utilization, steps: run.steps };
  }
  simulated.push({ shape, config: cfg, simulator: 'verilator', buildSeconds, layers });
}

// ---- 3. synthesis estimate of the 16x16 engine -------------------------------------------------
const synthShape = process.env.TTFORGE_ENGINE_SYNTH ?? '16x16';
let synthesis: unknown = null;
if (synthShape !== 'none') {
  const cfg = parseEngineShape(`${synthShape}:${STAGES}`);
  const depth = Math.max(...LAYERS.map((l) => layoutFor(schedules.get(l)!).depth));
  console.log(`  yosys: ${synthShape} engine core (Fp32Mac black-boxed) and Fp32Mac(${STAGES}) alone...`);
  const core = await synthEstimate(emitVerilog(elaborate(new EngineCore(cfg, depth, 64))), path.join(outDir, 'engine-synth', 'core'), ['Fp32Mac']);
  const mac = await synthEstimate(emitVerilog(elaborate(new Fp32Mac(STAGES))), path.join(outDir, 'engine-synth', 'mac'));
  const pes = cfg.rows * cfg.cols;
  const total = { lut: core.lut + pes * mac.lut, ff: core.ff + pes * mac.ff, dsp: core.dsp + pes * mac.dsp, bram36: core.bram36 + pes * mac.bram36, uram288: core.uram288 + pes * mac.uram288 };
  // The data memory (not synthesized: engine.ts models it as one array with many ports). Per copy: 32-bit
  // words in BRAM36 as 1K x 36 or in URAM288 as 4K x 72 holding two words per row.
  const words = Math.max(...LAYERS.map((l) => layoutFor(schedules.get(l)!).words));
  const readPorts = cfg.rows + 2 * cfg.cols;
  const replicas = Math.ceil(readPorts / 2);
  const dataMemory = {
    words, readPorts, writePorts: cfg.cols,
    bram36PerCopy: Math.ceil(words / 1024), uram288PerCopy: Math.ceil(words / 8192),
    replicatedCopies: replicas, bram36Replicated: replicas * Math.ceil(words / 1024), uram288Replicated: replicas * Math.ceil(words / 8192),
  };
  console.log(`    core: ${core.lut} LUT, ${core.ff} FF, ${core.dsp} DSP, ${core.bram36} BRAM36, ${core.uram288} URAM, ${core.lutram} LUTRAM cells, ${core.lutLevels} LUT levels (${core.seconds.toFixed(0)} s)`);
  console.log(`    Fp32Mac(${STAGES}): ${mac.lut} LUT, ${mac.ff} FF, ${mac.dsp} DSP, ${mac.lutLevels} LUT levels (${mac.seconds.toFixed(0)} s)`);
  console.log(`    total: ${total.lut} LUT, ${total.ff} FF, ${total.dsp} DSP, ${total.bram36} BRAM36, ${total.uram288} URAM288; data memory ${words} words: ${dataMemory.bram36PerCopy} BRAM36 or ${dataMemory.uram288PerCopy} URAM288 per copy`);
  // The MAC unit's depth at its deepest pipelining, for the record (its cut points are rtl-lib/fp's).
  const deepest = STAGES === 8 ? mac : await synthEstimate(emitVerilog(elaborate(new Fp32Mac(8))), path.join(outDir, 'engine-synth', 'mac8'));
  console.log(`    Fp32Mac(8): ${deepest.lut} LUT, ${deepest.ff} FF, ${deepest.lutLevels} LUT levels`);
  synthesis = {
    macAtEightStages: { lut: deepest.lut, ff: deepest.ff, dsp: deepest.dsp, lutLevels: deepest.lutLevels },
    shape: synthShape, macStages: STAGES, method: 'yosys synth_xilinx -family xcup -flatten -noiopad; core with Fp32Mac black-boxed + R*C x Fp32Mac alone',
    core: { ...core, cells: core.cells }, mac: { ...mac, cells: mac.cells }, total,
    lutLevels: { engineLogic: core.lutLevels, macUnit: mac.lutLevels, worst: Math.max(core.lutLevels, mac.lutLevels), limit: 8 },
    dataMemory,
  };
}

writeFileSync(path.join(outDir, 'engine.json'), JSON.stringify({
  note: 'model = cycle model (designs/engine/cycle-model.ts); simulated = Verilator run of the emitted Verilog; weightStationary = analytic alternative, not built',
  macStages: STAGES, K, layers: LAYERS, model, best, fastestAt70: fastest?.shape ?? null, stageSweep, simulated, synthesis,
}, null, 2) + '\n');
console.log(`wrote ${path.join(outDir, 'engine.json')}`);
