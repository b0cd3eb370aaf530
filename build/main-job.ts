// `npm run main`: generate the accelerator's RTL and check it in simulation against the TypeScript
// model, bit for bit. The accelerator's vertical slice today is the TT linear training kernel
// (designs/tt-linear): one tensor-train layer trained on chip (FP, BP, SGD update on the systolic
// contraction engine, every parameter and activation in on-chip memory), packaged as a Vitis RTL kernel.
//
//  1. writes its U50 project for the paper's attention layer (768 x 768, TT rank 10, 32 tokens) to
//     out/main/u50: rtl/*.v, constraints.xdc, vivado.tcl, kernel.xml, package_xo.tcl, memory plan;
//  2. trains the kernel on a regression task (random teacher layer, random inputs) for a few SGD steps in
//     RTL simulation, driven only through its AXI interfaces, and compares every parameter word and every
//     loss with the FP32 model after every step; the loss must fall.
//
//   npm run main [-- --backend verilator|icarus|builtin] [--sim-layer L] [--rank R] [--tokens K] [--steps N] [--threads T] [--out DIR]
// The simulated layer defaults to the paper's attention layer with Verilator (the first build takes
// several minutes; it is cached in out/sim-cache) and to a 64 x 64 layer on the other back ends.
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog, writeOutputAtomically } from '../dsl/index.js';
import { TtLinearTrainKernel } from '../designs/tt-linear/tt-linear-kernel.js';
import { trainOnKernel } from '../designs/tt-linear/kernel-driver.js';
import { buildU50 } from './targets/u50/build-u50.js';
import { hasVerilator } from '../sim/tools.js';
import type { BackendName } from '../sim/backend.js';
import { reportError } from './report-error.js';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string' },
      'sim-layer': { type: 'string' },
      rank: { type: 'string' },
      tokens: { type: 'string' },
      steps: { type: 'string' },
      threads: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const outDir = path.resolve(values.out ?? 'out/main');
  mkdirSync(outDir, { recursive: true });
  const t0 = Date.now();
  const log = (l: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${l}`);

  // 1. The U50 project of the paper-size kernel.
  const top = new TtLinearTrainKernel();
  const design = elaborate(top);
  const emitted = emitVerilog(design);
  const u50 = await buildU50(top, design, emitted, {
    estimate: false,
    estimateSkipped:
      'skipped by the main job: `npm run bench tt-linear` estimates this kernel by parts (out/bench/tt-linear.json)',
  });
  const u50Dir = path.join(outDir, 'u50');
  writeOutputAtomically(u50Dir, u50.files);
  log(
    `wrote the U50 project of ${emitted.top} (layer ${top.layer}, rank ${top.rank}, ${top.tokens} tokens, engine ${top.engine}) to ${path.relative(process.cwd(), u50Dir)}: ${u50.files.length} files`,
  );

  // 2. The simulation check.
  const backend = (values.backend ?? (hasVerilator() ? 'verilator' : 'builtin')) as BackendName;
  const layer = values['sim-layer'] ?? (backend === 'verilator' ? 'attn' : '4x4x4:4x4x4');
  const rank = Number(values.rank ?? (layer === 'attn' || layer.startsWith('ffn') ? 10 : 4));
  const tokens = Number(values.tokens ?? (layer === 'attn' || layer.startsWith('ffn') ? 32 : 8));
  const steps = Number(values.steps ?? 3);
  log(
    `simulation check on ${backend}: layer ${layer}, rank ${rank}, ${tokens} tokens, ${steps} SGD steps over AXI against the FP32 model`,
  );
  const r = await trainOnKernel({
    backend,
    layer,
    rank,
    tokens,
    engine: top.engine,
    steps,
    lr: layer === 'attn' || layer.startsWith('ffn') ? 1e-3 : 1e-2,
    throughput: 0.9,
    seed: 2026,
    ...(values.threads ? { threads: Number(values.threads) } : {}),
    log,
  });
  writeFileSync(path.join(outDir, 'report.json'), `${JSON.stringify(r, null, 2)}\n`);
  const ok = r.bitExact && r.lossFell;
  log(
    ok
      ? `PASS: ${steps} training steps, every parameter word and loss bit-exact with the FP32 model; loss ${r.steps[0]!.loss.toPrecision(6)} -> ${r.steps.at(-1)!.loss.toPrecision(6)}; report in ${path.relative(process.cwd(), path.join(outDir, 'report.json'))}`
      : `FAILED: ${r.bitExact ? '' : 'parameters or losses differ from the model; '}${r.lossFell ? '' : 'the loss did not fall'}`,
  );
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (e: unknown) => {
    process.exitCode = await reportError(e);
  },
);
