// Synthesis of the memory primitives and of planner-generated memory subsystems with Yosys
// (`synth_xilinx -family xcup`): every configuration of the RAM matrix against the primitives the
// planner's layout rule expects, and paper-sized subsystems against the planner's totals.
// Writes out/bench/mem-synth.json. Paper plans: TTFORGE_MEMSYNTH_PLANS (comma-separated case names
// such as L3-r20-adam, or 'all'; default L1-r10-sgd, about 5 minutes on 2 cores; L3-r20-adam takes
// well over 10). The JSON is rewritten after each step, so a long run leaves its partial results.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../dsl/index.js';
import { PAPER_CASES, planPaperCase } from '../../designs/memory/paper-plans.js';
import { SYNTH_MATRIX } from '../../rtl-lib/mem/synth-matrix.js';
import { expectedPrimitives, primitiveMismatches } from '../../rtl-lib/mem/ram-expectations.js';
import { describeRam, resolveRamConfig } from '../../rtl-lib/mem/ram-config.js';
import { SimpleDualPortRam, SinglePortRam, TrueDualPortRam } from '../../rtl-lib/mem/ram.js';
import { MemorySubsystem } from '../../rtl-lib/mem/subsystem.js';
import { synthesizeDesign, synthesizeEach } from '../tools/synth-design.js';

const outDir = path.join('out', 'bench');
mkdirSync(outDir, { recursive: true });
const outFile = path.join(outDir, 'mem-synth.json');
const save = (data: object) =>
  writeFileSync(
    outFile,
    `${JSON.stringify({ yosys: 'synth_xilinx -family xcup -flatten -noiopad', ...data }, null, 2)}\n`,
  );

// ---- the RAM matrix ---------------------------------------------------------------------------
const t0 = Date.now();
console.log(`mem-synth: ${SYNTH_MATRIX.length} RAM configurations through one Yosys process...`);
const build = (c: (typeof SYNTH_MATRIX)[number]) =>
  c.ports === 'sp'
    ? new SinglePortRam(c.cfg)
    : c.ports === 'sdp'
      ? new SimpleDualPortRam(c.cfg)
      : new TrueDualPortRam(c.cfg);
const counts = await synthesizeEach(
  SYNTH_MATRIX.map((c) => ({ name: c.name, design: emitVerilog(elaborate(build(c))) })),
);
const matrix = SYNTH_MATRIX.map((c) => {
  const r = resolveRamConfig(c.cfg);
  const want = expectedPrimitives(c.ports, c.cfg);
  const got = counts.get(c.name)!;
  const problems = primitiveMismatches(want, got, r.depth, r.width);
  console.log(
    `  ${c.name.padEnd(28)} expected ${fmt(want)}  Yosys RAMB36 ${got.ramb36} RAMB18 ${got.ramb18} URAM ${got.uram288} LUTRAM ${got.lutram} FF ${got.ff} LUT ${got.lut}${problems.length ? `  MISMATCH: ${problems.join('; ')}` : ''}`,
  );
  return {
    name: c.name,
    ports: c.ports,
    config: describeRam(r),
    expected: want,
    yosys: {
      ramb36: got.ramb36,
      ramb18: got.ramb18,
      uram288: got.uram288,
      lutram: got.lutram,
      ff: got.ff,
      lut: got.lut,
    },
    match: problems.length === 0,
    problems,
  };
});
const matrixSeconds = (Date.now() - t0) / 1000;
console.log(`  ${matrix.filter((m) => m.match).length}/${matrix.length} match (${matrixSeconds.toFixed(0)} s)`);
save({ matrix, matrixSeconds, subsystems: [] });

function fmt(e: { ramb36: number; ramb18: number; uram288: number; fabric: string | undefined }): string {
  return e.fabric ? e.fabric.padEnd(24) : `RAMB36 ${e.ramb36} RAMB18 ${e.ramb18} URAM ${e.uram288}`.padEnd(24);
}

// ---- planner-generated subsystems -------------------------------------------------------------
const caseName = (c: (typeof PAPER_CASES)[number]) => `L${c.layers}-r${c.rank}-${c.optimizer}`;
const wanted = (process.env.TTFORGE_MEMSYNTH_PLANS ?? 'L1-r10-sgd')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const cases = PAPER_CASES.filter((c) => wanted.includes('all') || wanted.includes(caseName(c)));
const unknown = wanted.filter((w) => w !== 'all' && !PAPER_CASES.some((c) => caseName(c) === w));
if (unknown.length)
  throw new Error(`unknown paper cases: ${unknown.join(', ')} (known: ${PAPER_CASES.map(caseName).join(', ')})`);
const subsystems = [];
for (const [i, c] of cases.entries()) {
  const plan = planPaperCase(c).plan;
  const slots = plan.pools.reduce((a, p) => a + p.size, 0);
  console.log(
    `[${i + 1}/${cases.length}] ${plan.design}: ${slots} primitives in ${plan.pools.length} pools; elaborating and synthesizing...`,
  );
  const t1 = Date.now();
  const design = emitVerilog(
    elaborate(new MemorySubsystem(plan, { name: `MemorySubsystem_${plan.design.replace(/-/g, '_')}` })),
  );
  const elabSeconds = (Date.now() - t1) / 1000;
  const got = await synthesizeDesign(design, { timeoutMs: 6 * 3600_000 });
  const synthSeconds = (Date.now() - t1) / 1000 - elabSeconds;
  const t = plan.totals;
  const match = got.ramb36 === t.ramb36 && got.ramb18 === t.ramb18 && got.uram288 === t.uram288;
  console.log(
    `  planner RAMB36 ${t.ramb36} RAMB18 ${t.ramb18} URAM ${t.uram288} (${t.bram36} BRAM36)  Yosys RAMB36 ${got.ramb36} RAMB18 ${got.ramb18} URAM ${got.uram288} (${got.bram36} BRAM36)  ${match ? 'EQUAL' : 'DIFFERENT'}  (${elabSeconds.toFixed(0)} s + ${synthSeconds.toFixed(0)} s)`,
  );
  subsystems.push({
    plan: plan.design,
    primitives: slots,
    tensors: plan.tensors.filter((x) => x.pool).length,
    planner: { ramb36: t.ramb36, ramb18: t.ramb18, bram36: t.bram36, uram288: t.uram288 },
    yosys: {
      ramb36: got.ramb36,
      ramb18: got.ramb18,
      bram36: got.bram36,
      uram288: got.uram288,
      lutram: got.lutram,
      lut: got.lut,
      ff: got.ff,
    },
    match,
    seconds: { elaborate: elabSeconds, synthesize: synthSeconds },
  });
  save({ matrix, matrixSeconds, subsystems });
}

console.log(`wrote ${outFile}`);
if (!matrix.every((m) => m.match) || !subsystems.every((s) => s.match)) process.exitCode = 1;
