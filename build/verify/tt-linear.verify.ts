// npm run verify tt-linear: the TT linear training kernel at paper scale in Verilator: the attention
// layer (768 x 768 = [12,8,8] x [8,8,12], rank 10, K = 32 tokens) trained on the regression task for
// several SGD steps, driven only through the AXI kernel interface. After every step every parameter word
// and the loss are compared bit for bit with the FP32 model; the loss must fall.
// Options: TTFORGE_TTL_LAYER (attn | ffn1 | ffn2 | <in>:<out>), TTFORGE_TTL_RANK (10), TTFORGE_TTL_STEPS (3),
// TTFORGE_TTL_ENGINE (the kernel's default), TTFORGE_TTL_LR (1e-3), TTFORGE_TTL_BACKEND (verilator), TTFORGE_TTL_THREADS (Verilator model threads, 1).
// Writes out/verify/tt-linear.json and the loss curve out/verify/tt-linear-loss.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { trainOnKernel } from '../../designs/tt-linear/kernel-driver.js';
import { TtLinearTrainKernel } from '../../designs/tt-linear/tt-linear-kernel.js';
import { lossCurveSvg } from '../../designs/transformer/loss-curve-svg.js';
import type { BackendName } from '../../sim/backend.js';

const env = process.env;
const outDir = path.resolve('out', 'verify');
mkdirSync(outDir, { recursive: true });
const t0 = Date.now();
const report = await trainOnKernel({
  backend: (env.TTFORGE_TTL_BACKEND ?? 'verilator') as BackendName,
  layer: env.TTFORGE_TTL_LAYER ?? 'attn',
  rank: Number(env.TTFORGE_TTL_RANK ?? 10),
  tokens: 32,
  engine: env.TTFORGE_TTL_ENGINE ?? new TtLinearTrainKernel().engine,
  steps: Number(env.TTFORGE_TTL_STEPS ?? 3),
  lr: Number(env.TTFORGE_TTL_LR ?? 1e-3),
  throughput: 0.9,
  seed: 2026,
  ...(env.TTFORGE_TTL_THREADS ? { threads: Number(env.TTFORGE_TTL_THREADS) } : {}),
  log: (l) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)} s] ${l}`),
});
writeFileSync(
  path.join(outDir, 'tt-linear.json'),
  `${JSON.stringify({ verify: 'tt-linear', date: new Date().toISOString(), ...report }, null, 2)}\n`,
);
writeFileSync(
  path.join(outDir, 'tt-linear-loss.svg'),
  lossCurveSvg(
    report.steps.map((s) => ({ step: s.step + 1, loss: s.loss })),
    {
      title: `TT linear ${report.layer} rank ${report.rank} on the kernel (${report.backend}): sum of squared errors per SGD step`,
    },
  ),
);
const ok = report.bitExact && report.lossFell;
console.log(
  `tt-linear verify: ${report.steps.length} steps, parameters and losses ${report.bitExact ? 'bit-exact' : 'DIFFER'}, loss ${report.steps[0]?.loss} -> ${report.steps.at(-1)?.loss} ` +
    `(${report.lossFell ? 'falls' : 'DOES NOT FALL'}), ${report.wallSeconds.toFixed(0)} s; wrote out/verify/tt-linear.json`,
);
process.exitCode = ok ? 0 : 1;
