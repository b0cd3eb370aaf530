// One emitted design (or a part of one) through Yosys, flattened: its resources (cells.ts) and logic
// depth (logic-depth.ts) in one record. The benches and tests measure with this.
import type { EmittedDesign } from '../../dsl/index.js';
import { type CellCounts, countCells } from './cells.js';
import type { SegmentDepth } from './logic-depth.js';
import { mapLimited, synthesize, yosysParallelism } from './yosys.js';

export interface DesignSynthesis extends CellCounts {
  top: string;
  /** Worst LUT levels between registers (or ports); black boxes end paths. */
  lutLevels: number;
  /** Worst LUT levels per pipeline segment (meaningful for feed-forward units only). */
  segments: SegmentDepth[];
  /** See LogicDepth.cellLoops. */
  cellLoops: number;
  /** `ltp -noff` in cells of any kind, when asked for. */
  ltpCells?: number;
  seconds: number;
  tool: string;
}

/** The emitted modules whose names start with `prefix` (e.g. every SimpleDualPortRam variant, to black-box). */
export const modulesStartingWith = (design: EmittedDesign, prefix: string): string[] =>
  design.files.filter((f) => f.name.startsWith(prefix) && f.name.endsWith('.v')).map((f) => f.name.slice(0, -2));

/** Synthesizes `design.top`; modules named in `blackboxes` are kept as cells (not counted, paths end there). */
export async function synthesizeDesign(
  design: EmittedDesign,
  opts: { blackboxes?: readonly string[]; ltp?: boolean; cacheDir?: string; timeoutMs?: number } = {},
): Promise<DesignSynthesis> {
  const r = await synthesize({
    files: design.files,
    top: design.top,
    blackboxes: opts.blackboxes,
    depth: true,
    ltp: opts.ltp,
    cacheDir: opts.cacheDir,
    timeoutMs: opts.timeoutMs,
  });
  const boxes = new Set(opts.blackboxes ?? []);
  const own = Object.fromEntries(Object.entries(r.cells).filter(([k]) => !boxes.has(k)));
  return {
    top: design.top,
    ...countCells(own),
    lutLevels: r.depth!.lutLevels,
    segments: r.depth!.segments,
    cellLoops: r.depth!.cellLoops,
    ...(r.ltpCells !== undefined ? { ltpCells: r.ltpCells } : {}),
    seconds: r.seconds,
    tool: r.tool,
  };
}

/** Synthesizes several named designs, one Yosys per core at a time; results by name. */
export async function synthesizeEach(
  jobs: readonly { name: string; design: EmittedDesign }[],
  opts: { timeoutMs?: number } = {},
): Promise<Map<string, DesignSynthesis>> {
  const results = await mapLimited(jobs, yosysParallelism(), (j) => synthesizeDesign(j.design, opts));
  return new Map(jobs.map((j, i) => [j.name, results[i]!]));
}
