// The whole-model kernel's on-chip memory for the paper's configurations (1-3 layers x ranks 10, 20 x
// SGD, Adam), planned from the compiled training program (designs/memory/program-plans.ts): BRAM36 and
// URAM288, MiB, % of the U50, fits, the dense FP32 training memory and the reduction factor against the
// rank-10 targets. Writes out/bench/memplan.json (and .md), each plan's reports under out/bench/memplan/;
// exits 3 when a plan does not fit the U50.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_OPTIMIZER,
  PROGRAM_CASES,
  type ProgramPlanResult,
  REDUCTION_TARGETS,
  caseName,
  planProgramCase,
  writeProgramPlanReports,
} from '../../designs/memory/program-plans.js';
import { PAPER_CLAIMS } from '../../designs/memory/paper-plans.js';
import { DEFAULT_PROGRAM_MEMORY, type ProgramMemoryOptions } from '../../designs/memory/program-memory.js';
import { DEFAULT_POLICY, type PlacementPolicy } from '../../rtl-lib/mem/plan/policy.js';

const r2 = (x: number) => Math.round(x * 100) / 100;
const MIB = 2 ** 20 / 4;

function summary(r: ProgramPlanResult) {
  const t = r.plan.totals;
  const target = r.case.rank === 10 ? REDUCTION_TARGETS[r.case.layers] : undefined;
  return {
    name: caseName(r.case),
    ...r.case,
    bram36: t.bram36,
    uram288: t.uram288,
    mib: { bram: r2(t.bramMiB), uram: r2(t.uramMiB), total: r2(t.mib), data: r2(t.dataMiB) },
    pctOfU50: { bram: r2(t.bramPct), uram: r2(t.uramPct), total: r2(t.totalPct) },
    fits: t.fits,
    memories: Object.fromEntries(Object.entries(r.memory.words).map(([k, w]) => [k, { words: w, mib: r2(w / MIB) }])),
    dense: {
      modelMB: r2(r.dense.modelMB),
      params: r.dense.params,
      activations: r.dense.activations,
      totalMiB: r2(r.dense.totalMiB),
      MiB: Object.fromEntries(Object.entries(r.dense.bytes).map(([k, v]) => [k, r2(v / 2 ** 20)])),
    },
    reduction: r2(r.reduction),
    ffn: r.ffn,
    ...(target !== undefined ? { target, meetsTarget: r.reduction >= target } : {}),
  };
}

const outDir = path.join('out', 'bench');
const planDir = path.join(outDir, 'memplan');
mkdirSync(planDir, { recursive: true });

const t0 = Date.now();
const cases = PROGRAM_CASES.map((c, i) => {
  const r = planProgramCase(c);
  writeProgramPlanReports(r, planDir, caseName(c));
  const s = summary(r);
  console.log(
    `[${i + 1}/${PROGRAM_CASES.length}] ${s.name.padEnd(12)} BRAM36 ${String(s.bram36).padStart(6)} (${s.pctOfU50.bram}%)  ` +
      `URAM ${String(s.uram288).padStart(4)} (${s.pctOfU50.uram}%)  ${s.mib.total} MiB  dense ${s.dense.totalMiB} MiB  ` +
      `x${s.reduction}${s.target !== undefined ? ` (target ${s.target}x)` : ''}${s.fits ? '' : '  DOES NOT FIT'}`,
  );
  return s;
});

// How the largest case and the 3-layer rank-10 case react to the organisation's knobs.
const variants: { label: string; options: ProgramMemoryOptions; policy: PlacementPolicy }[] = [
  { label: 'default', options: DEFAULT_PROGRAM_MEMORY, policy: DEFAULT_POLICY },
  { label: 'lane memory 2 copies', options: { ...DEFAULT_PROGRAM_MEMORY, copies: 2 }, policy: DEFAULT_POLICY },
  { label: 'lane memory 3 copies', options: { ...DEFAULT_PROGRAM_MEMORY, copies: 3 }, policy: DEFAULT_POLICY },
  { label: 'streams 8 words/cycle', options: { ...DEFAULT_PROGRAM_MEMORY, streamLanes: 8 }, policy: DEFAULT_POLICY },
  { label: 'streams 32 words/cycle', options: { ...DEFAULT_PROGRAM_MEMORY, streamLanes: 32 }, policy: DEFAULT_POLICY },
  { label: 'planes all in URAM', options: { ...DEFAULT_PROGRAM_MEMORY, planeBram36: 0 }, policy: DEFAULT_POLICY },
  { label: 'cheapest rule', options: DEFAULT_PROGRAM_MEMORY, policy: { ...DEFAULT_POLICY, blockRule: 'cheapest' } },
];
const sensitivity = [
  { layers: 3, rank: 20, optimizer: DEFAULT_OPTIMIZER },
  { layers: 3, rank: 10, optimizer: DEFAULT_OPTIMIZER },
].flatMap((c) =>
  variants.map((v) => {
    const s = summary(planProgramCase(c, v.options, v.policy));
    console.log(
      `  ${s.name} ${v.label.padEnd(24)} BRAM36 ${String(s.bram36).padStart(6)}  URAM ${String(s.uram288).padStart(4)}  ` +
        `${s.mib.total} MiB  x${s.reduction}${s.fits ? '' : '  DOES NOT FIT'}`,
    );
    return {
      case: s.name,
      variant: v.label,
      bram36: s.bram36,
      uram288: s.uram288,
      mib: s.mib.total,
      fits: s.fits,
      reduction: s.reduction,
    };
  }),
);

const result = {
  bench: 'memplan',
  source: 'compiled training program at maxTokens, lifetime reuse (designs/memory/program-plans.ts)',
  organisation: DEFAULT_PROGRAM_MEMORY,
  policy: DEFAULT_POLICY,
  defaultOptimizer: DEFAULT_OPTIMIZER,
  reductionFormula:
    'dense FP32 training MiB (dense parameters + as many gradients + optimizer buffers per parameter + saved activations, dense-reference.ts) / MiB of BRAM36 and URAM288 the plan allocates',
  targets: REDUCTION_TARGETS,
  paper: PAPER_CLAIMS,
  cases,
  sensitivity,
  seconds: (Date.now() - t0) / 1000,
};
writeFileSync(path.join(outDir, 'memplan.json'), `${JSON.stringify(result, null, 2)}\n`);
const table = [
  '| config | BRAM36 | URAM288 | MiB (BRAM + URAM) | % of U50 | lane memory MiB | dense FP32 MiB | reduction | target |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...cases.map(
    (c) =>
      `| ${c.name} | ${c.bram36} | ${c.uram288} | ${c.mib.total} (${c.mib.bram} + ${c.mib.uram}) | ${c.pctOfU50.total} | ` +
      `${c.memories.lane!.mib} | ${c.dense.totalMiB} | ${c.reduction} | ${c.target ?? ''} |`,
  ),
];
writeFileSync(path.join(outDir, 'memplan.md'), `${table.join('\n')}\n`);
console.log(
  `wrote ${path.join(outDir, 'memplan.json')} and ${cases.length} plans under ${planDir} (${result.seconds.toFixed(1)} s)`,
);
const unfit = cases.filter((c) => !c.fits).map((c) => c.name);
if (unfit.length) {
  console.log(`DOES NOT FIT the U50: ${unfit.join(', ')}`);
  process.exitCode = 3;
}
