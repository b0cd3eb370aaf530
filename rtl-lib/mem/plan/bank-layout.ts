// How one tensor is cut into banks and primitives: for every candidate kind, aspect ratio and packing
// factor, count the instances and keep the layout that allocates the fewest bits.
import type { Aspect } from './primitives.js';
import { BLOCK_PRIMITIVES, LUTRAM_BITS_PER_LUT } from './primitives.js';
import type { BlockKind } from './policy.js';
import type { MemTensor } from './tensor.js';

/** A tensor's banks in block RAM: every bank is `cascade` x `columns` primitives of one aspect. */
export interface BlockLayout {
  kind: BlockKind;
  aspect: Aspect;
  /** Elements per physical row (2 = two FP32 words in one 72-bit URAM row). */
  pack: number;
  /** Independent banks, each serving one row per cycle: ceil(parallel / pack). */
  banks: number;
  /** Rows used in each bank: ceil(words / (banks * pack)). */
  rows: number;
  /** Primitives stacked for depth in each bank. */
  cascade: number;
  /** Primitives side by side for width in each bank. */
  columns: number;
  /** banks * cascade * columns. */
  count: number;
  /** count * capacity of one primitive. */
  allocatedBits: number;
}

/** Fabric storage: flip-flops or LUTRAM (estimated as RAM64M8: 8 LUTs per 64 x 7 bits, one per bank). */
export interface FabricLayout {
  kind: 'REG' | 'LUTRAM';
  banks: number;
  rows: number;
  luts: number;
  ffs: number;
}

export function blockLayout(t: MemTensor, kind: BlockKind, aspect: Aspect, pack: number): BlockLayout {
  const parallel = t.parallel ?? 1;
  const banks = Math.ceil(parallel / pack);
  const rows = Math.ceil(t.words / (banks * pack));
  const cascade = Math.ceil(rows / aspect.depth);
  const columns = Math.ceil((pack * t.width) / aspect.width);
  const count = banks * cascade * columns;
  return {
    kind,
    aspect,
    pack,
    banks,
    rows,
    cascade,
    columns,
    count,
    allocatedBits: count * BLOCK_PRIMITIVES[kind].bits,
  };
}

/**
 * The cheapest block layout over the candidate kinds: fewest allocated bits, then fewest instances,
 * then the first found (kinds in candidate order, aspects widest first, packing from 1 up). Widest
 * first puts FP32 pairs in RAMB36 512x72 rather than the equally cheap 1Kx36, so that most tensors
 * land in one pool and can share it.
 */
export function cheapestBlockLayout(t: MemTensor, candidates: readonly BlockKind[], packing: boolean): BlockLayout {
  const maxPack = packing ? (t.maxPack ?? 1) : 1;
  let best: BlockLayout | undefined;
  for (const kind of candidates) {
    for (const aspect of BLOCK_PRIMITIVES[kind].aspects) {
      if (t.dualPort && aspect.sdpOnly) continue;
      for (let pack = 1; pack <= maxPack; pack++) {
        const l = blockLayout(t, kind, aspect, pack);
        if (
          !best ||
          l.allocatedBits < best.allocatedBits ||
          (l.allocatedBits === best.allocatedBits && l.count < best.count)
        )
          best = l;
      }
    }
  }
  if (!best) throw new Error(`${t.name}: no block RAM configuration among ${candidates.join(', ')}`);
  return best;
}

export function fabricLayout(t: MemTensor, kind: 'REG' | 'LUTRAM'): FabricLayout {
  const banks = t.parallel ?? 1;
  const rows = Math.ceil(t.words / banks);
  if (kind === 'REG') return { kind, banks, rows, luts: 0, ffs: banks * rows * t.width };
  const slicesPerBank = Math.ceil(rows / LUTRAM_BITS_PER_LUT) * Math.ceil(t.width / 7);
  return { kind, banks, rows, luts: banks * slicesPerBank * 8, ffs: 0 };
}
