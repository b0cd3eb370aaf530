// The placement policy: which storage kind a tensor goes to. Explicit and configurable, and every
// decision carries its reason into the report.
import type { PrimitiveKind } from './primitives.js';
import { URAM288 } from './primitives.js';
import type { MemTensor } from './tensor.js';

export interface PlacementPolicy {
  /** Banks of at most this many bits go to flip-flops. */
  registerMaxBits: number;
  /** Banks of at most this many bits (and above registerMaxBits) go to LUTRAM. */
  distributedMaxBits: number;
  /**
   * 'threshold': banks of at least uramMinBits go to URAM, the rest to BRAM.
   * 'cheapest': whichever of URAM and BRAM allocates fewer bits for the tensor (ties go to BRAM).
   */
  blockRule: 'threshold' | 'cheapest';
  /** Bank size (bits) from which the threshold rule picks URAM. */
  uramMinBits: number;
  /** Allow RAMB18 halves for small banks. */
  useRamb18: boolean;
  /** Allow packing several elements per physical row when the tensor permits it (maxPack). */
  packing: boolean;
  /** Share primitives between tensors whose live stages do not overlap. */
  share: boolean;
  /**
   * When the plan does not fit the device, re-split the block-RAM tensors between BRAM and URAM (best
   * URAM candidates to URAM until the BRAM fits; see balance.ts).
   */
  balance: boolean;
}

export const DEFAULT_POLICY: PlacementPolicy = {
  registerMaxBits: 256,
  distributedMaxBits: 2048,
  blockRule: 'threshold',
  uramMinBits: URAM288.bits / 2,
  useRamb18: true,
  packing: true,
  share: true,
  balance: true,
};

/** Bits of one bank before packing: what the thresholds compare against. */
export function bankBits(t: MemTensor): number {
  const banks = t.parallel ?? 1;
  return Math.ceil(t.words / banks) * t.width;
}

export type BlockKind = 'URAM288' | 'RAMB36' | 'RAMB18';

export type KindDecision =
  | { kind: Extract<PrimitiveKind, 'REG' | 'LUTRAM'>; reason: string }
  | { kind: 'BLOCK'; reason: string; candidates: BlockKind[] };

/** The first step of the decision: fabric or block RAM, and which block kinds are candidates. */
export function decideKind(t: MemTensor, p: PlacementPolicy): KindDecision {
  const bram: BlockKind[] = p.useRamb18 ? ['RAMB36', 'RAMB18'] : ['RAMB36'];
  if (t.kind === 'REG' || t.kind === 'LUTRAM') return { kind: t.kind, reason: `forced ${t.kind}` };
  if (t.kind) return { kind: 'BLOCK', reason: `forced ${t.kind}`, candidates: [t.kind] };
  const bits = bankBits(t);
  if (bits <= p.registerMaxBits) return { kind: 'REG', reason: `bank ${bits} b <= ${p.registerMaxBits} b: registers` };
  if (bits <= p.distributedMaxBits)
    return { kind: 'LUTRAM', reason: `bank ${bits} b <= ${p.distributedMaxBits} b: LUTRAM` };
  if (p.blockRule === 'cheapest')
    return { kind: 'BLOCK', reason: 'cheapest of URAM/BRAM', candidates: [...bram, 'URAM288'] };
  return bits >= p.uramMinBits
    ? { kind: 'BLOCK', reason: `bank ${bits} b >= ${p.uramMinBits} b: URAM`, candidates: ['URAM288'] }
    : { kind: 'BLOCK', reason: `bank ${bits} b < ${p.uramMinBits} b: BRAM`, candidates: bram };
}
