// The plan as a Markdown report: totals against the device, per group, per pool and per tensor.
import type { MemoryPlan } from './plan-types.js';
import { formatLive } from './stage-runs.js';

const f = (x: number, d = 2) => x.toFixed(d);
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

export function planToMarkdown(plan: MemoryPlan): string {
  const t = plan.totals;
  const p = plan.policy;
  const out: string[] = [];
  out.push(`# Memory plan: ${plan.design}`, '');
  out.push(
    `Device: ${plan.device.name}, ${plan.device.bram36} BRAM36 and ${plan.device.uram288} URAM288. ` +
      `Fits: **${t.fits ? 'yes' : 'NO'}**.`,
    '',
  );
  out.push(
    `Policy: registers up to ${p.registerMaxBits} b per bank, LUTRAM up to ${p.distributedMaxBits} b, ` +
      (p.blockRule === 'threshold' ? `URAM from ${p.uramMinBits} b per bank, else BRAM` : 'cheapest of URAM and BRAM') +
      `; RAMB18 ${p.useRamb18 ? 'allowed' : 'not used'}; packing ${p.packing ? 'on' : 'off'}; lifetime sharing ${p.share ? 'on' : 'off'}.`,
    '',
  );
  for (const note of plan.notes) out.push(`Note: ${note}.`, '');
  out.push('## Totals', '');
  out.push(
    row(['', 'used', 'without sharing', 'device', '% of device', 'MiB']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
  );
  out.push(
    row([
      `BRAM36 (${t.ramb36} RAMB36 + ${t.ramb18} RAMB18)`,
      t.bram36,
      t.bram36Unshared,
      plan.device.bram36,
      f(t.bramPct, 1),
      f(t.bramMiB, 3),
    ]),
  );
  out.push(row(['URAM288', t.uram288, t.uram288Unshared, plan.device.uram288, f(t.uramPct, 1), f(t.uramMiB, 3)]));
  out.push(row(['block RAM total', '', '', '', f(t.totalPct, 1), f(t.mib, 3)]), '');
  out.push(
    `Data: ${f(t.dataMiB, 3)} MiB in ${plan.tensors.length} tensors; the most live at once is ${f(t.peakLiveMiB, 3)} MiB ` +
      `(stage ${t.peakStage}). Fabric: about ${t.luts} LUTs of LUTRAM and ${t.ffs} flip-flops.`,
    '',
  );
  out.push('## Per group (before sharing)', '');
  out.push(row(['group', 'tensors', 'data MiB', 'BRAM36', 'URAM288']), row(['---', '---:', '---:', '---:', '---:']));
  for (const g of plan.groups) out.push(row([g.group, g.tensors, f(g.dataMiB, 4), g.bram36, g.uram288]));
  out.push('', '## Pools of identically configured primitives', '');
  out.push(row(['pool', 'instances', 'without sharing', 'tensors']), row(['---', '---:', '---:', '---:']));
  for (const q of plan.pools) out.push(row([q.key, q.size, q.demand, q.tensors]));
  out.push('', '## Per tensor', '');
  out.push(
    row([
      'tensor',
      'group',
      'shape',
      'words x bits',
      'primitive',
      'banks x cascade x columns',
      'count',
      'fill %',
      'slots',
      'live',
      'choice',
    ]),
    row(['---', '---', '---', '---:', '---', '---:', '---:', '---:', '---:', '---', '---']),
  );
  for (const x of plan.tensors) {
    const prim = x.aspect
      ? `${x.kind} ${x.aspect.depth}x${x.aspect.width}${x.pack > 1 ? ` (${x.pack}/row)` : ''}`
      : x.kind;
    const slots = x.pool ? `${x.offset}..${x.offset + x.count - 1}` : '';
    out.push(
      row([
        x.name,
        x.group,
        x.shape ? x.shape.join('x') : '',
        `${x.words} x ${x.width}`,
        prim,
        `${x.banks} x ${x.cascade} x ${x.columns}`,
        x.pool ? x.count : x.kind === 'LUTRAM' ? `${x.luts} LUT` : `${x.ffs} FF`,
        f(100 * x.fill, 1),
        slots,
        formatLive(plan.stages, x.live),
        x.reason,
      ]),
    );
  }
  return `${out.join('\n')}\n`;
}
