// Hashes of the emitted Verilog of every example, both Vitis kernels, the engine and every FP32 unit:
// the evidence that a refactor left the generated hardware byte-identical.
//   npx tsx scripts/emit-hashes.ts > out/emit-hashes.json      (before)
//   npx tsx scripts/emit-hashes.ts | diff out/emit-hashes.json - (after)
import { createHash } from 'node:crypto';
import { elaborate, emitVerilog, type Module } from '../dsl/index.js';
import { examples } from '../designs/examples/index.js';
import { Fp32Axpy } from '../designs/kernels/fp32-axpy.js';
import { TtLinearTrainKernel } from '../designs/tt-linear/tt-linear-kernel.js';
import * as units from '../rtl-lib/fp/hw/fp-unit-module.js';

const builds: [string, () => Module][] = [
  ...examples.map((e) => [e.name, e.build] as [string, () => Module]),
  ['Fp32Axpy', () => new Fp32Axpy()],
  [
    'TtLinearTrainKernel-64',
    () => new TtLinearTrainKernel({ layer: '4x4x4:4x4x4', rank: 4, tokens: 8, engine: '2x2:2', maxBeats: 16 }),
  ],
  ['TtLinearTrainKernel-attn', () => new TtLinearTrainKernel()],
  ...Object.entries(units)
    .filter(([name, v]) => /^Fp32/.test(name) && typeof v === 'function')
    .map(([name, cls]) => [name, () => new (cls as new () => Module)()] as [string, () => Module]),
];

const out: Record<string, Record<string, string>> = {};
for (const [name, build] of builds) {
  const emitted = emitVerilog(elaborate(build()));
  const files: Record<string, string> = {};
  for (const f of emitted.files) files[f.name] = createHash('sha256').update(f.text).digest('hex').slice(0, 16);
  out[name] = files;
  process.stderr.write(`${name}: ${emitted.files.length} files\n`);
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
