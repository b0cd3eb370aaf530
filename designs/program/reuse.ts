// Lifetime reuse of a compiled program's memory: every region after the persistent block (activations,
// scratch, the sample's labels) lives from the first instruction that touches it to the last one, and
// regions whose live ranges do not overlap get the same words. The persistent block (parameters,
// gradients, optimizer state, the host's per-step block, constants) keeps its addresses, so consecutive
// samples still share one image. Host-written regions (labels) are live from before the first
// instruction. Placement is greedy first-fit, largest region first, as lifetime-sharing.ts does for
// primitives; then every view of the program is moved with its region.
import { type Access, accessesOf } from './accesses.js';
import type { ProgramInstruction, View } from './isa.js';
import { MemoryLayout, type Region } from './layout.js';

/** Instruction indices of a region's first and last access (-1: written by the host before the run). */
export interface LiveRange {
  first: number;
  last: number;
}

export interface ReusedMemory {
  layout: MemoryLayout;
  program: ProgramInstruction[];
  /** Every non-persistent region's live range, by name. */
  live: Map<string, LiveRange>;
  /** Words of the image before reuse (every region its own words). */
  wordsBefore: number;
}

/** The region holding every word of [lo, hi]; throws when an access runs across two regions. */
function regionFinder(regions: readonly Region[]): (a: Access, where: string) => Region {
  const sorted = [...regions].sort((x, y) => x.base - y.base);
  return (a, where) => {
    let lo = 0,
      hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sorted[mid]!.base <= a.lo) lo = mid;
      else hi = mid - 1;
    }
    const r = sorted[lo];
    if (!r || a.lo < r.base || a.hi >= r.base + r.words)
      throw new Error(`${where}: operand ${a.field} (${a.lo}..${a.hi}) is not inside one region`);
    return r;
  };
}

/** Live range of every region from the program's accesses (persistent regions included). */
export function liveRanges(layout: MemoryLayout, program: readonly ProgramInstruction[]): Map<string, LiveRange> {
  const find = regionFinder(layout.regions);
  const live = new Map<string, LiveRange>();
  for (const r of layout.regions) if (r.role === 'host') live.set(r.name, { first: -1, last: -1 });
  program.forEach((ins, i) => {
    for (const a of accessesOf(ins)) {
      const r = find(a, `instruction ${i} '${ins.label ?? ins.op}'`);
      const l = live.get(r.name);
      if (l) l.last = i;
      else live.set(r.name, { first: i, last: i });
    }
  });
  return live;
}

const overlaps = (a: LiveRange, b: LiveRange): boolean => a.first <= b.last && b.first <= a.last;

/**
 * Places the regions from `persistentWords` on by lifetime. Regions no instruction touches (and no host
 * writes) get no words of their own: they are placed at the start of the shared area with a live range
 * of (-1, -1).
 */
export function reuseMemory(
  layout: MemoryLayout,
  program: readonly ProgramInstruction[],
  persistentWords: number,
): ReusedMemory {
  const live = liveRanges(layout, program);
  const shared = layout.regions.filter((r) => r.base >= persistentWords);
  for (const r of shared) if (!live.has(r.name)) live.set(r.name, { first: -1, last: -1 });
  const order = [...shared].sort((a, b) => b.words - a.words || a.base - b.base);
  const offset = new Map<string, number>();
  const placed: { r: Region; off: number; l: LiveRange }[] = [];
  for (const r of order) {
    const l = live.get(r.name)!;
    const busy = placed
      .filter((p) => overlaps(p.l, l))
      .map((p) => [p.off, p.off + p.r.words] as const)
      .sort((x, y) => x[0] - y[0]);
    let off = 0;
    for (const [start, end] of busy) {
      if (off + r.words <= start) break;
      off = Math.max(off, end);
    }
    offset.set(r.name, off);
    placed.push({ r, off, l });
  }
  const out = new MemoryLayout();
  const moved = new Map<number, number>(); // old base -> new base, shared regions only
  for (const r of layout.regions) {
    const base = r.base < persistentWords ? r.base : persistentWords + offset.get(r.name)!;
    out.place(r.name, base, r.words, r.role);
    if (r.base >= persistentWords) moved.set(r.base, base);
  }
  for (const [name, v] of layout.constants) out.constants.set(name, v);
  out.words = Math.max(out.words, persistentWords);
  const find = regionFinder(layout.regions);
  const move = (a: Access): View => {
    const r = find(a, 'relocation');
    const to = moved.get(r.base);
    return to === undefined ? a.view : { ...a.view, off: a.view.off - r.base + to };
  };
  const relocated = program.map((ins): ProgramInstruction => {
    const copy: Record<string, unknown> = { ...ins };
    for (const a of accessesOf(ins)) {
      // A constants block is an address, not a view (the slot loss weights are a host-written block).
      copy[a.field] = a.field === 'k' ? move(a).off : move(a);
    }
    return copy as unknown as ProgramInstruction;
  });
  const sharedLive = new Map(shared.map((r) => [r.name, live.get(r.name)!]));
  return { layout: out, program: relocated, live: sharedLive, wordsBefore: layout.words };
}
