// `npm run main`: generate the accelerator's RTL and check it in simulation against the TypeScript
// model, bit for bit. Today the accelerator's verified building blocks are the FP32 units its
// training datapath is made of (add, mul, mac); the TT linear kernel joins this job when it lands.
//
//   npm run main [-- --backend builtin|verilator|icarus] [--vectors N] [--out DIR]
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog, writeOutputAtomically, type Module } from '../dsl/index.js';
import { FpUnitModule } from '../rtl-lib/fp/hw/fp-unit-module.js';
import { fpModel } from '../rtl-lib/fp/model.js';
import { fp32 } from '../rtl-lib/fp/format.js';
import { edgePairs } from '../rtl-lib/fp/edge-cases.js';
import { simulate } from '../sim/simulate.js';
import { reportError } from './report-error.js';

interface UnitJob {
  name: string;
  unit: 'add' | 'mul' | 'mac';
  stages: number;
  model: (a: bigint, b: bigint, c: bigint) => bigint;
}

const model = fpModel(fp32);
const jobs: UnitJob[] = [
  { name: 'Fp32Add', unit: 'add', stages: 2, model: (a, b) => model.add(a, b) },
  { name: 'Fp32Mul', unit: 'mul', stages: 2, model: (a, b) => model.mul(a, b) },
  { name: 'Fp32Mac', unit: 'mac', stages: 3, model: (a, b, c) => model.mac(a, b, c) },
];

/** Deterministic 32-bit generator (xorshift), so a failing run can be repeated exactly. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s;
  };
}

function stimulus(n: number, seed: number): [bigint, bigint, bigint][] {
  const r = rng(seed);
  const out: [bigint, bigint, bigint][] = edgePairs(fp32).map(([a, b]) => [a, b, b]);
  while (out.length < n) {
    const a = r();
    // Half the pairs share an exponent neighbourhood, to exercise cancellation and carries.
    const b = r() % 2 ? r() : (a ^ (r() & 0x807fffff)) >>> 0;
    out.push([BigInt(a), BigInt(b), BigInt(r())]);
  }
  return out.slice(0, n);
}

async function checkUnit(job: UnitJob, vectors: number, backend: string | undefined, outDir: string): Promise<{ name: string; backend: string; vectors: number; mismatches: number; latency: number; seconds: number }> {
  const t0 = Date.now();
  const top: Module = new FpUnitModule(job.unit, { stages: job.stages });
  const design = elaborate(top);
  const emitted = emitVerilog(design);
  const rtlDir = path.join(outDir, 'rtl', job.name);
  writeOutputAtomically(rtlDir, [...emitted.files, { name: 'manifest.json', text: JSON.stringify({ top: emitted.top, modules: emitted.modules, files: emitted.files.map((f) => f.name) }, null, 2) + '\n' }]);
  const latency = (top as FpUnitModule).latency;
  const stim = stimulus(vectors, 0x5eed + job.name.length);
  const sim = await simulate(design, { backend: (backend ?? 'auto') as never });
  const idle = latency + 2;
  const col = (i: 0 | 1 | 2) => [...stim.map((s) => s[i]), ...Array<bigint>(idle).fill(0n)];
  // A bubble every 17 cycles checks that out_valid follows in_valid exactly `latency` cycles later.
  const valid = [...stim.map((_, k) => (k % 17 === 16 ? 0n : 1n)), ...Array<bigint>(idle).fill(0n)];
  const inputs: Record<string, bigint[]> = { a: col(0), b: col(1), in_valid: valid };
  if (job.unit === 'mac') inputs.c = col(2);
  const res = await sim.vectors(inputs, { outputs: ['y', 'out_valid'] });
  const y = res.get('y');
  const ov = res.get('out_valid');
  await sim.close();
  const expected = stim.flatMap((s, k) => (valid[k] ? [job.model(s[0], s[1], s[2])] : []));
  const got = y.filter((_, k) => ov[k] === 1n);
  let mismatches = Math.abs(got.length - expected.length);
  let first = '';
  for (let k = 0; k < Math.min(got.length, expected.length); k++) {
    if (got[k] !== expected[k]) {
      if (!first) first = `first mismatch at result ${k}: expected ${expected[k]!.toString(16)}, got ${got[k]!.toString(16)}`;
      mismatches++;
    }
  }
  const seconds = (Date.now() - t0) / 1000;
  console.log(`  ${job.name.padEnd(8)} stages=${job.stages} latency=${latency}  ${sim.backendName.padEnd(9)} ${expected.length} results  ${mismatches === 0 ? 'bit-exact' : `${mismatches} MISMATCHES (${first})`}  (${seconds.toFixed(1)} s)`);
  return { name: job.name, backend: sim.backendName, vectors: expected.length, mismatches, latency, seconds };
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { backend: { type: 'string' }, vectors: { type: 'string' }, out: { type: 'string' } } });
  const vectors = Number(values.vectors ?? 20000);
  const outDir = path.resolve(values.out ?? 'out/main');
  mkdirSync(outDir, { recursive: true });
  console.log(`ttforge main job: RTL of the FP32 datapath units -> ${path.relative(process.cwd(), outDir)}/rtl, checked against the bit-level model`);
  const results = [];
  for (const job of jobs) results.push(await checkUnit(job, vectors, values.backend, outDir));
  writeFileSync(path.join(outDir, 'report.json'), JSON.stringify({ results }, null, 2) + '\n');
  const bad = results.filter((r) => r.mismatches > 0);
  console.log(bad.length ? `FAILED: ${bad.map((r) => r.name).join(', ')}` : `all ${results.length} units bit-exact; report in ${path.relative(process.cwd(), path.join(outDir, 'report.json'))}`);
  return bad.length ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => { process.exitCode = reportError(e); });
