// The on-chip memory primitives of UltraScale+ (what the planner can place a tensor in) and the budget
// of a device. Aspect ratios are the real RAMB36E2/RAMB18E2/URAM288 configurations (UG573).

/** Storage kinds. LUTRAM and REG are fabric (not counted against the BRAM/URAM budget). */
export type PrimitiveKind = 'URAM288' | 'RAMB36' | 'RAMB18' | 'LUTRAM' | 'REG';

/** One depth x width configuration of a block primitive. */
export interface Aspect {
  depth: number;
  width: number;
  /** Only available as a simple dual port (one read port + one write port), e.g. RAMB36 512x72. */
  sdpOnly: boolean;
}

export interface BlockPrimitive {
  kind: 'URAM288' | 'RAMB36' | 'RAMB18';
  /** Capacity in bits (data + parity bits, as the 9/18/36/72-bit aspects use them). */
  bits: number;
  /** How much of the device's BRAM36 budget one instance consumes (RAMB18 = half a BRAM36). */
  bram36: number;
  /** How much of the URAM288 budget one instance consumes. */
  uram288: number;
  /** Widest first: the planner tries every one and keeps the cheapest. */
  aspects: readonly Aspect[];
}

const aspect = (depth: number, width: number, sdpOnly = false): Aspect => ({ depth, width, sdpOnly });

export const RAMB36: BlockPrimitive = {
  kind: 'RAMB36',
  bits: 36 * 1024,
  bram36: 1,
  uram288: 0,
  aspects: [
    aspect(512, 72, true),
    aspect(1024, 36),
    aspect(2048, 18),
    aspect(4096, 9),
    aspect(8192, 4),
    aspect(16384, 2),
    aspect(32768, 1),
  ],
};

export const RAMB18: BlockPrimitive = {
  kind: 'RAMB18',
  bits: 18 * 1024,
  bram36: 0.5,
  uram288: 0,
  aspects: [
    aspect(512, 36, true),
    aspect(1024, 18),
    aspect(2048, 9),
    aspect(4096, 4),
    aspect(8192, 2),
    aspect(16384, 1),
  ],
};

/** URAM288 has a single 4Kx72 configuration; depth beyond 4K is built by cascading. */
export const URAM288: BlockPrimitive = {
  kind: 'URAM288',
  bits: 72 * 4096,
  bram36: 0,
  uram288: 1,
  aspects: [aspect(4096, 72)],
};

export const BLOCK_PRIMITIVES: Record<BlockPrimitive['kind'], BlockPrimitive> = { RAMB36, RAMB18, URAM288 };

/** Bits held by one LUT6 used as distributed RAM (64x1). */
export const LUTRAM_BITS_PER_LUT = 64;

export interface DeviceBudget {
  name: string;
  bram36: number;
  uram288: number;
}

/** AMD Alveo U50 (xcu50-fsvh2104-2-e): 1,344 BRAM36 = 5.9 MiB, 640 URAM288 = 22.5 MiB. */
export const U50: DeviceBudget = { name: 'Alveo U50 (xcu50)', bram36: 1344, uram288: 640 };

export const MIB_BITS = 8 * 1024 * 1024;
