// One SVG of several training runs side by side (issue #20: the seeds of the ATIS bench): left, the
// training loss per epoch; right, dev (solid) and test (dashed) intent accuracy per epoch; one colour a run.
import { ticks } from './loss-curve-svg.js';

export interface SeedCurve {
  label: string;
  /** Per epoch, in order: mean training loss, dev and test intent accuracy (0..1). */
  epochs: { epoch: number; trainLoss: number; devIntent: number; testIntent: number }[];
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
  x1: number;
  ylo: number;
  yhi: number;
}

const px = (p: Panel, x: number) => p.x + ((x - 0) / (p.x1 - 0)) * p.w;
const py = (p: Panel, y: number) => p.y + p.h - ((y - p.ylo) / (p.yhi - p.ylo)) * p.h;

function frame(p: Panel, yLabel: string, yFmt: (v: number) => string): string[] {
  const out: string[] = [];
  for (const v of ticks(p.ylo, p.yhi)) {
    out.push(
      `<line x1="${p.x}" x2="${p.x + p.w}" y1="${py(p, v).toFixed(1)}" y2="${py(p, v).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${p.x - 6}" y="${(py(p, v) + 4).toFixed(1)}" text-anchor="end">${yFmt(v)}</text>`,
    );
  }
  for (const v of ticks(0, p.x1)) {
    if (v !== Math.round(v)) continue;
    out.push(`<text x="${px(p, v).toFixed(1)}" y="${p.y + p.h + 18}" text-anchor="middle">${v}</text>`);
  }
  out.push(
    `<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="none" stroke="black"/>`,
    `<text x="${p.x + p.w / 2}" y="${p.y + p.h + 36}" text-anchor="middle">epoch</text>`,
    `<text transform="translate(${p.x - 46} ${p.y + p.h / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  return out;
}

function line(p: Panel, pts: [number, number][], colour: string, dashed: boolean): string {
  const d = pts
    .filter(([, y]) => Number.isFinite(y))
    .map(([x, y]) => `${px(p, x).toFixed(1)},${py(p, Math.max(p.ylo, Math.min(p.yhi, y))).toFixed(1)}`)
    .join(' ');
  return `<polyline points="${d}" fill="none" stroke="${colour}" stroke-width="1.5"${dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
}

export function seedCurvesSvg(runs: readonly SeedCurve[], title: string, target?: number): string {
  const W = 1000,
    H = 440;
  const x1 = Math.max(1, ...runs.flatMap((r) => r.epochs.map((e) => e.epoch)));
  const losses = runs.flatMap((r) => r.epochs.map((e) => e.trainLoss)).filter(Number.isFinite);
  const accs = runs.flatMap((r) => r.epochs.flatMap((e) => [e.devIntent, e.testIntent])).filter(Number.isFinite);
  const left: Panel = {
    x: 70,
    y: 50,
    w: 370,
    h: 300,
    x1,
    ylo: 0,
    yhi: (losses.length ? Math.max(...losses) : 1) * 1.05,
  };
  const accLo = accs.length ? Math.max(0, Math.floor(Math.min(...accs) * 50) / 50) : 0;
  const right: Panel = { x: 570, y: 50, w: 370, h: 300, x1, ylo: accLo, yhi: 1 };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    ...frame(left, 'mean training loss', (v) => v.toFixed(2)),
    ...frame(right, 'intent accuracy (dev solid, test dashed)', (v) => `${(100 * v).toFixed(0)}%`),
  ];
  if (target !== undefined && target > right.ylo) {
    const y = py(right, target).toFixed(1);
    parts.push(
      `<line x1="${right.x}" x2="${right.x + right.w}" y1="${y}" y2="${y}" stroke="#999" stroke-dasharray="2 4"/>`,
      `<text x="${right.x + right.w - 4}" y="${Number(y) - 4}" text-anchor="end" fill="#666">target ${(100 * target).toFixed(0)}%</text>`,
    );
  }
  runs.forEach((r, i) => {
    const c = COLOURS[i % COLOURS.length]!;
    parts.push(
      line(
        left,
        r.epochs.map((e) => [e.epoch, e.trainLoss]),
        c,
        false,
      ),
      line(
        right,
        r.epochs.map((e) => [e.epoch, e.devIntent]),
        c,
        false,
      ),
      line(
        right,
        r.epochs.map((e) => [e.epoch, e.testIntent]),
        c,
        true,
      ),
      `<line x1="${70 + i * 120}" x2="${95 + i * 120}" y1="${H - 22}" y2="${H - 22}" stroke="${c}" stroke-width="2"/>`,
      `<text x="${100 + i * 120}" y="${H - 18}">${esc(r.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
