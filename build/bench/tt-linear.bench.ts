// npm run bench tt-linear: the TT linear training kernel at paper scale (rank 10, K = 32, engine at the
// kernel's default shape). Writes out/bench/tt-linear.json:
//  1. cycles per training step by phase (load X and T over AXI, FP, error pass, BP, PU, loss store):
//     simulated in Verilator for the attention layer (one SGD step through the AXI interface, checked
//     bit-exact against the FP32 model), and the engine stages from the cycle model for attn/ffn1/ffn2;
//  2. on-chip memory: data-memory words and bits, the banked memory's URAM288 / BRAM36, program memory;
//  3. the Yosys estimate (synth_xilinx -family xcup) by parts that `--target u50` writes: every distinct
//     module once with its children black-boxed, times its instances; and the worst logic depth of a part.
// Options: TTFORGE_TTL_ENGINE (RxC[:stages]), TTFORGE_TTL_BENCH_SIM=none (skip simulation),
// TTFORGE_TTL_SYNTH=none (skip Yosys).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../dsl/index.js';
import { paperConfig } from '../../designs/transformer/config.js';
import { planTraining, programDepth } from '../../designs/tt-linear/training-plan.js';
import { TtLinearTrainKernel } from '../../designs/tt-linear/tt-linear-kernel.js';
import { trainOnKernel } from '../../designs/tt-linear/kernel-driver.js';
import { dataBanks, parseEngineShape } from '../../designs/engine/engine-config.js';
import { dataMemoryShape } from '../../designs/engine/banked-data-memory.js';
import { COMBINED_WORD_BITS } from '../../designs/engine/combined-word.js';
import { estimateU50 } from '../targets/u50/build-u50.js';

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
    // The combined core's memory: each region twice (the engine's lanes and the vector unit's).
    const region = (depth: number) => dataMemoryShape(dataBanks(cfg), depth);
    const [e, w, v] = [plan.regions.engineDepth, plan.regions.vectorWindow, plan.regions.vectorDepth].map(region) as [
      ReturnType<typeof region>,
      ReturnType<typeof region>,
      ReturnType<typeof region>,
    ];
    // Engine region with the engine's lanes, its window with the vector unit's, the vector region twice.
    const banked = {
      banks: e.banks,
      copies: 2 * e.copies,
      engineRegion: e,
      vectorWindow: w,
      vectorRegion: v,
      uram288: e.uram288 + w.uram288 + 2 * v.uram288,
      bram36: e.bram36 + w.bram36 + 2 * v.bram36,
    };
    const memory = {
      dataWords: words,
      dataDepth: plan.layout.depth,
      dataBits: words * 32,
      bram36OneCopy: Math.ceil(words / 1024),
      uram288OneCopy: Math.ceil(words / 8192),
      banked,
      parameterWords: plan.paramWords,
      programWords: plan.program.length,
      programBits: programDepth(plan) * COMBINED_WORD_BITS,
    };
    const m = {
      fp: plan.stageCycles.fp,
      bp: plan.stageCycles.bp,
      pu: plan.stageCycles.pu,
      loadWords: K * (plan.M + plan.N),
      errorElements: K * plan.N,
    };
    log(
      `${l}: model FP ${m.fp}, BP ${m.bp}, PU ${m.pu} engine cycles; loads ${m.loadWords} words; data memory ${words} words: regions of ${plan.regions.engineDepth} (vector window ${plan.regions.vectorWindow}) + ${plan.regions.vectorDepth} words, each in ${banked.banks} banks x 3 copies per reader: ${banked.uram288} URAM288 + ${banked.bram36} BRAM36`,
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

// ---- 3. Yosys estimate by parts: exactly what `ttforge build ... --target u50` writes -----------------
if ((env.TTFORGE_TTL_SYNTH ?? 'yes') !== 'none') {
  const t1 = Date.now();
  const kernel = new TtLinearTrainKernel({ layer: 'attn', rank: 10, tokens: K, engine });
  const design = elaborate(kernel);
  const e = await estimateU50(design, emitVerilog(design), { progress: log });
  if (!e.available) throw new Error(`no estimate: ${e.reason}`);
  const mem = (layers.attn as { memory: { banked: { bram36: number; uram288: number } } }).memory.banked;
  const total = Object.fromEntries(Object.entries(e.resources).map(([k, v]) => [k, v.used]));
  result.synthesis = {
    method: `${e.tool}, ${e.command}: each distinct module synthesized once with its children black-boxed and counted once per instance (build/tools/estimate-by-parts.ts, the --target u50 estimate); LUT counts include LUTs used as memory (SRL16E, LUT-RAM)`,
    parts: e.parts,
    total,
    percentOfU50: Object.fromEntries(Object.entries(e.resources).map(([k, v]) => [k, v.percent])),
    lutAsMemory: e.lutAsMemory,
    lutLevels: e.lutLevels,
    dataMemoryRamsFromShape: mem,
    wallSeconds: (Date.now() - t1) / 1000,
  };
  if (e.resources.uram288.used !== mem.uram288)
    log(`  NOTE: Yosys maps the data memory to ${e.resources.uram288.used} URAM288, its shape says ${mem.uram288}`);
  log(
    `total ${total.lut} LUT, ${total.ff} FF, ${total.dsp} DSP, ${total.bram36} BRAM36, ${total.uram288} URAM288; worst ${e.lutLevels} LUT levels inside a part (${((Date.now() - t1) / 1000).toFixed(0)} s)`,
  );
}

writeFileSync(path.join(outDir, 'tt-linear.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote out/bench/tt-linear.json');
