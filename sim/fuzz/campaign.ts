// A differential fuzzing campaign: random netlists (fast-check recipes, shrunk on failure) through
// the chosen back ends with the same random stimulus; any difference in an output trace fails with
// the first differing cycle. The failing design's Verilog is written out for inspection.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { emitVerilog } from '../../dsl/emit/emit-design.js';
import type { BackendName } from '../backend.js';
import { buildRecipe, recipeArb } from './random-netlist.js';
import { compareTraces, randomStimulus, runTrace, type Trace } from './differential.js';

export interface CampaignOptions {
  backends: BackendName[];
  runs: number;
  steps: number;
  outputs?: number;
  cycles: number;
  seed: number;
  /** Where a failing design is written (default out/fuzz/sim-failure). */
  failureDir?: string;
  onRun?: (i: number) => void;
}

export async function runCampaign(o: CampaignOptions): Promise<{ runs: number }> {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(recipeArb({ steps: o.steps, outputs: o.outputs ?? 8 }), fc.nat(1 << 30), async (recipe, seed) => {
      const design = buildRecipe(recipe, 'Fuzz');
      const stim = randomStimulus(design, o.cycles, seed);
      const traces: Record<string, Trace> = {};
      for (const b of o.backends) traces[b] = await runTrace(design, b, stim);
      runs++;
      o.onRun?.(runs - 1);
      const diff = compareTraces(traces);
      if (diff) {
        const dir = path.resolve(o.failureDir ?? 'out/fuzz/sim-failure');
        mkdirSync(dir, { recursive: true });
        for (const f of emitVerilog(design).files) writeFileSync(path.join(dir, f.name), f.text);
        writeFileSync(
          path.join(dir, 'recipe.json'),
          JSON.stringify(recipe, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 1),
        );
        throw new Error(
          `back ends differ at cycle ${diff.cycle} on '${diff.signal}': ${JSON.stringify(diff.values)} (design in ${dir})`,
        );
      }
    }),
    { numRuns: o.runs, seed: o.seed, endOnFailure: true },
  );
  return { runs };
}
