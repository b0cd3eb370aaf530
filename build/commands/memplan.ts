// `ttforge memplan`: plans the on-chip memory of one training configuration of the tensorized
// transformer and writes the plan as JSON, Markdown and an SVG memory map.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { Command } from '../command.js';
import { UserError } from '../../dsl/diagnostics.js';
import { planPaperCase, PAPER_CLAIMS } from '../../designs/memory/paper-plans.js';
import type { InventoryOptions, Optimizer } from '../../designs/memory/transformer-inventory.js';
import { DEFAULT_POLICY, type PlacementPolicy } from '../../rtl-lib/mem/plan/policy.js';
import { writePlanReports } from '../../rtl-lib/mem/plan/report-files.js';
import { DEFAULT_PROGRAM_MEMORY, type ProgramMemoryOptions } from '../../designs/memory/program-memory.js';
import { caseName, planProgramCase, writeProgramPlanReports } from '../../designs/memory/program-plans.js';

const usage = `usage: ttforge memplan [options]

Plans BRAM36/URAM288 for one training configuration (paper model: d = 768, 32 tokens) and writes
<out>/<name>.json, .md and .svg. By default the plan is the whole-model kernel's memory, from the
compiled training program (docs/memory.md), plus <name>.regions.{json,md,svg}; --inventory plans the
older tensor-inventory estimate instead (the options after --update apply to it only).

options:
  --layers N              encoder layers (default 2)
  --rank R                TT rank of every layer and of the embedding (default 10)
  --optimizer O           sgd | adam (and momentum with --inventory; default adam)
  --copies N              copies of the lane memory (default ${DEFAULT_PROGRAM_MEMORY.copies})
  --stream-lanes N        words per cycle of the parameter/gradient/moment memories (default ${DEFAULT_PROGRAM_MEMORY.streamLanes})
  --plane-bram36 N        BRAM36 those memories may take where BRAM allocates less than URAM (default ${DEFAULT_PROGRAM_MEMORY.planeBram36}; 0: all URAM)
  --inventory             plan the tensor inventory (designs/memory/transformer-inventory.ts) instead
  --update U              end | per-layer: when the parameters are updated (default end)
  --lanes N               elements per cycle read from matrix operands, i.e. banks (default 16)
  --core-storage S        per-core | per-layer: one memory per TT core or per TT layer (default per-core)
  --rule R                threshold | cheapest: how URAM vs BRAM is chosen (default threshold)
  --uram-min-bits B       bank size from which the threshold rule picks URAM (default ${DEFAULT_POLICY.uramMinBits})
  --lutram-max-bits B     banks up to this size go to LUTRAM (default ${DEFAULT_POLICY.distributedMaxBits})
  --no-share              do not share storage between tensors with disjoint lifetimes
  --no-balance            do not lower the URAM threshold when the plan does not fit
  --no-packing            never put two elements in one physical row
  --out DIR               output folder (default out/memplan)
  --quiet                 print only the output paths

Exit status 3 when the plan does not fit the U50.`;

function int(name: string, v: string | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UserError(`memplan: --${name} must be an integer >= ${min}, got '${v}'`);
  return n;
}

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(v))
    throw new UserError(`memplan: --${name} must be one of ${allowed.join(', ')}, got '${v}'`);
  return v as T;
}

export const command: Command = {
  name: 'memplan',
  summary: 'plan BRAM/URAM for a tensorized-transformer training configuration (JSON, Markdown, SVG)',
  usage,
  async run(argv) {
    // biome-ignore lint/suspicious/noImplicitAnyLet: the type is parseArgs' own, inferred from its options inside the try
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: false,
        options: {
          layers: { type: 'string' },
          rank: { type: 'string' },
          optimizer: { type: 'string' },
          update: { type: 'string' },
          lanes: { type: 'string' },
          'core-storage': { type: 'string' },
          rule: { type: 'string' },
          'uram-min-bits': { type: 'string' },
          'lutram-max-bits': { type: 'string' },
          'no-share': { type: 'boolean' },
          'no-balance': { type: 'boolean' },
          'no-packing': { type: 'boolean' },
          out: { type: 'string' },
          quiet: { type: 'boolean' },
          copies: { type: 'string' },
          'stream-lanes': { type: 'string' },
          'plane-bram36': { type: 'string' },
          inventory: { type: 'boolean' },
        },
      });
    } catch (e) {
      throw new UserError(`memplan: ${(e as Error).message}\n\n${usage}`);
    }
    const v = parsed.values;
    const inventory: Partial<InventoryOptions> = {
      update: oneOf('update', v.update, ['end', 'per-layer'] as const, 'end'),
      lanes: int('lanes', v.lanes, 16),
      coreStorage: oneOf('core-storage', v['core-storage'], ['per-core', 'per-layer'] as const, 'per-core'),
    };
    const policy: PlacementPolicy = {
      ...DEFAULT_POLICY,
      blockRule: oneOf('rule', v.rule, ['threshold', 'cheapest'] as const, 'threshold'),
      uramMinBits: int('uram-min-bits', v['uram-min-bits'], DEFAULT_POLICY.uramMinBits, 0),
      distributedMaxBits: int('lutram-max-bits', v['lutram-max-bits'], DEFAULT_POLICY.distributedMaxBits, 0),
      share: !v['no-share'],
      balance: !v['no-balance'],
      packing: !v['no-packing'],
    };
    const out = v.out ?? path.join('out', 'memplan');
    if (!v.inventory) {
      const c = {
        layers: int('layers', v.layers, 2),
        rank: int('rank', v.rank, 10),
        optimizer: oneOf('optimizer', v.optimizer, ['sgd', 'adam'] as const, 'adam'),
      };
      const options: ProgramMemoryOptions = {
        lanes: int('lanes', v.lanes, DEFAULT_PROGRAM_MEMORY.lanes),
        copies: int('copies', v.copies, DEFAULT_PROGRAM_MEMORY.copies),
        streamLanes: int('stream-lanes', v['stream-lanes'], DEFAULT_PROGRAM_MEMORY.streamLanes),
        planeBram36: int('plane-bram36', v['plane-bram36'], DEFAULT_PROGRAM_MEMORY.planeBram36, 0),
      };
      const r = planProgramCase(c, options, policy);
      const files = writeProgramPlanReports(r, out, caseName(c));
      const t = r.plan.totals;
      if (!v.quiet)
        console.log(
          [
            `${caseName(c)}: the whole-model kernel's memory from the compiled training program`,
            ...Object.entries(r.memory.words).map(
              ([k, w]) => `  ${k.padEnd(7)} ${String(w).padStart(8)} words (${((w * 4) / 2 ** 20).toFixed(2)} MiB)`,
            ),
            `  BRAM36  ${String(t.bram36).padStart(7)} of ${r.plan.device.bram36} (${t.bramPct.toFixed(1)}%), ${t.bramMiB.toFixed(2)} MiB`,
            `  URAM288 ${String(t.uram288).padStart(7)} of ${r.plan.device.uram288} (${t.uramPct.toFixed(1)}%), ${t.uramMiB.toFixed(2)} MiB`,
            `  FFN in blocks of ${r.ffn.blockTokens} tokens, ${r.ffn.passes} backward pass(es) (the fastest of the smallest plans)`,
            `  fits the U50: ${t.fits ? 'yes' : 'NO'}${r.plan.notes.length ? ` (${r.plan.notes.join('; ')})` : ''}`,
            `  dense FP32 training memory ${r.dense.totalMiB.toFixed(1)} MiB: ${r.reduction.toFixed(1)}x the planned block RAM ` +
              `(paper: ${PAPER_CLAIMS.reduction[0]}x-${PAPER_CLAIMS.reduction[1]}x)`,
          ].join('\n'),
        );
      for (const f of files) console.log(`wrote ${f}`);
      return t.fits ? 0 : 3;
    }
    const c = {
      layers: int('layers', v.layers, 2),
      rank: int('rank', v.rank, 10),
      optimizer: oneOf<Optimizer>('optimizer', v.optimizer, ['sgd', 'momentum', 'adam'], 'adam'),
    };
    const r = planPaperCase(c, inventory, policy);
    const files = writePlanReports(r.plan, out, r.plan.design);
    const t = r.plan.totals;
    if (!v.quiet) {
      console.log(
        [
          `${r.plan.design}: ${r.plan.tensors.length} tensors, ${t.dataMiB.toFixed(2)} MiB of data (peak live ${t.peakLiveMiB.toFixed(2)} MiB)`,
          `  BRAM36  ${String(t.bram36).padStart(7)} of ${r.plan.device.bram36} (${t.bramPct.toFixed(1)}%), ${t.bramMiB.toFixed(2)} MiB; without sharing ${t.bram36Unshared}`,
          `  URAM288 ${String(t.uram288).padStart(7)} of ${r.plan.device.uram288} (${t.uramPct.toFixed(1)}%), ${t.uramMiB.toFixed(2)} MiB; without sharing ${t.uram288Unshared}`,
          `  fits the U50: ${t.fits ? 'yes' : 'NO'}${r.plan.notes.length ? ` (${r.plan.notes.join('; ')})` : ''}`,
          `  dense FP32 training memory ${r.dense.totalMiB.toFixed(1)} MiB (model ${r.dense.modelMB.toFixed(2)} MB): ` +
            `${r.reductionVsPlan.toFixed(1)}x the planned block RAM, ${r.reductionVsData.toFixed(1)}x the compressed data ` +
            `(paper: ${PAPER_CLAIMS.reduction[0]}x-${PAPER_CLAIMS.reduction[1]}x)`,
        ].join('\n'),
      );
    }
    console.log(`wrote ${files.json}\nwrote ${files.md}\nwrote ${files.svg}`);
    return t.fits ? 0 : 3;
  },
};
