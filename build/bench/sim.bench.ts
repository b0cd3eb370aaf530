// npm run bench sim: cycles per second of each back end on a 4x4 array of 32-bit integer MACs,
// measured end to end from TypeScript in vector mode (same stimulus, checked against the model), and
// how fast a cached Verilator model starts; then the TT linear kernel through AXI (sim-kernel-rows.ts;
// SIM_BENCH_KERNEL=0 skips it, SIM_BENCH_PAPER=0 the paper-size builds, SIM_BENCH_THREADS=0 the
// 2-thread one). Writes out/bench/sim.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { elaborate } from '../../dsl/index.js';
import type { BackendName } from '../../sim/backend.js';
import { MacArray, macArrayModel } from '../../sim/examples/mac-array.js';
import { simulate } from '../../sim/simulate.js';
import { hasIcarus, hasVerilator } from '../../sim/tools.js';
import { kernelRows } from './sim-kernel-rows.js';

const design = elaborate(new MacArray(4, 4));
const cycles: Record<BackendName, number> = {
  builtin: Number(process.env.SIM_BENCH_BUILTIN ?? 1_000_000),
  verilator: Number(process.env.SIM_BENCH_VERILATOR ?? 8_000_000),
  icarus: Number(process.env.SIM_BENCH_ICARUS ?? 30_000),
};
const maxN = Math.max(...Object.values(cycles));
let seed = 12345;
const rnd = (): number => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
const a = [0, 1, 2, 3].map(() => Uint32Array.from({ length: maxN }, rnd));
const b = [0, 1, 2, 3].map(() => Uint32Array.from({ length: maxN }, rnd));
const clear = Uint32Array.from({ length: maxN }, (_, i) => (i % 100_003 === 100_002 ? 1 : 0));

async function measure(
  backend: BackendName,
  internals = true,
): Promise<{ cycles_per_s: number; start_s: number; cycles: number }> {
  const n = cycles[backend];
  const stim: Record<string, Uint32Array> = { clear: clear.subarray(0, n) };
  a.forEach((x, i) => {
    stim[`a${i}`] = x.subarray(0, n);
  });
  b.forEach((x, j) => {
    stim[`b${j}`] = x.subarray(0, n);
  });
  const t0 = performance.now();
  const sim = await simulate(design, { backend, internals, log: (m) => console.log(`  ${m}`) });
  const t1 = performance.now();
  const r = await sim.vectors(stim);
  const t2 = performance.now();
  await sim.close();
  const want = macArrayModel(
    4,
    4,
    a.map((x) => x.subarray(0, n)),
    b.map((x) => x.subarray(0, n)),
    clear.subarray(0, n),
  );
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      if (r.raw(`acc_${i}_${j}`)[n - 1] !== want[i * 4 + j])
        throw new Error(`${backend}: acc_${i}_${j} differs from the model`);
    }
  const res = { cycles_per_s: Math.round(n / ((t2 - t1) / 1000)), start_s: (t1 - t0) / 1000, cycles: n };
  console.log(
    `${backend}${internals ? '' : ' (ports only)'}: ${n} cycles, ${res.cycles_per_s.toLocaleString('en')} cycles/s (start ${res.start_s.toFixed(2)} s), checked against the model`,
  );
  return res;
}

const out: Record<string, unknown> = {
  design: 'MacArray 4x4, 32-bit integer MACs',
  cores: os.availableParallelism(),
  loadavg: os.loadavg()[0],
};
out.builtin_cycles_per_s = (await measure('builtin')).cycles_per_s;
if (hasVerilator()) {
  // The default model (VPI access to internal signals), then the ports-only model vector regressions
  // can ask for with `internals: false`. Each is measured once the build is cached, so its start
  // time is that of a cached re-run.
  await measure('verilator').then((r) => {
    out.verilator_first_start_s = r.start_s;
  });
  const full = await measure('verilator');
  out.verilator_cycles_per_s_with_internals = full.cycles_per_s;
  out.verilator_cached_rebuild_s = full.start_s;
  await measure('verilator', false);
  const ports = await measure('verilator', false);
  out.verilator_cycles_per_s_ports_only = ports.cycles_per_s;
  out.verilator_cycles_per_s = Math.max(full.cycles_per_s, ports.cycles_per_s);
} else console.log('NOTICE: verilator not installed (apt-get install -y verilator): skipped');
if (hasIcarus()) out.icarus_cycles_per_s = (await measure('icarus')).cycles_per_s;
else console.log('NOTICE: iverilog not installed (apt-get install -y iverilog): skipped');

if (process.env.SIM_BENCH_KERNEL !== '0') {
  console.log('TT linear training kernel through AXI, one training step:');
  Object.assign(out, await kernelRows());
}

const targets = { verilator_cycles_per_s: 1_000_000, builtin_cycles_per_s: 100_000 };
for (const [k, min] of Object.entries(targets)) {
  const v = out[k] as number | undefined;
  if (v !== undefined)
    console.log(
      `${k}: ${v.toLocaleString('en')} (target >= ${min.toLocaleString('en')}) ${v >= min ? 'ok' : 'BELOW TARGET'}`,
    );
}
if (out.verilator_cached_rebuild_s !== undefined)
  console.log(`verilator_cached_rebuild_s: ${(out.verilator_cached_rebuild_s as number).toFixed(2)} (target < 1 s)`);
mkdirSync('out/bench', { recursive: true });
writeFileSync('out/bench/sim.json', JSON.stringify(out, null, 2));
console.log('wrote out/bench/sim.json');
