// npm run bench tt-linear: the TT linear training kernel at paper scale (rank 10, K = 32, engine at the
// kernel's default shape). Writes out/bench/tt-linear.json:
//  1. cycles per training step by phase (load X and T over AXI, FP, error pass, BP, PU, loss store):
//     simulated in Verilator for the attention layer (one SGD step through the AXI interface, checked
//     bit-exact against the FP32 model), and the engine stages from the cycle model for attn/ffn1/ffn2;
//  2. on-chip memory: data-memory words and bits, the banked memory's URAM288 / BRAM36, program memory;
//  3. Yosys estimate (synth_xilinx -family xcup) by parts, as the engine bench does: the kernel shell
//     with the engine black-boxed (AXI-Lite control, AXI masters, stage FSM, error unit), the engine
//     core with its MACs black-boxed, one Fp32Mac times R*C; and the worst logic depth of those parts.
// Options: TTFORGE_TTL_ENGINE (RxC[:stages]), TTFORGE_TTL_BENCH_SIM=none (skip simulation),
// TTFORGE_TTL_SYNTH=none (skip Yosys).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../dsl/index.js';
import { paperConfig } from '../../designs/transformer/config.js';
import { planTraining, programDepth } from '../../designs/tt-linear/training-plan.js';
import { TtLinearTrainKernel } from '../../designs/tt-linear/tt-linear-kernel.js';
import { trainOnKernel } from '../../designs/tt-linear/kernel-driver.js';
import { EngineCore } from '../../designs/engine/engine-core.js';
import { dataBanks, parseEngineShape } from '../../designs/engine/engine-config.js';
import { modulesStartingWith, synthEstimate } from '../../designs/engine/synth-estimate.js';
import { BankedDataMemory, dataMemoryShape } from '../../designs/engine/banked-data-memory.js';
import { FIELD_BITS } from '../../designs/engine/instruction.js';
import { Fp32Mac } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { U50_CAPACITY } from '../targets/u50/u50-device.js';

const env = process.env;
const engine = env.TTFORGE_TTL_ENGINE ?? new TtLinearTrainKernel().engine;
const cfg = parseEngineShape(engine);
const K = 32;
const LAYERS = ['attn', 'ffn1', 'ffn2'] as const;
const outDir = path.resolve('out', 'bench');
mkdirSync(outDir, { recursive: true });
const paper = paperConfig({ rank: 10 });
const result: Record<string, unknown> = { bench: 'tt-linear', date: new Date().toISOString(), engine, K, rank: 10 };
const t0 = Date.now();
const log = (l: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${l}`);

// ---- 1. modelled cycles and memory per layer ---------------------------------------------------
const layers = Object.fromEntries(
  LAYERS.map((l) => {
    const plan = planTraining(paper[l], K, cfg);
    const words = plan.layout.words;
    const banked = dataMemoryShape(dataBanks(cfg), plan.layout.depth);
    const memory = {
      dataWords: words,
      dataDepth: plan.layout.depth,
      dataBits: words * 32,
      bram36OneCopy: Math.ceil(words / 1024),
      uram288OneCopy: Math.ceil(words / 8192),
      banked,
      parameterWords: plan.paramWords,
      programWords: plan.program.length,
      programBits: programDepth(plan) * 554,
    };
    const m = {
      fp: plan.stageCycles.fp,
      bp: plan.stageCycles.bp,
      pu: plan.stageCycles.pu,
      loadWords: K * (plan.M + plan.N),
      errorElements: K * plan.N,
    };
    log(
      `${l}: model FP ${m.fp}, BP ${m.bp}, PU ${m.pu} engine cycles; loads ${m.loadWords} words; data memory ${words} words in ${banked.banks} banks x ${banked.copies} copies of ${banked.rowsPerBank} rows: ${banked.uram288} URAM288 + ${banked.bram36} BRAM36`,
    );
    return [l, { modelEngineCycles: m, memory }];
  }),
);
result.layers = layers;

// ---- 2. simulated training step (attention) ------------------------------------------------------
if ((env.TTFORGE_TTL_BENCH_SIM ?? 'attn') !== 'none') {
  const r = await trainOnKernel({
    backend: 'verilator',
    layer: 'attn',
    rank: 10,
    tokens: K,
    engine,
    steps: 2,
    lr: 1e-3,
    throughput: 1,
    seed: 7,
    log,
  });
  const step = r.calls[1]!; // the second call: parameters already on chip, like every later step
  result.simulated = {
    layer: 'attn',
    backend: r.backend,
    bitExact: r.bitExact,
    lossFell: r.lossFell,
    cyclesPerStep: step.phases,
    hostCyclesPerCall: r.calls.map((c) => c.cycles),
    note: 'phases of one SGD step with flags = store parameters (the store phase also writes the 4208-word parameter block; a step without it writes one loss word)',
    modelEngineCycles: r.modelStageCycles,
    wallSeconds: r.wallSeconds,
  };
  log(`attn simulated step: ${JSON.stringify(step.phases)}; ${r.bitExact ? 'bit-exact' : 'NOT bit-exact'}`);
  if (!r.bitExact) process.exitCode = 1;
}

// ---- 3. Yosys estimate by parts ---------------------------------------------------------------------
if ((env.TTFORGE_TTL_SYNTH ?? 'yes') !== 'none') {
  const kernel = new TtLinearTrainKernel({ layer: 'attn', rank: 10, tokens: K, engine });
  const plan = kernel.plan;
  const dir = path.join(outDir, 'tt-linear-synth');
  log('yosys: kernel shell (engine black-boxed)...');
  const shell = await synthEstimate(emitVerilog(elaborate(kernel)), path.join(dir, 'shell'), ['ContractionEngine']);
  log(
    `  ${shell.lut} LUT, ${shell.ff} FF, ${shell.dsp} DSP, ${shell.lutLevels} levels (${shell.seconds.toFixed(0)} s); engine core (MACs black-boxed)...`,
  );
  const core = await synthEstimate(
    emitVerilog(elaborate(new EngineCore(cfg, plan.layout.depth, programDepth(plan), plan.image))),
    path.join(dir, 'core'),
    ['Fp32Mac'],
  );
  log(`  ${core.lut} LUT, ${core.ff} FF, ${core.lutLevels} levels (${core.seconds.toFixed(0)} s); Fp32Mac...`);
  const mac = await synthEstimate(emitVerilog(elaborate(new Fp32Mac())), path.join(dir, 'mac'));
  log(
    `  ${mac.lut} LUT, ${mac.ff} FF, ${mac.dsp} DSP, ${mac.lutLevels} levels (${mac.seconds.toFixed(0)} s); banked data memory (RAMs black-boxed)...`,
  );
  const memDesign = emitVerilog(
    elaborate(
      new BankedDataMemory({
        depth: plan.layout.depth,
        rows: cfg.rows,
        cols: cfg.cols,
        banks: dataBanks(cfg),
        addrBits: FIELD_BITS,
      }),
    ),
  );
  const memLogic = await synthEstimate(
    memDesign,
    path.join(dir, 'data-memory'),
    modulesStartingWith(memDesign, 'SimpleDualPortRam'),
  );
  const pes = cfg.rows * cfg.cols;
  const mem = (layers.attn as { memory: { banked: { bram36: number; uram288: number } } }).memory.banked;
  const used = {
    lut: shell.lut + core.lut + pes * mac.lut + memLogic.lut,
    ff: shell.ff + core.ff + pes * mac.ff + memLogic.ff,
    dsp: shell.dsp + core.dsp + pes * mac.dsp,
    bram36: shell.bram36 + core.bram36 + mem.bram36,
    uram288: mem.uram288,
  };
  const percent = Object.fromEntries(
    Object.entries(used).map(([k, v]) => [
      k,
      Math.round((10_000 * v) / U50_CAPACITY[k as keyof typeof U50_CAPACITY]) / 100,
    ]),
  );
  result.synthesis = {
    method:
      "yosys synth_xilinx -family xcup -flatten -noiopad by parts: shell (ContractionEngine black-boxed) + engine core (Fp32Mac black-boxed) + R*C x Fp32Mac + the banked data memory's logic (its RAMs black-boxed and counted from its shape: 17 banks x 3 copies, see docs/engine.md)",
    parts: { shell, core, mac: { ...mac, count: pes }, dataMemoryLogic: memLogic, dataMemoryRams: mem },
    total: used,
    percentOfU50: percent,
    lutLevels: Math.max(shell.lutLevels, core.lutLevels, mac.lutLevels, memLogic.lutLevels),
  };
  log(
    `  data memory logic ${memLogic.lut} LUT, ${memLogic.ff} FF, ${memLogic.lutLevels} levels (${memLogic.seconds.toFixed(0)} s)`,
  );
  log(
    `total ${used.lut} LUT, ${used.ff} FF, ${used.dsp} DSP, ${used.bram36} BRAM36, ${used.uram288} URAM288; worst ${Math.max(shell.lutLevels, core.lutLevels, mac.lutLevels, memLogic.lutLevels)} LUT levels`,
  );
}

writeFileSync(path.join(outDir, 'tt-linear.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote out/bench/tt-linear.json');
