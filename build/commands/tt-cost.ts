// ttforge tt-cost: MACs and intermediate words of the bi-directional, sequential and full-reconstruction
// flows (and the searched optimum) of one TT layer, for forward, backward and update.
import { parseArgs } from 'node:util';
import { UserError } from '../../dsl/diagnostics.js';
import { parseEinsum } from '../../dsl/syntax/einsum/index.js';
import { paperConfig, type TTLayerShape, uniformRanks } from '../../designs/transformer/config.js';
import { formatTree, searchContractionOrder } from '../../designs/tt/contraction-order.js';
import { ttCostReport, type TTCostReport } from '../../designs/tt/tt-flows.js';
import { ttLayerDims } from '../../designs/tt/tt-shape.js';
import { planTTLinearTree } from '../../designs/tt/tree-planner.js';
import type { Command } from '../command.js';

const usage = `usage: ttforge tt-cost --layer attn|ffn1|ffn2 [--rank R] [--tokens K] [--json]
       ttforge tt-cost --in 12,8,8 --out 8,8,12 (--rank R | --ranks 1,10,...,1) [--tokens K] [--json]
       ttforge tt-cost --einsum "bk,kn->bn; b=32, k=768, n=768"

Prints, for each flow (bi-directional, sequential core by core, full reconstruction, and the cheapest
contraction orders found by an exact search by MACs and by memory), the MACs and intermediate words of
forward, backward and parameter update (SGD), and the bi-directional ratios.

  --layer   one of the paper's layers (attn: 768 -> 768, ffn1: 768 -> 3072, ffn2: 3072 -> 768)
  --rank    uniform interior TT rank (default 10)
  --ranks   all 2d+1 ranks, comma-separated, starting and ending with 1
  --in/--out  custom mode sizes, comma-separated
  --tokens  tokens per sample K (default 32)
  --json    print the report as JSON
  --einsum  any contraction spec: print the cheapest order by MACs and by memory`;

function intList(name: string, text: string): number[] {
  const xs = text.split(',').map((s) => s.trim());
  if (xs.some((x) => !/^[1-9][0-9]*$/.test(x)))
    throw new UserError(`--${name}: expected comma-separated positive integers, got '${text}'`);
  return xs.map(Number);
}

function positive(name: string, text: string | undefined, dflt: number): number {
  if (text === undefined) return dflt;
  if (!/^[1-9][0-9]*$/.test(text)) throw new UserError(`--${name}: expected a positive integer, got '${text}'`);
  return Number(text);
}

const n = (x: number) => x.toLocaleString('en-US');

export function formatCostReport(name: string, r: TTCostReport): string {
  const d = ttLayerDims(r.shape);
  const lines = [
    `TT layer ${name}: in [${r.shape.inShape}] -> out [${r.shape.outShape}] (${d.M} x ${d.N}), ranks [${r.shape.ranks}], K = ${r.K}`,
    `parameter words: ${n(r.parameterWords)} (cores + bias; dense layer: ${n(r.denseParameterWords)})`,
    '',
    `${'flow'.padEnd(20)} ${'stage'.padEnd(9)} ${'MACs'.padStart(14)} ${'intermediate words'.padStart(19)}`,
  ];
  for (const f of r.flows) {
    for (const stage of ['forward', 'backward', 'update'] as const) {
      const c = f[stage];
      lines.push(
        `${(stage === 'forward' ? f.flow : '').padEnd(20)} ${stage.padEnd(9)} ${n(c.macs).padStart(14)} ${n(c.intermediateWords).padStart(19)}`,
      );
    }
  }
  lines.push('', 'contraction trees (X = input, G1.. = cores) and GEMM steps of their schedules (forward / backward):');
  for (const f of r.flows) {
    const s = planTTLinearTree(r.shape, r.K, f.order);
    lines.push(
      `  ${f.flow.padEnd(20)} ${f.tree.padEnd(40)} ${String(s.forward.length).padStart(5)} / ${s.backward.length}`,
    );
  }
  const q = r.ratios;
  const fmt = (x: number) => x.toFixed(4);
  lines.push('', 'ratios                bi/sequential  bi/full reconstruction');
  lines.push(
    `  forward MACs        ${fmt(q.forwardMacs.biOverSequential).padStart(13)}  ${fmt(q.forwardMacs.biOverFull).padStart(22)}`,
  );
  lines.push(
    `  backward MACs       ${fmt(q.backwardMacs.biOverSequential).padStart(13)}  ${fmt(q.backwardMacs.biOverFull).padStart(22)}`,
  );
  lines.push(
    `  forward words       ${fmt(q.forwardWords.biOverSequential).padStart(13)}  ${fmt(q.forwardWords.biOverFull).padStart(22)}`,
  );
  lines.push(
    `  backward words      ${fmt(q.backwardWords.biOverSequential).padStart(13)}  ${fmt(q.backwardWords.biOverFull).padStart(22)}`,
  );
  return lines.join('\n');
}

function einsumReport(text: string): string {
  const spec = parseEinsum(text, { source: '--einsum' });
  const names = spec.operands.map((o, i) => `#${i}[${o.join('')}]`);
  return (['macs', 'memory'] as const)
    .map((o) => {
      const r = searchContractionOrder(spec, o);
      return `best by ${o === 'macs' ? 'MACs' : 'memory'}: ${formatTree(r.tree, names)}  MACs ${n(r.cost.macs)}, intermediate words ${n(r.cost.intermediateWords)} (peak ${n(r.cost.peakWords)})`;
    })
    .join('\n');
}

export const command: Command = {
  name: 'tt-cost',
  summary: 'Compare the TT contraction flows of a layer: MACs and intermediate words',
  usage,
  async run(argv) {
    // biome-ignore lint/suspicious/noImplicitAnyLet: the type is parseArgs' own, inferred from its options inside the try
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: {
          layer: { type: 'string' },
          rank: { type: 'string' },
          ranks: { type: 'string' },
          tokens: { type: 'string' },
          in: { type: 'string' },
          out: { type: 'string' },
          json: { type: 'boolean' },
          einsum: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      });
    } catch (e) {
      throw new UserError(`${(e as Error).message}\n\n${usage}`);
    }
    const v = parsed.values;
    if (v.einsum !== undefined) {
      console.log(einsumReport(v.einsum));
      return 0;
    }
    const rank = positive('rank', v.rank, 10);
    const K = positive('tokens', v.tokens, 32);
    let shape: TTLayerShape;
    let name: string;
    if (v.layer !== undefined) {
      if (v.in !== undefined || v.out !== undefined) throw new UserError('give either --layer or --in/--out, not both');
      const cfg = paperConfig({ rank });
      if (v.layer !== 'attn' && v.layer !== 'ffn1' && v.layer !== 'ffn2')
        throw new UserError(`--layer: expected attn, ffn1 or ffn2, got '${v.layer}'`);
      shape = cfg[v.layer];
      name = v.layer;
    } else if (v.in !== undefined && v.out !== undefined) {
      const inShape = intList('in', v.in);
      const outShape = intList('out', v.out);
      const cores = inShape.length + outShape.length;
      shape = {
        inShape,
        outShape,
        ranks: v.ranks !== undefined ? intList('ranks', v.ranks) : uniformRanks(cores, rank),
      };
      name = 'custom';
    } else {
      throw new UserError(`give --layer, or both --in and --out, or --einsum\n\n${usage}`);
    }
    if (v.ranks !== undefined && v.layer !== undefined) shape = { ...shape, ranks: intList('ranks', v.ranks) };
    try {
      ttLayerDims(shape);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    const report = ttCostReport(shape, K);
    console.log(
      v.json
        ? JSON.stringify({ ...report, flows: report.flows.map(({ order: _order, ...f }) => f) }, null, 2)
        : formatCostReport(name, report),
    );
    return 0;
  },
};
