// npm run verify engine: the contraction engine's Verilog in Verilator on the paper's attention layer
// (TT 768 x 768 = [12,8,8] x [8,8,12], rank 10, K = 32 tokens): forward, backward and SGD update, every
// buffer bit-identical to the FP32 model, simulated cycles per step equal to the cycle model.
// Default engine 4x10:8, the operating point (docs/engine.md): the MAC's tuned default configuration
// (8 stages, <= 8 LUT levels each, P = 9 slots per PE) and the fastest shape at which every layer
// reaches 70% utilization. Options: TTFORGE_ENGINE=RxC[:macStages], TTFORGE_ENGINE_LAYER=attn|ffn1|ffn2.
// Writes out/verify/engine.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { paperConfig } from '../../designs/transformer/config.js';
import { planTTLinear } from '../../designs/tt/tt-planner.js';
import { compileEngine } from '../../designs/engine/engine-sim.js';
import {
  layoutFor,
  randomScheduleBuffers,
  runScheduleOnEngine,
  scheduleGemms,
} from '../../designs/engine/run-schedule.js';
import { dataBanks, parseEngineShape } from '../../designs/engine/engine-config.js';
import { dataMemoryShape } from '../../designs/engine/banked-data-memory.js';

const cfg = parseEngineShape(process.env.TTFORGE_ENGINE ?? '4x10:8');
const layerName = (process.env.TTFORGE_ENGINE_LAYER ?? 'attn') as 'attn' | 'ffn1' | 'ffn2';
const shape = paperConfig()[layerName];
const K = 32;
const s = planTTLinear(shape, K, 'sgd');
const steps = scheduleGemms(s, ['forward', 'backward', 'update']);
const layout = layoutFor(s);
const outDir = path.resolve('out', 'verify');
mkdirSync(outDir, { recursive: true });

const memory = dataMemoryShape(dataBanks(cfg), layout.depth);
console.log(
  `engine ${cfg.rows}x${cfg.cols}, macStages ${cfg.macStages}; ${layerName} K=${K}: ${steps.length} GEMM steps, ${layout.words} words (memory ${layout.depth})`,
);
console.log(
  `data memory: ${memory.banks} banks x ${memory.copies} copies of ${memory.rowsPerBank} 32-bit rows (RAMs of ${memory.ramPorts} port, ${memory.style}: ${memory.uram288} URAM288, ${memory.bram36} BRAM36)`,
);
let t0 = Date.now();
const ce = await compileEngine(
  cfg,
  layout.depth,
  64,
  'verilator',
  path.join(outDir, `engine-${cfg.rows}x${cfg.cols}-s${cfg.macStages}`),
  100_000_000,
);
const buildSeconds = (Date.now() - t0) / 1000;
console.log(`verilator build: ${buildSeconds.toFixed(1)} s; running...`);
t0 = Date.now();
const run = await runScheduleOnEngine(ce, cfg, s, steps, randomScheduleBuffers(s, 2025, 0.01));
const runSeconds = (Date.now() - t0) / 1000;
for (const st of run.steps) {
  console.log(
    `  ${st.label.padEnd(28)} ${String(st.m).padStart(4)} x ${String(st.n).padStart(4)} x ${String(st.k).padStart(4)}${st.transposed ? ' T' : '  '} sim ${st.simCycles} model ${st.modelCycles}`,
  );
}
const cyclesMatch = run.steps.every((x) => x.simCycles === x.modelCycles) && run.simCycles === run.modelCycles;
console.log(
  `total: ${run.simCycles} cycles simulated (${run.modelCycles} modelled), ${run.macs} MACs, utilization ${(100 * run.utilization).toFixed(1)}%; run ${runSeconds.toFixed(1)} s`,
);
console.log(
  run.mismatches.length === 0
    ? 'bit-exact: every buffer equals the FP32 model'
    : `MISMATCH: ${run.mismatches.join('; ')}`,
);
writeFileSync(
  path.join(outDir, 'engine.json'),
  `${JSON.stringify(
    {
      engine: cfg,
      layer: layerName,
      shape,
      K,
      dataMemory: memory,
      simulator: 'verilator',
      buildSeconds,
      runSeconds,
      bitExact: run.mismatches.length === 0,
      mismatches: run.mismatches,
      cyclesMatchModel: cyclesMatch,
      totalCycles: run.simCycles,
      modelCycles: run.modelCycles,
      macs: run.macs,
      utilization: run.utilization,
      steps: run.steps,
    },
    null,
    2,
  )}\n`,
);
if (run.mismatches.length > 0 || !cyclesMatch) process.exitCode = 1;
