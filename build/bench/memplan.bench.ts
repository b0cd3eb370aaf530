// Memory plans of the paper's configurations (1-3 layers x ranks 10, 20 x SGD, Adam): BRAM36 and URAM288
// used, MiB, % of the U50, the dense FP32 training memory and the reduction factors. Writes
// out/bench/memplan.json, and each plan's JSON/Markdown/SVG under out/bench/memplan/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PAPER_CASES, PAPER_CLAIMS, planPaperCase, type PaperPlanResult } from '../../designs/memory/paper-plans.js';
import type { InventoryOptions } from '../../designs/memory/transformer-inventory.js';
import { DEFAULT_INVENTORY } from '../../designs/memory/transformer-inventory.js';
import { DEFAULT_POLICY, type PlacementPolicy } from '../../rtl-lib/mem/plan/policy.js';
import { writePlanReports } from '../../rtl-lib/mem/plan/report-files.js';

const r2 = (x: number) => Math.round(x * 100) / 100;

function summary(r: PaperPlanResult) {
  const t = r.plan.totals;
  return {
    name: r.plan.design,
    ...r.case,
    bram36: t.bram36,
    uram288: t.uram288,
    bram36Unshared: t.bram36Unshared,
    uram288Unshared: t.uram288Unshared,
    mib: {
      bram: r2(t.bramMiB),
      uram: r2(t.uramMiB),
      total: r2(t.mib),
      data: r2(t.dataMiB),
      peakLive: r2(t.peakLiveMiB),
    },
    pctOfU50: { bram: r2(t.bramPct), uram: r2(t.uramPct), total: r2(t.totalPct) },
    fits: t.fits,
    notes: r.plan.notes,
    tensors: r.plan.tensors.length,
    dense: {
      modelMB: r2(r.dense.modelMB),
      params: r.dense.params,
      totalMiB: r2(r.dense.totalMiB),
      MiB: Object.fromEntries(Object.entries(r.dense.bytes).map(([k, v]) => [k, r2(v / 2 ** 20)])),
    },
    compressedMiB: r2(r.compressedMiB),
    reductionVsPlan: r2(r.reductionVsPlan),
    reductionVsData: r2(r.reductionVsData),
  };
}

const outDir = path.join('out', 'bench');
const planDir = path.join(outDir, 'memplan');
mkdirSync(planDir, { recursive: true });

const t0 = Date.now();
const cases = PAPER_CASES.map((c, i) => {
  const r = planPaperCase(c);
  writePlanReports(r.plan, planDir, r.plan.design);
  const s = summary(r);
  console.log(
    `[${i + 1}/${PAPER_CASES.length}] ${s.name.padEnd(12)} BRAM36 ${String(s.bram36).padStart(6)} (${s.pctOfU50.bram}%)  ` +
      `URAM ${String(s.uram288).padStart(4)} (${s.pctOfU50.uram}%)  ${s.mib.total} MiB  dense ${s.dense.totalMiB} MiB  ` +
      `x${s.reductionVsPlan} vs plan, x${s.reductionVsData} vs data${s.fits ? '' : '  DOES NOT FIT'}`,
  );
  return s;
});

// How the largest case reacts to the main knobs.
const largest = { layers: 3, rank: 20, optimizer: 'adam' as const };
const variants: { label: string; inventory: Partial<InventoryOptions>; policy: PlacementPolicy }[] = [
  { label: 'default', inventory: {}, policy: DEFAULT_POLICY },
  { label: 'no sharing', inventory: {}, policy: { ...DEFAULT_POLICY, share: false } },
  { label: 'no balancing', inventory: {}, policy: { ...DEFAULT_POLICY, balance: false } },
  { label: 'no packing', inventory: {}, policy: { ...DEFAULT_POLICY, packing: false } },
  { label: 'cheapest rule', inventory: {}, policy: { ...DEFAULT_POLICY, blockRule: 'cheapest' } },
  { label: 'update per layer', inventory: { update: 'per-layer' }, policy: DEFAULT_POLICY },
  { label: 'one memory per TT layer', inventory: { coreStorage: 'per-layer' }, policy: DEFAULT_POLICY },
  ...[1, 4, 8, 32].map((lanes) => ({ label: `lanes ${lanes}`, inventory: { lanes }, policy: DEFAULT_POLICY })),
];
const sensitivity = variants.map((v) => {
  const s = summary(planPaperCase(largest, v.inventory, v.policy));
  console.log(
    `  ${s.name} ${v.label.padEnd(24)} BRAM36 ${String(s.bram36).padStart(6)}  URAM ${String(s.uram288).padStart(4)}  ` +
      `${s.mib.total} MiB${s.fits ? '' : '  DOES NOT FIT'}`,
  );
  return {
    variant: v.label,
    bram36: s.bram36,
    uram288: s.uram288,
    mib: s.mib.total,
    fits: s.fits,
    reductionVsPlan: s.reductionVsPlan,
  };
});

const result = {
  bench: 'memplan',
  inventory: DEFAULT_INVENTORY,
  policy: DEFAULT_POLICY,
  paper: PAPER_CLAIMS,
  cases,
  sensitivity: { case: largest, variants: sensitivity },
  seconds: (Date.now() - t0) / 1000,
};
writeFileSync(path.join(outDir, 'memplan.json'), `${JSON.stringify(result, null, 2)}\n`);
const table = [
  '| config | BRAM36 | URAM288 | MiB (BRAM + URAM) | % of U50 | data MiB | peak live MiB | dense FP32 MiB | x vs plan | x vs data |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...cases.map(
    (c) =>
      `| ${c.name} | ${c.bram36} | ${c.uram288} | ${c.mib.total} (${c.mib.bram} + ${c.mib.uram}) | ${c.pctOfU50.total} | ` +
      `${c.mib.data} | ${c.mib.peakLive} | ${c.dense.totalMiB} | ${c.reductionVsPlan} | ${c.reductionVsData} |`,
  ),
];
writeFileSync(path.join(outDir, 'memplan.md'), `${table.join('\n')}\n`);
console.log(
  `wrote ${path.join(outDir, 'memplan.json')} and ${cases.length} plans under ${planDir} (${result.seconds.toFixed(1)} s)`,
);
