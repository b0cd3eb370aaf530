// Where each region of a training program lives and when: a Markdown table (memory, address, words,
// live stages) and an SVG map of the lane memory (x: word address, y: instruction index; one block per
// region from its first to its last instruction, so reuse shows as blocks stacked in the same columns).
import type { ProgramMemory, RegionPlacement } from './program-memory.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function regionsToMarkdown(m: ProgramMemory): string {
  const mib = (w: number) => ((w * 4) / 2 ** 20).toFixed(3);
  const lines = [
    `# ${m.design.name}: regions of the training program`,
    '',
    `Lane memory: ${m.words.lane} words (${mib(m.words.lane)} MiB) in ${m.banks} Fermat banks x ${m.options.copies} ` +
      `cop${m.options.copies === 1 ? 'y' : 'ies'}, ${m.options.lanes} lanes; stream memories ${m.options.streamLanes} words per cycle.`,
    '',
    '| memory | words | MiB |',
    '| --- | ---: | ---: |',
    ...Object.entries(m.words).map(([k, w]) => `| ${k} | ${w} | ${mib(w)} |`),
    '',
    '| region | role | memory | address | words | live from | to | instructions |',
    '| --- | --- | --- | ---: | ---: | --- | --- | --- |',
    ...m.regions.map(
      (r) =>
        `| ${r.name} | ${r.role} | ${r.memory} | ${r.address} | ${r.words} | ${r.from} | ${r.to} | ${r.first}..${r.last} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

const HUES: Record<string, number> = { activation: 210, scratch: 30, host: 120 };

export function regionsToSvg(m: ProgramMemory): string {
  const W = 1000,
    H = 600,
    left = 150,
    top = 30;
  const lane = m.regions.filter((r) => r.memory === 'lane');
  const n = Math.max(1, ...lane.map((r) => r.last + 2));
  const words = Math.max(1, m.words.lane);
  const x = (a: number) => left + (a / words) * (W - left - 10);
  const y = (i: number) => top + ((i + 1) / n) * (H - top - 10);
  const block = (r: RegionPlacement, k: number) => {
    const hue = HUES[r.role] ?? 0;
    const light = 40 + (k % 5) * 8;
    const h = Math.max(1, y(r.last + 1) - y(r.first));
    return (
      `<rect x="${x(r.address).toFixed(2)}" y="${y(r.first).toFixed(2)}" width="${Math.max(0.5, x(r.address + r.words) - x(r.address)).toFixed(2)}" ` +
      `height="${h.toFixed(2)}" fill="hsl(${hue},60%,${light}%)"><title>${esc(r.name)}: ${r.words} words at ${r.address}, ` +
      `instructions ${r.first}..${r.last} (${esc(r.from)} to ${esc(r.to)})</title></rect>`
    );
  };
  const stageLines: string[] = [];
  for (const { name, start: i } of m.stageStarts)
    stageLines.push(
      `<line x1="${left}" x2="${W - 10}" y1="${y(i).toFixed(2)}" y2="${y(i).toFixed(2)}" stroke="#999" stroke-width="0.5"/>` +
        `<text x="${left - 4}" y="${(y(i) + 4).toFixed(2)}" font-size="10" text-anchor="end">${esc(name)}</text>`,
    );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<text x="${left}" y="18" font-size="13">${esc(m.design.name)}: lane memory, ${words} words (x: address, y: instruction; blue activations, orange scratch, green labels)</text>`,
    ...lane.map(block),
    ...stageLines,
    '</svg>',
    '',
  ].join('\n');
}
