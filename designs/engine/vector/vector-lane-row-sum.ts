// The 64-way row sum's pieces shared by the lane families that sum rows (softmax, layernorm): the
// per-lane ring of partials with its in-lane halving tree, and the cross-lane levels the unit builds
// (docs/vector-unit.md "Row sum and softmax"). The ring: partial k = s*L + l lives in slot s = chunk mod
// P (P = 64/L); the adder and P-5 registers make a P-cycle loop, so slot s comes round exactly when chunk
// s + P arrives; the first P positions of a row start from +0 (P >= 5: up to 8 lanes). The in-lane tree:
// the row's last P ring outputs arrive one a cycle; level h adds the value h cycles back to the current
// one (window positions i, i+h), one adder a level.
import { Bool, UInt, mux, type Expr, type Signal } from '../../../dsl/index.js';
import { defaultStages } from '../../../rtl-lib/fp/hw/fp-unit-defaults.js';
import { ROW_SUM_WAYS } from '../../transformer/row-reduce.js';
import type { LaneDataflow, LaneHardware, Timed } from './vector-lane-dataflow.js';

/** The FP32 adder with its result register: one ring slot or one tree level. */
export const ADD_CYCLES = defaultStages('add') + 1;

/** Partials each lane keeps (ring slots). */
export const sumSlots = (lanes: number): number => ROW_SUM_WAYS / lanes;

/** The ring fits the adder's loop: at most 8 lanes (16 lanes would need a 4-cycle adder loop). */
export const rowSumLanesOk = (lanes: number): boolean => sumSlots(lanes) >= ADD_CYCLES;

/** Ring input (after a row's last position) -> the lane's sum out of the in-lane tree. */
export const ringTreeCycles = (lanes: number): number => ADD_CYCLES * (1 + Math.log2(sumSlots(lanes)));

/**
 * The ring and the in-lane tree over `value` (masked to +0 by the caller), `first` high in the row's
 * first P positions: the lane's sum, valid ringTreeCycles after the row's last position. Names are
 * `prefix` + ring_add, ring_q, ring_d<d>, tree<h>_*.
 */
export function ringSum(hw: LaneHardware, value: Expr, first: Expr, lanes: number, prefix = ''): Expr {
  const P = sumSlots(lanes);
  // The ring: slot s's partial comes back P cycles after it left, when chunk s + P arrives.
  const acc = hw.unit('add', `${prefix}ring_add`);
  acc.inValid.set(Bool().lit(true));
  acc.a.set(value);
  let partial: Signal | Expr = hw.delay(acc.y, `${prefix}ring_q`);
  let back: Expr = partial;
  for (let d = ADD_CYCLES; d < P; d++) back = hw.delay(back, `${prefix}ring_d${d}`);
  acc.b!.set(mux(first, UInt(32).lit(0), back));
  // The in-lane levels: the value h cycles back plus the current one.
  for (let h = P >> 1; h >= 1; h >>= 1) {
    let older: Expr = partial;
    for (let d = 1; d <= h; d++) older = hw.delay(older, `${prefix}tree${h}_d${d}`);
    const u = hw.unit('add', `${prefix}tree${h}_add`);
    u.inValid.set(Bool().lit(true));
    u.a.set(older);
    u.b!.set(partial);
    partial = hw.delay(u.y, `${prefix}tree${h}_q`);
  }
  return partial;
}

/** The cross-lane levels of the halving tree over the lanes' sums (lane l's at t = l): lane 0's result. */
export function crossLaneSum(df: LaneDataflow, sums: readonly Timed[], prefix = ''): Timed {
  const v = [...sums];
  for (let h = v.length >> 1; h >= 1; h >>= 1)
    for (let k = 0; k < h; k++) v[k] = df.op('add', `${prefix}sum_x${h}_${k}`, v[k]!, v[k + h]!);
  return v[0]!;
}

/** Cycles of the cross-lane levels at `lanes` lanes (lane 0's sum -> the total, before its register). */
export function crossLaneCycles(df: () => LaneDataflow, lanes: number): number {
  const x = df();
  return crossLaneSum(
    x,
    Array.from({ length: lanes }, (_, l) => x.inputAt(undefined, l, `s${l}`)),
  ).t;
}
