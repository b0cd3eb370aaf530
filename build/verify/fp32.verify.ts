// The fp32 units in RTL against the bit-level model at scale: per unit, the edge-case set plus 100k
// random operand sets through Verilator in the default configuration and combinational, and 10k per
// arithmetic unit through Icarus (pipelined). Every output bit and every out_valid is compared, and the
// exact latency is checked once per design. Writes out/verify/fp32.json.
// Usage: npm run verify fp32   (FP32_VERIFY_N overrides 100k; FP32_VERIFY_UNITS=add,mul limits the units).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fp32 } from '../../rtl-lib/fp/format.js';
import { fpUnits, type UnitName } from '../../rtl-lib/fp/units.js';
import { FpUnitModule } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { defaultCutList } from '../../rtl-lib/fp/hw/fp-unit-defaults.js';
import { edgeSets, randomSets } from '../../rtl-lib/fp/hw/unit-operands.js';
import {
  exactLatency,
  expectedResults,
  modelReference,
  streamVectors,
  type Mismatch,
} from '../../rtl-lib/fp/hw/unit-check.js';
import { simulate } from '../../sim/simulate.js';
import type { BackendName } from '../../sim/backend.js';

const N = Number(process.env.FP32_VERIFY_N ?? 100_000);
const ICARUS_N = 10_000;
const only = process.env.FP32_VERIFY_UNITS?.split(',').filter(Boolean);
const units = fpUnits.filter((u) => !only || only.includes(u.name));
const hex = (x: bigint) => `0x${x.toString(16)}`;

interface RunRecord {
  unit: string;
  backend: BackendName;
  /** Registered cut points. */
  cuts: string[];
  latency: number;
  vectors: number;
  edgeVectors: number;
  mismatches: number;
  validErrors: number;
  latencyOk: boolean;
  firstMismatches: { operands: string[]; got: string; want: string }[];
  simSeconds: number;
  totalSeconds: number;
}

const records: RunRecord[] = [];
const t0 = Date.now();
const outDir = path.resolve('out/verify');
mkdirSync(outDir, { recursive: true });
const write = () => {
  const failures = records.filter((r) => r.mismatches || r.validErrors || !r.latencyOk).length;
  writeFileSync(
    path.join(outDir, 'fp32.json'),
    `${JSON.stringify(
      {
        generated: new Date().toISOString(),
        randomPerRun: N,
        icarusPerRun: ICARUS_N,
        reference: 'bit-level model rtl-lib/fp/model.ts (canonical NaN: bits compared exactly)',
        allBitExact: failures === 0,
        failures,
        runs: records,
        seconds: (Date.now() - t0) / 1000,
      },
      null,
      2,
    )}\n`,
  );
};

async function run(
  unitName: UnitName,
  backend: BackendName,
  stages: number | readonly string[],
  sets: bigint[][],
  wants: bigint[],
  edgeCount: number,
): Promise<void> {
  const t = Date.now();
  const mod = new FpUnitModule(unitName, { stages, format: fp32 });
  const sim = await simulate(mod, { backend, log: (m) => console.log(`  ${m}`) });
  let mismatches = 0;
  let validErrors = 0;
  let checked = 0;
  let simSeconds = 0;
  const first: Mismatch[] = [];
  try {
    // Chunks keep each vector run's command stream modest for the text protocol of Icarus.
    const chunk = backend === 'icarus' ? 5000 : 1 << 17;
    for (let i = 0; i < sets.length; i += chunk) {
      const r = await streamVectors(
        sim,
        unitName,
        fp32,
        mod.latency,
        sets.slice(i, i + chunk),
        wants.slice(i, i + chunk),
        { seed: i + 1 },
      );
      mismatches += r.mismatchCount;
      validErrors += r.validErrors;
      checked += r.checked;
      simSeconds += r.simSeconds;
      for (const m of r.mismatches) if (first.length < 5) first.push({ ...m, index: m.index + i });
    }
    const lat = await exactLatency(sim, unitName, fp32, mod.latency, sets[0]!);
    const latencyOk = lat.seenAfter === mod.latency && lat.y === lat.want;
    records.push({
      unit: unitName,
      backend,
      cuts: [...mod.cuts],
      latency: mod.latency,
      vectors: checked,
      edgeVectors: edgeCount,
      mismatches,
      validErrors,
      latencyOk,
      firstMismatches: first.map((m) => ({ operands: m.operands.map(hex), got: hex(m.got), want: hex(m.want) })),
      simSeconds,
      totalSeconds: (Date.now() - t) / 1000,
    });
    const ok = !mismatches && !validErrors && latencyOk;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${unitName} ${backend} cuts=${mod.cuts.join('+') || 'none'} (latency ${mod.latency}): ${checked} vectors compared, ${mismatches} mismatches, ${validErrors} out_valid errors, latency ${latencyOk ? 'exact' : `WRONG (${lat.seenAfter})`}; sim ${simSeconds.toFixed(1)} s, total ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    if (first[0])
      console.log(
        `     first: ${first[0].operands.map(hex).join(', ')} -> ${hex(first[0].got)}, want ${hex(first[0].want)}`,
      );
  } finally {
    await sim.close();
    write();
  }
}

for (const u of units) {
  const ref = modelReference(u.name, fp32);
  const edges = edgeSets(u.name, fp32, 40_000);
  const sets = [...edges, ...randomSets(u.name, fp32, N, 2024)];
  const tm = Date.now();
  const wants = expectedResults(ref, sets);
  console.log(
    `${u.name}: ${edges.length} edge + ${N} random operand sets, model results in ${((Date.now() - tm) / 1000).toFixed(1)} s`,
  );
  // The default configuration and the combinational one (the same for units without cut points).
  const configs = defaultCutList(u.name).length ? [defaultCutList(u.name), 0] : [0];
  for (const s of configs) await run(u.name, 'verilator', s, sets, wants, edges.length);
  if (['add', 'sub', 'mul', 'mac'].includes(u.name)) {
    // Icarus: half edge cases, half random, at the default depth.
    const k = Math.min(edges.length, ICARUS_N / 2);
    const step = edges.length / k;
    const pick = Array.from({ length: k }, (_, i) => Math.floor(i * step));
    const iSets = [...pick.map((i) => sets[i]!), ...sets.slice(edges.length, edges.length + ICARUS_N - k)];
    const iWants = [...pick.map((i) => wants[i]!), ...wants.slice(edges.length, edges.length + ICARUS_N - k)];
    await run(u.name, 'icarus', defaultCutList(u.name), iSets, iWants, k);
  }
}
write();
const bad = records.filter((r) => r.mismatches || r.validErrors || !r.latencyOk);
console.log(
  `${records.length} runs, ${records.reduce((a, r) => a + r.vectors, 0)} vectors compared, ${bad.length} failing; wrote out/verify/fp32.json (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
);
if (bad.length) process.exitCode = 1;
