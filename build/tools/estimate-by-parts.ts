// A Yosys estimate of a whole design by parts: every distinct module is synthesized once, on its own,
// with its child modules black-boxed (stubs holding only their ports), and its cells are counted as
// many times as the module is instantiated. Identical parts (the 40 MACs of an array, the 51 RAMs of
// a banked memory) cost one run; runs go in parallel, one per core, largest first; with a cache folder
// a part whose text did not change is not synthesized again. Cross-boundary optimisation (a constant
// input folded into a child) is lost, so the totals are a little above a flattened run's.
import type { Design, EmittedDesign, IrModule } from '../../dsl/index.js';
import { addCells, type CellCounts, countCells } from './cells.js';
import { mapLimited, type SynthOutcome, synthesize, yosysParallelism } from './yosys.js';

export interface PartEstimate {
  module: string;
  /** Instances of the module in the whole design. */
  count: number;
  /** The module's own cells (children excluded), for one instance. */
  counts: CellCounts;
  /** Worst LUT levels inside the module (paths end at its children's ports). */
  lutLevels: number;
  seconds: number;
  cached: boolean;
}

export interface ByPartsEstimate {
  top: string;
  tool: string;
  /** Every part, in the design's module order (children first). */
  parts: PartEstimate[];
  /** Sum over the parts of count x own cells. */
  total: CellCounts;
  /** Worst LUT levels of any part. */
  lutLevels: number;
  /** Wall-clock seconds of the whole estimate. */
  seconds: number;
  /** Parts synthesized in this run (the others came from the cache). */
  synthesized: number;
}

export interface ByPartsOptions {
  /** Modules left out (with everything under them): the caller counts them some other way. */
  leaveOut?: readonly string[];
  cacheDir?: string | undefined;
  /** A line at the start, one per part finished, and one a minute naming the parts still running. */
  progress?: ((line: string) => void) | undefined;
  parallel?: number;
  /** Interval of the "still running" lines (default 60 s). */
  heartbeatMs?: number;
}

/** Instances of every module below `top` (top = 1), not descending into `leaveOut`. */
export function instanceCounts(top: IrModule, leaveOut: ReadonlySet<string> = new Set()): Map<string, number> {
  const count = new Map<string, number>();
  const visit = (m: IrModule, times: number) => {
    count.set(m.name, (count.get(m.name) ?? 0) + times);
    if (leaveOut.has(m.name)) return;
    const per = new Map<IrModule, number>();
    for (const i of m.instances) per.set(i.module, (per.get(i.module) ?? 0) + 1);
    for (const [child, n] of per) visit(child, times * n);
  };
  visit(top, 1);
  return count;
}

/** A port-only copy of an emitted module, marked as a black box (its header up to the first `);`). */
export function blackboxStub(text: string, name: string): string {
  const m = new RegExp(`^module ${name.replace(/\$/g, '\\$')}\\b[\\s\\S]*?^\\);`, 'm').exec(text);
  if (!m) throw new Error(`no ANSI module header for ${name} in its emitted text`);
  return `(* blackbox *)\n${m[0]}\nendmodule\n`;
}

export async function estimateByParts(
  design: Design,
  emitted: EmittedDesign,
  opts: ByPartsOptions = {},
): Promise<ByPartsEstimate> {
  const t0 = performance.now();
  const leaveOut = new Set(opts.leaveOut ?? []);
  const counts = instanceCounts(design.top, leaveOut);
  // Each module's Verilog and the data files emitted right after it ($readmemh images).
  const filesOf = new Map<string, { name: string; text: string }[]>();
  let current: { name: string; text: string }[] | undefined;
  for (const f of emitted.files) {
    if (/\.s?v$/.test(f.name)) {
      current = [f];
      filesOf.set(f.name.replace(/\.s?v$/, ''), current);
    } else current?.push(f);
  }
  const parts = design.modules.filter((m) => !m.blackbox && !leaveOut.has(m.name) && counts.has(m.name));
  const jobFor = (m: IrModule) => {
    const own = filesOf.get(m.name);
    if (!own) throw new Error(`module ${m.name} was not emitted`);
    const children = [...new Set(m.instances.map((i) => i.module))];
    const stubs = children.map((c) => {
      const text = filesOf.get(c.name)?.[0];
      if (!text) throw new Error(`${m.name} instantiates ${c.name}, which has no emitted Verilog (a user black box?)`);
      return { name: `${c.name}.stub.v`, text: blackboxStub(text.text, c.name) };
    });
    return { files: [...own, ...stubs], top: m.name, blackboxes: children.map((c) => c.name) };
  };
  const size = (m: IrModule) => filesOf.get(m.name)?.[0]?.text.length ?? 0;
  const order = [...parts].sort((a, b) => size(b) - size(a));
  let finished = 0;
  const outcomes = new Map<string, SynthOutcome>();
  const parallel = opts.parallel ?? yosysParallelism();
  const instances = [...counts.values()].reduce((a, b) => a + b, 0);
  opts.progress?.(
    `yosys: ${parts.length} distinct modules of ${design.top.name} (${instances} instances), ${parallel} at a time, largest first${opts.cacheDir ? `, cache ${opts.cacheDir}` : ''}`,
  );
  // A part can run for minutes (a large flat module): say which ones are still going, once a minute.
  const running = new Map<string, number>();
  const heartbeat = opts.progress
    ? setInterval(() => {
        const now = performance.now();
        const list = [...running].map(([name, t]) => `${name} ${elapsedSince(t, now)}`).join(', ');
        if (list) opts.progress?.(`yosys: ${finished}/${parts.length} done, running ${list} (${elapsed(t0)} elapsed)`);
      }, opts.heartbeatMs ?? 60_000)
    : undefined;
  heartbeat?.unref();
  await mapLimited(order, parallel, async (m) => {
    const job = jobFor(m);
    const started = performance.now();
    running.set(m.name, started);
    const r = await synthesize({ ...job, depth: true, cacheDir: opts.cacheDir }).finally(() => running.delete(m.name));
    outcomes.set(m.name, r);
    finished++;
    const took = r.cached ? 'cached' : `${((performance.now() - started) / 1000).toFixed(0)} s`;
    opts.progress?.(
      `yosys: ${finished}/${parts.length} ${m.name} x${counts.get(m.name)}: ${countCells(r.cells).lut} LUT (${took}, ${elapsed(t0)} elapsed)`,
    );
  }).finally(() => clearInterval(heartbeat));
  const total: Record<string, number> = {};
  const list: PartEstimate[] = parts.map((m) => {
    const r = outcomes.get(m.name)!;
    const own = Object.fromEntries(Object.entries(r.cells).filter(([k]) => !childNames(m).has(k)));
    addCells(total, own, counts.get(m.name)!);
    return {
      module: m.name,
      count: counts.get(m.name)!,
      counts: countCells(own),
      lutLevels: r.depth?.lutLevels ?? 0,
      seconds: r.seconds,
      cached: r.cached,
    };
  });
  return {
    top: design.top.name,
    tool: [...outcomes.values()][0]?.tool ?? 'none',
    parts: list,
    total: countCells(total),
    lutLevels: Math.max(0, ...list.map((p) => p.lutLevels)),
    seconds: (performance.now() - t0) / 1000,
    synthesized: list.filter((p) => !p.cached).length,
  };
}

/** The child module names of `m` (their cells in a part's statistics are black boxes, not resources). */
const childNames = (m: IrModule): Set<string> => new Set(m.instances.map((i) => i.module.name));

const elapsedSince = (t0: number, now: number): string => {
  const s = Math.round((now - t0) / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};
const elapsed = (t0: number): string => elapsedSince(t0, performance.now());
