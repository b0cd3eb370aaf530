// Shape of one contraction engine and the timing constants its sequencer and cycle model share.
// Every cycle count below is derived from the pipeline of engine.ts; the RTL ends each step after
// exactly `stepCycles` (carried in the instruction), so model and hardware agree by construction and the
// simulations check that this count is enough (bit-exact results) and equal to what was measured.
import { banksForLanes, fermatBanks } from '../../rtl-lib/mem/fermat-banks.js';

export interface EngineConfig {
  /** PE rows R: lanes of operand A (output rows per tile). */
  rows: number;
  /** PE columns C: lanes of operand B (output columns per tile). */
  cols: number;
  /** Pipeline registers inside each PE's FP32 MAC unit (0..8). */
  macStages: number;
  /**
   * Banks of the data memory (banked-data-memory.ts): 5, 17 or 257, at least max(rows, cols).
   * Default: 17, or 257 beyond 17 lanes. A step whose lane stride is a multiple of it cannot run.
   */
  banks?: number;
}

/** The data memory's bank count. */
export const dataBanks = (c: EngineConfig): number => c.banks ?? banksForLanes(Math.max(c.rows, c.cols));

/**
 * Independent accumulations each PE interleaves: the MAC latency (its last stage register is the
 * accumulator, systolic-pe.ts); 1 for a combinational MAC, which gets an accumulator register of its own.
 */
export const loopSlots = (c: EngineConfig): number => Math.max(1, c.macStages);

/** Cycles the sequencer spends between steps: fetch (synchronous program read) and decode. */
export const FETCH_CYCLES = 2;

/** Offset of a window's drain/fill phase after the window start: clear of the exchange wave. */
export const chainStart = (c: EngineConfig): number => c.rows + loopSlots(c);

/**
 * Minimum window length in slot rounds: the drain/fill phase (R*P shifts) must fit between two exchange
 * waves, each R + P - 1 cycles long (per column). See docs/engine.md, "timeline".
 */
export function minRounds(c: EngineConfig): number {
  const P = loopSlots(c);
  return Math.ceil((c.rows * P + c.rows + P - 1) / P);
}

export function checkConfig(c: EngineConfig): void {
  for (const [k, v] of [
    ['rows', c.rows],
    ['cols', c.cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 64) throw new Error(`engine ${k} must be an integer in 1..64, got ${v}`);
  }
  if (!Number.isInteger(c.macStages) || c.macStages < 0 || c.macStages > 8)
    throw new Error(`macStages must be 0..8, got ${c.macStages}`);
  const banks = dataBanks(c);
  fermatBanks(banks);
  if (banks < Math.max(c.rows, c.cols))
    throw new Error(
      `${banks} data-memory banks cannot serve ${Math.max(c.rows, c.cols)} lanes: use at least max(rows, cols)`,
    );
}

/** 'RxC' or 'RxC:macStages' (default 3 stages), e.g. '8x5:1'. */
export function parseEngineShape(text: string): EngineConfig {
  const m = /^(\d+)x(\d+)(?::(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`engine shape '${text}': expected RxC or RxC:macStages`);
  const c = { rows: Number(m[1]), cols: Number(m[2]), macStages: m[3] === undefined ? 3 : Number(m[3]) };
  checkConfig(c);
  return c;
}
