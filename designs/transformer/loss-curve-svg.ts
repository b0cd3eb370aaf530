// A self-contained SVG line chart of the training loss (x: training step, y: mean loss per chunk),
// with dashed lines at epoch boundaries. No plotting dependency.

export interface LossCurveOptions {
  title: string;
  /** Steps at which epochs end. */
  epochEnds?: number[];
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (x: number) =>
  x === 0 ? '0' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2);

/** "Nice" tick values covering [lo, hi]. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function lossCurveSvg(points: readonly { step: number; loss: number }[], opts: LossCurveOptions): string {
  const W = opts.width ?? 720,
    H = opts.height ?? 400;
  const m = { l: 60, r: 20, t: 40, b: 50 };
  const pw = W - m.l - m.r,
    ph = H - m.t - m.b;
  const xs = points.map((p) => p.step),
    ys = points.map((p) => p.loss).filter(Number.isFinite);
  const x0 = 0,
    x1 = Math.max(1, ...xs);
  const y0 = 0,
    y1 = ys.length ? Math.max(...ys) * 1.05 : 1;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => m.t + ph - ((y - y0) / (y1 - y0)) * ph;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${esc(opts.title)}</text>`,
  ];
  for (const v of ticks(y0, y1)) {
    parts.push(
      `<line x1="${m.l}" x2="${m.l + pw}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${m.l - 6}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  for (const v of ticks(x0, x1)) {
    parts.push(`<text x="${sx(v).toFixed(1)}" y="${m.t + ph + 18}" text-anchor="middle">${fmt(v)}</text>`);
  }
  for (const e of opts.epochEnds ?? []) {
    parts.push(
      `<line x1="${sx(e).toFixed(1)}" x2="${sx(e).toFixed(1)}" y1="${m.t}" y2="${m.t + ph}" stroke="#999" stroke-dasharray="4 4"/>`,
    );
  }
  parts.push(
    `<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="black"/>`,
    `<text x="${m.l + pw / 2}" y="${H - 12}" text-anchor="middle">training step (sample)</text>`,
    `<text transform="translate(16 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">loss (intent CE + mean slot CE)</text>`,
  );
  const finite = points.filter((p) => Number.isFinite(p.loss));
  if (finite.length) {
    const d = finite.map((p) => `${sx(p.step).toFixed(1)},${sy(p.loss).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${d}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
