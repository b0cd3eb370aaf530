// The cycle model of a whole-model program (issue 15 item 5): every instruction's cycles on the
// contraction engine (the engine's own tiling and timing, designs/engine/program.ts and cycle-model.ts)
// or on the vector unit (vector-cost.ts), and a timeline of an in-order scoreboard with one GEMM and one
// vector instruction in flight (docs/program.md, "Cost"). Totals per sample by stage, stage group,
// encoder layer and kind (GEMM only / vector only / both busy).
import { compileStep } from '../engine/program.js';
import { instructionCycles, stepTiming } from '../engine/cycle-model.js';
import type { EngineConfig } from '../engine/engine-config.js';
import type { ViewOperand } from '../engine/vector/isa.js';
import { type MemoryName, programMemory } from '../memory/program-memory.js';
import type { GemmStep, OperandRef } from '../tt/gemm-step.js';
import { type Access, accessesOf } from './accesses.js';
import type { SampleProgram } from './compile-model.js';
import { type GemmInstruction, type ProgramInstruction, type View, isGemm } from './isa.js';
import { vectorInstructionCycles } from './vector-cost.js';

export interface ProgramEngine {
  /** The contraction engine: R x C PEs, MAC pipeline. */
  engine: EngineConfig;
  /** Lanes L of the vector unit. */
  lanes: number;
}

/** The engine's operating point (docs/engine.md: 4x10, macStages 8) and the vector bench's 8 lanes. */
export const DEFAULT_PROGRAM_ENGINE: ProgramEngine = { engine: { rows: 4, cols: 10, macStages: 8 }, lanes: 8 };

/**
 * The lane memory: 'one-copy' (default, the memory docs/memory.md plans: one read and one write port per
 * bank) or 'copy-per-source' (the vector unit and engine as built, three copies; the two units' ports
 * taken as separate). `overlap`: one GEMM and one vector instruction in flight (else one at a time).
 */
export interface CostOptions {
  memory: 'one-copy' | 'copy-per-source';
  overlap: boolean;
}
export const PLANNED: CostOptions = { memory: 'one-copy', overlap: true };

const mem = (off: number): OperandRef => ({ buffer: 'mem', offset: off, rowStride: 0, colStride: 0 });
const ref = (v: View): OperandRef => ({ ...mem(v.off), rowStride: v.row, colStride: v.col });

/**
 * Engine cycles of one GEMM (fetch included), as the engine's program generator tiles it; `conflict`:
 * both orientations hit a bank conflict (the program would need a padded view), cycles of the faster.
 */
export function gemmTiming(engine: EngineConfig, g: GemmInstruction): { cycles: number; conflict: boolean } {
  const step: GemmStep = {
    op: 'gemm',
    label: g.label ?? 'gemm',
    m: g.m,
    n: g.n,
    k: g.k,
    a: ref(g.a),
    b: ref(g.b),
    c: ref(g.c),
    accumulate: g.accumulate,
  };
  try {
    const ins = compileStep(engine, step, { base: new Map([['mem', 0]]), words: 0, depth: 0 });
    return { cycles: instructionCycles(ins.stepCycles), conflict: false };
  } catch {
    const t = Math.min(stepTiming(engine, g.m, g.n, g.k).stepCycles, stepTiming(engine, g.n, g.m, g.k).stepCycles);
    return { cycles: instructionCycles(t), conflict: true };
  }
}

export const gemmCycles = (engine: EngineConfig, g: GemmInstruction): number => gemmTiming(engine, g).cycles;

/** Which physical memory each address is in (the kernel's memories, designs/memory/program-memory.ts). */
export function memoryOfAddress(p: SampleProgram): (addr: number) => MemoryName {
  const placed = new Map(programMemory(p, 'cycle-model').regions.map((r) => [r.name, r.memory]));
  const persistent = p.layout.regions
    .filter((r) => r.base < p.persistentWords)
    .map((r) => ({ base: r.base, end: r.base + r.words, memory: placed.get(r.name)! }))
    .sort((a, b) => a.base - b.base);
  return (addr) => {
    if (addr >= p.persistentWords) return 'lane';
    let lo = 0,
      hi = persistent.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (persistent[mid]!.base <= addr) lo = mid;
      else hi = mid - 1;
    }
    const r = persistent[lo]!;
    if (addr < r.base || addr >= r.end) throw new Error(`address ${addr} is in no persistent region`);
    return r.memory;
  };
}

export interface InstructionCost {
  unit: 'gemm' | 'vector';
  cycles: number;
  /** Multiply-accumulates of a GEMM (m n k), 0 for a vector instruction. */
  macs: number;
  start: number;
  end: number;
  stage: string;
}

export interface CycleSplit {
  /** Wall-clock cycles (stages: up to the stage's last instruction's end, from the previous stage's). */
  wall: number;
  /** Cycles each unit is busy (sum of its instructions). */
  gemm: number;
  vector: number;
  macs: number;
}

export type StageGroup = 'forward' | 'losses' | 'backward' | 'update';

export interface ProgramCost {
  options: CostOptions;
  instructions: InstructionCost[];
  /** Cycles from the first instruction's start to the last one's end. */
  total: number;
  /** Cycles only the engine is busy, only the vector unit, and both. */
  kind: { gemmOnly: number; vectorOnly: number; overlapped: number };
  macs: number;
  /** Useful MACs / (R C total). */
  utilization: number;
  stages: (CycleSplit & { name: string; group: StageGroup; layer?: number })[];
  groups: Record<StageGroup, CycleSplit>;
  layers: CycleSplit[];
  /** GEMMs whose views are bank conflicts at this engine in both orientations (costed as if padded). */
  bankConflicts: number;
}

/** Stage names of compile-*.ts to the four groups; 'zero gradients' is the optimizer's, so 'update'. */
export function stageGroup(name: string): StageGroup {
  if (name === 'embedding' || /^layer \d+ forward$/.test(name)) return 'forward';
  if (name === 'intent head' || name === 'slot head') return 'losses';
  if (name === 'update' || name === 'zero gradients') return 'update';
  return 'backward';
}

export interface Use {
  reads: Access[];
  writes: Access[];
  /** Memory ports used ('lane:r', 'grad:w', ...), the 'small' registers excluded. */
  ports: Set<string>;
}

const overlaps = (x: Access, y: Access): boolean => x.lo <= y.hi && y.lo <= x.hi;
const anyOverlap = (xs: Access[], ys: Access[]): boolean => xs.some((x) => ys.some((y) => overlaps(x, y)));

/** Read-after-write, write-after-read or write-after-write on any word (address ranges, conservative). */
export const dependent = (x: Use, y: Use): boolean =>
  anyOverlap(x.writes, y.reads) || anyOverlap(x.reads, y.writes) || anyOverlap(x.writes, y.writes);

export function useOf(ins: ProgramInstruction, memoryOf: (addr: number) => MemoryName): Use {
  const acc = accessesOf(ins);
  const ports = new Set<string>();
  for (const a of acc) {
    const m = memoryOf(a.lo);
    if (m === 'small' || a.field === 'k') continue;
    if (a.read) ports.add(`${m}:r`);
    if (a.write) ports.add(`${m}:w`);
  }
  return { reads: acc.filter((a) => a.read), writes: acc.filter((a) => a.write), ports };
}

const sharePort = (x: Use, y: Use): boolean => [...x.ports].some((p) => y.ports.has(p));

/** Cycles of one instruction alone; `memoryOf` given: the one-copy lane memory's read port counted. */
export function instructionCost(
  shape: ProgramEngine,
  ins: ProgramInstruction,
  memoryOf?: (addr: number) => MemoryName,
): number {
  if (isGemm(ins)) return gemmCycles(shape.engine, ins);
  const laneReads = (o: ViewOperand): boolean => memoryOf !== undefined && memoryOf(ins[o]!.off) === 'lane';
  return vectorInstructionCycles(shape.lanes, ins, laneReads);
}

/**
 * The scoreboard: instructions issue in program order; an instruction waits for its unit, for the one
 * before it to have issued, and, when it depends on the other unit's instruction in flight (or, with one
 * copy of the lane memory, shares a memory port with it), for that one to end. Without overlap it
 * waits for everything.
 */
export function scheduleProgram(
  instrs: readonly ProgramInstruction[],
  cycles: readonly number[],
  uses: readonly Use[],
  opts: CostOptions,
): { start: number; end: number }[] {
  const last: Record<'gemm' | 'vector', { end: number; use: Use } | undefined> = { gemm: undefined, vector: undefined };
  let issued = 0;
  return instrs.map((ins, i) => {
    const unit = isGemm(ins) ? 'gemm' : 'vector';
    const other = last[unit === 'gemm' ? 'vector' : 'gemm'];
    let t = Math.max(issued, last[unit]?.end ?? 0);
    if (other && other.end > t) {
      const wait =
        !opts.overlap ||
        dependent(uses[i]!, other.use) ||
        (opts.memory === 'one-copy' && sharePort(uses[i]!, other.use));
      if (wait) t = other.end;
    }
    const end = t + cycles[i]!;
    last[unit] = { end, use: uses[i]! };
    issued = t;
    return { start: t, end };
  });
}

/** Cycles both units are busy: the intersection of two sorted lists of disjoint intervals. */
function intersection(a: { start: number; end: number }[], b: { start: number; end: number }[]): number {
  let i = 0,
    j = 0,
    sum = 0;
  while (i < a.length && j < b.length) {
    sum += Math.max(0, Math.min(a[i]!.end, b[j]!.end) - Math.max(a[i]!.start, b[j]!.start));
    if (a[i]!.end < b[j]!.end) i++;
    else j++;
  }
  return sum;
}

const emptySplit = (): CycleSplit => ({ wall: 0, gemm: 0, vector: 0, macs: 0 });
function addTo(s: CycleSplit, x: CycleSplit): void {
  s.wall += x.wall;
  s.gemm += x.gemm;
  s.vector += x.vector;
  s.macs += x.macs;
}

/** The whole program's cost at one engine shape and memory. */
export function programCost(
  p: SampleProgram,
  shape: ProgramEngine = DEFAULT_PROGRAM_ENGINE,
  opts: CostOptions = PLANNED,
): ProgramCost {
  const memoryOf = memoryOfAddress(p);
  const instrs = p.program;
  const cycles = instrs.map((ins) => instructionCost(shape, ins, opts.memory === 'one-copy' ? memoryOf : undefined));
  const uses = instrs.map((ins) => useOf(ins, memoryOf));
  const times = scheduleProgram(instrs, cycles, uses, opts);
  const stageAt: string[] = [];
  p.stages.forEach((s, k) => {
    const next = p.stages[k + 1]?.start ?? instrs.length;
    for (let i = s.start; i < next; i++) stageAt[i] = s.name;
  });
  const costs: InstructionCost[] = instrs.map((ins, i) => ({
    unit: isGemm(ins) ? 'gemm' : 'vector',
    cycles: cycles[i]!,
    macs: isGemm(ins) ? ins.m * ins.n * ins.k : 0,
    start: times[i]!.start,
    end: times[i]!.end,
    stage: stageAt[i] ?? 'program',
  }));
  const total = Math.max(0, ...costs.map((c) => c.end));
  const busy = (u: 'gemm' | 'vector') => costs.filter((c) => c.unit === u);
  const overlapped = intersection(busy('gemm'), busy('vector'));
  const gemmBusy = busy('gemm').reduce((s, c) => s + c.cycles, 0);
  const vectorBusy = busy('vector').reduce((s, c) => s + c.cycles, 0);
  const macs = costs.reduce((s, c) => s + c.macs, 0);

  let doneBefore = 0;
  const stages = p.stages.map((s, k) => {
    const mine = costs.slice(s.start, p.stages[k + 1]?.start ?? instrs.length);
    const done = Math.max(doneBefore, ...mine.map((c) => c.end));
    const layer = /^layer (\d+) /.exec(s.name);
    const split: CycleSplit = {
      wall: done - doneBefore,
      gemm: mine.filter((c) => c.unit === 'gemm').reduce((a, c) => a + c.cycles, 0),
      vector: mine.filter((c) => c.unit === 'vector').reduce((a, c) => a + c.cycles, 0),
      macs: mine.reduce((a, c) => a + c.macs, 0),
    };
    doneBefore = done;
    return { name: s.name, group: stageGroup(s.name), ...(layer ? { layer: Number(layer[1]) } : {}), ...split };
  });
  const groups: Record<StageGroup, CycleSplit> = {
    forward: emptySplit(),
    losses: emptySplit(),
    backward: emptySplit(),
    update: emptySplit(),
  };
  const layers = Array.from({ length: p.cfg.layers }, emptySplit);
  for (const s of stages) {
    addTo(groups[s.group], s);
    if (s.layer !== undefined) addTo(layers[s.layer]!, s);
  }
  const { rows, cols } = shape.engine;
  return {
    options: opts,
    instructions: costs,
    total,
    kind: { gemmOnly: gemmBusy - overlapped, vectorOnly: vectorBusy - overlapped, overlapped },
    macs,
    utilization: total > 0 ? macs / (rows * cols * total) : 0,
    stages,
    groups,
    layers,
    bankConflicts: instrs.filter((ins) => isGemm(ins) && gemmTiming(shape.engine, ins).conflict).length,
  };
}
