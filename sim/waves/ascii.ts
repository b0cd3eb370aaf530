// ASCII waveforms of chosen signals over a range of cycles: one-bit signals as a line drawing,
// wider ones as hex values printed where they change. Used in failure messages and snapshot tests.
export interface WaveTrace {
  name: string;
  width: number;
  /** Value during each cycle (index = cycle number - first). */
  values: readonly (bigint | undefined)[];
}

export interface AsciiOptions {
  first?: number;
  /** Draws a marker under this cycle. */
  mark?: number | undefined;
}

export function renderAscii(traces: readonly WaveTrace[], opts: AsciiOptions = {}): string {
  const first = opts.first ?? 0;
  const n = Math.max(0, ...traces.map((t) => t.values.length));
  const cell = Math.max(4, ...traces.map((t) => Math.ceil(t.width / 4) + 2), String(first + n - 1).length + 1);
  const label = Math.max(5, ...traces.map((t) => t.name.length));
  const rows: string[] = [];
  let head = `${'cycle'.padEnd(label)} `;
  for (let i = 0; i < n; i++) head += String(first + i).padEnd(cell);
  rows.push(head.trimEnd());
  for (const t of traces) {
    let line = `${t.name.padEnd(label)} `;
    for (let i = 0; i < n; i++) {
      const v = t.values[i];
      const prev = i > 0 ? t.values[i - 1] : undefined;
      if (v === undefined) {
        line += '?'.repeat(cell);
        continue;
      }
      if (t.width === 1) {
        const hi = v !== 0n;
        const edge = i > 0 && prev !== undefined && prev !== v ? (hi ? '/' : '\\') : hi ? '‾' : '_';
        line += edge + (hi ? '‾' : '_').repeat(cell - 1);
      } else if (i > 0 && prev === v) {
        line += '='.padEnd(cell);
      } else {
        line += `|${v.toString(16)}`.padEnd(cell);
      }
    }
    rows.push(line.trimEnd());
  }
  if (opts.mark !== undefined && opts.mark >= first && opts.mark < first + n) {
    rows.push(`${' '.repeat(label + 1 + (opts.mark - first) * cell)}^ here`);
  }
  return rows.join('\n');
}
