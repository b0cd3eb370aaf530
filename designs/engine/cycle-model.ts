// The cycle model of the contraction engine: the same tiling and timeline as the RTL (engine.ts), as
// arithmetic. Checked equal to simulation at small shapes; used for the paper-scale tables.
import { type EngineConfig, FETCH_CYCLES, chainStart, loopSlots, minRounds } from './engine-config.js';

export interface StepTiming {
  /** Groups of P row tiles x column tiles. */
  groups: number;
  colTiles: number;
  /** Slot rounds per window: max(k, minRounds). */
  rounds: number;
  /** Cycles from the step's first window to its last result written. */
  stepCycles: number;
}

export function stepTiming(c: EngineConfig, m: number, n: number, k: number): StepTiming {
  const P = loopSlots(c);
  const rowTiles = Math.ceil(m / c.rows);
  const colTiles = Math.ceil(n / c.cols);
  const groups = Math.ceil(rowTiles / P) * colTiles;
  const rounds = Math.max(k, minRounds(c));
  // Windows -1 (fill, minRounds long), 0..groups-1 (compute, `rounds` long) and `groups` (flush),
  // which ends with its drain: the last sum written in column C-1.
  const stepCycles = (minRounds(c) + groups * rounds) * P + chainStart(c) + c.rows * P + c.cols + 2;
  return { groups, colTiles, rounds, stepCycles };
}

/** Cycles one instruction occupies the engine, fetch included. */
export const instructionCycles = (stepCycles: number): number => FETCH_CYCLES + stepCycles;

/** Cycles from start to done for a program of steps with these stepCycles. */
export function programCycles(stepCycles: readonly number[]): number {
  return stepCycles.reduce((a, s) => a + instructionCycles(s), 0);
}

export const utilization = (c: EngineConfig, macs: number, cycles: number): number => macs / (c.rows * c.cols * cycles);
