// The on-chip memory of the whole-model kernel (docs/memory.md, "The whole-model kernel's memory"),
// derived from a compiled training program's layout, as a design for the planner. Two kinds of memory:
//
// - the lane memory: every region after the persistent block (activations, scratch, labels, placed by
//   lifetime in reuse.ts), read L lanes per cycle at any stride by the GEMM array and the vector unit:
//   N = 17 Fermat banks (fermat-banks.ts; word a in bank a mod N, row a >> 4), each bank a two-port
//   RAM (one port reads the lanes, the other writes the drain); `copies` > 1 adds a copy per extra
//   simultaneous read role (every write goes to every copy), as the one-layer engine does. Each bank is one planner tensor of
//   ceil(words / 16) words; two of its words may share a 72-bit URAM row (one word read per cycle, a
//   write through the byte enables), so maxPack 2.
// - the stream memories: parameters, gradients, Adam's m and v, each one plane (its regions in layout
//   order), read and written only in unit-stride runs (update streams, weight loads into the array,
//   gradient accumulation), `streamLanes` consecutive words per cycle and no banking beyond the width.
//   The host's per-step block and the constants are a few words: one small memory.
import { bankDepth, banksForLanes, fermatBanks } from '../../rtl-lib/mem/fermat-banks.js';
import { cheapestBlockLayout } from '../../rtl-lib/mem/plan/bank-layout.js';
import type { MemoryDesign, MemTensor } from '../../rtl-lib/mem/plan/tensor.js';
import type { SampleProgram } from '../program/compile-model.js';
import type { RegionRole } from '../program/layout.js';

export interface ProgramMemoryOptions {
  /** Lanes of a vector access to the lane memory (the array's rows and columns). */
  lanes: number;
  /** Copies of the lane memory: one per simultaneous read role. */
  copies: number;
  /** Consecutive words per cycle of a stream memory. */
  streamLanes: number;
  /**
   * BRAM36 the stream planes may take: each plane, in order, goes to RAMB36 when that allocates fewer
   * bits than URAM288 (BRAM's 8K-word steps against URAM's 64K) and still fits this budget; 0 keeps
   * every plane in URAM.
   */
  planeBram36: number;
}

/**
 * The planes may take 1,100 of the U50's 1,344 BRAM36; the rest is left to the kernel's other users
 * (the vector unit alone synthesizes to 25.5 BRAM36, docs/vector-unit.md; FIFOs and the AXI shell).
 */
export const DEFAULT_PROGRAM_MEMORY: ProgramMemoryOptions = {
  lanes: 16,
  copies: 1,
  streamLanes: 16,
  planeBram36: 1100,
};

/** Which physical memory a region lives in. */
export type MemoryName = 'lane' | 'param' | 'grad' | 'adam-m' | 'adam-v' | 'small';

const STREAM: Partial<Record<RegionRole, MemoryName>> = { param: 'param', grad: 'grad' };

export interface RegionPlacement {
  name: string;
  role: RegionRole;
  memory: MemoryName;
  /** Word address inside its memory. */
  address: number;
  words: number;
  /** Live stages (program stage names), first to last; the persistent regions live in every stage. */
  from: string;
  to: string;
  /** Instruction indices of the first and last access (-1: written by the host before the program). */
  first: number;
  last: number;
}

export interface ProgramMemory {
  design: MemoryDesign;
  regions: RegionPlacement[];
  /** Words of each memory (the lane memory before bank rounding). */
  words: Record<MemoryName, number>;
  banks: number;
  options: ProgramMemoryOptions;
  /** The program's stages and the instruction each starts at. */
  stageStarts: { name: string; start: number }[];
}

function memoryOf(role: RegionRole, name: string, persistent: boolean): MemoryName {
  if (!persistent) return 'lane';
  if (role === 'optimizer') return name.startsWith('opt.m.') ? 'adam-m' : 'adam-v';
  return STREAM[role] ?? 'small';
}

/** The kernel's memories for this program (compile it at the longest sample: the largest lane memory). */
export function programMemory(
  c: SampleProgram,
  name: string,
  options: ProgramMemoryOptions = DEFAULT_PROGRAM_MEMORY,
): ProgramMemory {
  if (!c.live) throw new Error('programMemory: compile the program with lifetime reuse (the default)');
  const stages = c.stages.map((s) => s.name);
  const stageAt = (i: number): string => {
    let s = stages[0]!;
    for (const st of c.stages) if (st.start <= Math.max(0, i)) s = st.name;
    return s;
  };
  const P = c.persistentWords;
  const words: Record<MemoryName, number> = { lane: 0, param: 0, grad: 0, 'adam-m': 0, 'adam-v': 0, small: 0 };
  // A stream memory holds its regions end to end in layout order; the lane memory keeps the reused
  // addresses (regions there overlap by design).
  const regions = c.layout.regions.map((r): RegionPlacement => {
    const persistent = r.base < P;
    const memory = memoryOf(r.role, r.name, persistent);
    const address = persistent ? words[memory] : r.base - P;
    words[memory] = Math.max(words[memory], address + r.words);
    const l = persistent ? { first: 0, last: c.program.length - 1 } : c.live!.get(r.name)!;
    const from = persistent ? stages[0]! : stageAt(l.first),
      to = persistent ? stages.at(-1)! : stageAt(l.last);
    return { name: r.name, role: r.role, memory, address, words: r.words, from, to, first: l.first, last: l.last };
  });
  const banks = banksForLanes(options.lanes);
  const f = fermatBanks(banks);
  const tensors: MemTensor[] = [];
  for (let copy = 0; copy < options.copies; copy++)
    for (let bank = 0; bank < banks; bank++)
      tensors.push({
        name: `lane.copy${copy}.bank${bank}`,
        group: 'lane memory',
        words: bankDepth(f, words.lane),
        width: 32,
        maxPack: 2,
        live: stages,
        shape: [bankDepth(f, words.lane)],
      });
  let bram36 = 0;
  for (const m of ['param', 'grad', 'adam-m', 'adam-v'] as const) {
    if (words[m] === 0) continue;
    const t: MemTensor = {
      name: m,
      group: 'stream memory',
      words: words[m],
      width: 32,
      parallel: options.streamLanes,
      maxPack: 2,
      live: stages,
      shape: [words[m]],
    };
    const bram = cheapestBlockLayout(t, ['RAMB36'], true),
      uram = cheapestBlockLayout(t, ['URAM288'], true);
    const toBram = bram.allocatedBits < uram.allocatedBits && bram36 + bram.count <= options.planeBram36;
    if (toBram) bram36 += bram.count;
    tensors.push({ ...t, kind: toBram ? 'RAMB36' : 'URAM288' });
  }
  tensors.push({ name: 'small', group: 'host and constants', words: words.small, width: 32, live: stages });
  return { design: { name, stages, tensors }, regions, words, banks, options, stageStarts: c.stages };
}
