// Cycles of one vector instruction on the vector unit (vector-unit.ts), from the cycle in which `start`
// is high to the first cycle `done` is high. The hardware does not compute these numbers; simulations
// compare them with what they measure (test/designs/engine/vector/vector-unit.test.ts).
//
//   cycle 0: start;  1, 2: setup;  3 ..: issue, one chunk of L elements a cycle (plus sumRows' row gaps)
//   last issue t -> last column written at the end of t + issueToWrite + L -> done one cycle later.
import { defaultStages } from '../../../rtl-lib/fp/hw/fp-unit-defaults.js';
import type { VectorInstruction } from './isa.js';

export interface VectorTiming {
  /** Pipeline registers of the lanes' FP units (the adder and multiplier padded to the longer). */
  unitLatency: number;
  /** Issue of a chunk -> its column-0 result presented to the memory. */
  issueToWrite: number;
  /** Least distance in issue cycles between a chunk's write and a read of the same words. */
  readAfterWrite: number;
  /** Cycles from the last issue to done. */
  drainCycles: number;
}

export function vectorTiming(cfg: { lanes: number }): VectorTiming {
  const unitLatency = Math.max(defaultStages('add'), defaultStages('mul'));
  // 2 cycles to lane 0's word (registered lane addresses, synchronous RAM), the operand register, the
  // unit, the result register.
  const issueToWrite = 4 + unitLatency;
  return {
    unitLatency,
    issueToWrite,
    readAfterWrite: issueToWrite + cfg.lanes,
    drainCycles: issueToWrite + cfg.lanes,
  };
}

/** Issue cycles of one row block: chunks per row, and sumRows' bubbles between rows. */
export function vectorIssueCycles(cfg: { lanes: number }, ins: Pick<VectorInstruction, 'op' | 'm' | 'n'>): number {
  const chunks = Math.ceil(ins.n / cfg.lanes);
  const gap = ins.op === 'sumRows' ? Math.max(0, vectorTiming(cfg).readAfterWrite - chunks) : 0;
  return ins.m * chunks + (ins.m - 1) * gap;
}

/** Cycles from start to done; an opcode without hardware ends after setup (`error`). */
export function vectorCycles(
  cfg: { lanes: number },
  ins: Pick<VectorInstruction, 'op' | 'm' | 'n'>,
  hardware: readonly string[],
): number {
  if (!hardware.includes(ins.op)) return 2;
  return 3 + vectorIssueCycles(cfg, ins) + vectorTiming(cfg).drainCycles;
}
