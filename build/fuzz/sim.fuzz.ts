// npm run fuzz sim: the long differential campaign. Many random netlists on builtin vs Icarus, and
// a number of larger ones on all three back ends. Writes out/fuzz/sim.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { runCampaign } from '../../sim/fuzz/campaign.js';
import { hasIcarus, hasVerilator } from '../../sim/tools.js';

const icarusRuns = Number(process.env.SIM_FUZZ_RUNS ?? 200);
const verilatorRuns = Number(process.env.SIM_FUZZ_VERILATOR_RUNS ?? 6);
const seed = Number(process.env.SIM_FUZZ_SEED ?? Date.now() % 100000);
const results: Record<string, unknown> = { seed };
const t0 = performance.now();
console.log(`sim fuzz: seed ${seed} (set SIM_FUZZ_SEED to replay)`);
if (hasIcarus()) {
  const r = await runCampaign({
    backends: ['builtin', 'icarus'],
    runs: icarusRuns,
    steps: 60,
    cycles: 80,
    seed,
    onRun: (i) => {
      if ((i + 1) % 20 === 0) console.log(`  builtin vs icarus: ${i + 1}/${icarusRuns}`);
    },
  });
  results.builtin_vs_icarus = r.runs;
} else console.log('  NOTICE: iverilog missing (apt-get install -y iverilog): skipped');
if (hasIcarus() && hasVerilator()) {
  const r = await runCampaign({
    backends: ['builtin', 'icarus', 'verilator'],
    runs: verilatorRuns,
    steps: 200,
    outputs: 16,
    cycles: 120,
    seed: seed + 1,
    onRun: (i) => console.log(`  all three: ${i + 1}/${verilatorRuns}`),
  });
  results.all_three = r.runs;
} else console.log('  NOTICE: verilator missing (apt-get install -y verilator): skipped');
results.seconds = (performance.now() - t0) / 1000;
mkdirSync('out/fuzz', { recursive: true });
writeFileSync('out/fuzz/sim.json', JSON.stringify(results, null, 2));
console.log(JSON.stringify(results));
