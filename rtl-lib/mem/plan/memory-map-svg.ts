// The plan as an SVG memory map: one band per block primitive kind, x = physical instance (the whole
// band is the device's capacity), y = stage of the schedule, so a tensor is drawn where and when it
// occupies storage and sharing shows as tensors stacked in the same columns at different times.
// Colours: one hue per group, one shade per tensor; a legend lists the groups. Same plan, same bytes.
import type { MemoryPlan, TensorPlacement } from './plan-types.js';
import { formatLive, stageRuns } from './stage-runs.js';

const PLOT_X = 150;
const PLOT_W = 1000;
const STAGE_H = 8;
const BAND_GAP = 44;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => (Math.round(x * 100) / 100).toString();

function groupHue(i: number): number {
  return Math.round((i * 137.508) % 360);
}

export function planToSvg(plan: MemoryPlan): string {
  const groups = [...new Set(plan.tensors.map((t) => t.group))];
  const colour = new Map<string, string>();
  for (const [gi, g] of groups.entries()) {
    const members = plan.tensors.filter((t) => t.group === g);
    members.forEach((t, k) => {
      const light = members.length === 1 ? 50 : 32 + Math.round((36 * k) / (members.length - 1));
      colour.set(t.name, `hsl(${groupHue(gi)},65%,${light}%)`);
    });
  }

  const bands: { kind: string; capacity: number }[] = [
    { kind: 'URAM288', capacity: plan.device.uram288 },
    { kind: 'RAMB36', capacity: plan.device.bram36 },
    { kind: 'RAMB18', capacity: 2 * plan.device.bram36 },
  ];
  const bandH = plan.stages.length * STAGE_H;
  const parts: string[] = [];
  let y = 40;
  for (const band of bands) {
    const pools = plan.pools.filter((p) => p.kind === band.kind);
    const used = pools.reduce((s, p) => s + p.size, 0);
    const scale = PLOT_W / Math.max(band.capacity, used);
    parts.push(
      `<text x="10" y="${y - 8}" font-size="13" font-weight="bold">${band.kind}: ${used} of ${band.capacity} used</text>`,
    );
    parts.push(
      `<rect x="${PLOT_X}" y="${y}" width="${n(band.capacity * scale)}" height="${bandH}" fill="#f3f3f3" stroke="#999"/>`,
    );
    plan.stages.forEach((s, i) => {
      parts.push(
        `<text x="${PLOT_X - 4}" y="${y + i * STAGE_H + STAGE_H - 1}" font-size="7" text-anchor="end">${esc(s)}</text>`,
      );
    });
    let base = 0;
    for (const pool of pools) {
      const x0 = PLOT_X + base * scale;
      parts.push(
        `<line x1="${n(x0)}" y1="${y + bandH}" x2="${n(x0)}" y2="${y + bandH + 6}" stroke="#333"/>`,
        `<text x="${n(x0 + 2)}" y="${y + bandH + 14}" font-size="9">${esc(pool.key)}: ${pool.size}</text>`,
      );
      for (const t of plan.tensors.filter((x) => x.pool === pool.key))
        parts.push(...tensorRects(plan, t, x0, y, scale, colour.get(t.name)!));
      base += pool.size;
    }
    y += bandH + BAND_GAP;
  }

  // Legend: one swatch per group.
  const legendY = y;
  groups.forEach((g, i) => {
    const lx = 10 + (i % 4) * 290;
    const ly = legendY + Math.floor(i / 4) * 18;
    const count = plan.tensors.filter((t) => t.group === g).length;
    parts.push(
      `<rect x="${lx}" y="${ly}" width="12" height="12" fill="hsl(${groupHue(i)},65%,50%)"/>`,
      `<text x="${lx + 16}" y="${ly + 10}" font-size="11">${esc(g)} (${count} tensors, one shade each)</text>`,
    );
  });
  const height = legendY + Math.ceil(groups.length / 4) * 18 + 10;
  const width = PLOT_X + PLOT_W + 20;
  const t = plan.totals;
  const title =
    `${plan.design}: ${t.bram36} BRAM36 (${t.bramPct.toFixed(1)}%), ${t.uram288} URAM288 (${t.uramPct.toFixed(1)}%), ` +
    `${t.mib.toFixed(2)} MiB of ${plan.device.name}`;
  return `${[
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="18" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...parts,
    '</svg>',
  ].join('\n')}\n`;
}

function tensorRects(
  plan: MemoryPlan,
  t: TensorPlacement,
  x0: number,
  y: number,
  scale: number,
  fill: string,
): string[] {
  const tip = `<title>${esc(
    `${t.name} [${t.group}]: ${t.count} x ${t.pool}, slots ${t.offset}..${t.offset + t.count - 1}, ` +
      `fill ${(100 * t.fill).toFixed(1)}%, live ${formatLive(plan.stages, t.live)}`,
  )}</title>`;
  // A white outline separates neighbours, but would wash out blocks narrower than a few pixels.
  const outline = t.count * scale >= 3 ? ' stroke="white" stroke-width="0.3"' : '';
  return stageRuns(plan.stages, t.live).map(
    ([a, b]) =>
      `<rect x="${n(x0 + t.offset * scale)}" y="${y + a * STAGE_H}" width="${n(t.count * scale)}" height="${(b - a + 1) * STAGE_H}" ` +
      `fill="${fill}"${outline}>${tip}</rect>`,
  );
}
