// The vector unit's schedule of each opcode it runs in hardware: which lane family computes it, and for
// each pass over the m x n block which operand each memory port takes. The memory gives three vector
// reads (ports a, b, fill) and one vector write a cycle, so an opcode with more destinations than one
// (geluFwd: y and t; adam: p, m, v) runs one pass per destination, the lanes draining between passes.
// A 'k' source is the constants block's first word broadcast to every lane (strides 0).
import { OP_SPECS, VECTOR_OPS, type VectorInstruction, type VectorOp, type View, type ViewOperand } from './isa.js';

export type LaneFamily = 'arith' | 'activation' | 'optimizer' | 'reduce' | 'softmax' | 'layernorm';
export const LANE_FAMILIES: readonly LaneFamily[] = [
  'arith',
  'activation',
  'optimizer',
  'reduce',
  'softmax',
  'layernorm',
];
/** The families whose lanes sum rows in the 64-way ring (built at 1 to 8 lanes only). */
export const ROW_SUM_FAMILIES: readonly LaneFamily[] = ['softmax', 'layernorm'];

export type PortSource = ViewOperand | 'k';
export type ReadPort = 'a' | 'b' | 'f';

export interface HwPass {
  a?: PortSource;
  b?: PortSource;
  f?: PortSource;
  /** The destination written by this pass. */
  y: ViewOperand;
  /** Row periods: this pass's port lags, instead of the plan's. */
  lag?: Partial<Record<ReadPort | 'y', number>>;
  /** Row periods: this pass alternates sum and result periods (the plan's `alternate`, per pass). */
  alternate?: boolean;
  /**
   * Not in row periods: rows spaced as sumRows' are (a row reads the column sums the previous one
   * wrote), whatever the plan's rowPeriods (layerNormBwd's dBeta and dGamma passes).
   */
  columnSum?: boolean;
}

export interface HwPlan {
  family: LaneFamily;
  passes: readonly HwPass[];
  /** Words of the constants block loaded into the lanes' constant registers before the first pass. */
  loadConsts?: number;
  /** When these two operands are the same view the passes run last first (the in-place one written last). */
  reverseIfSame?: readonly [ViewOperand, ViewOperand];
  /**
   * Rows in periods of max(C, 64/L) issue cycles (the row sum's ring, vector-lane-softmax.ts), the last
   * row's included; a port with a lag k reads (or writes) row r - k in period r, for m + the largest lag periods.
   */
  rowPeriods?: {
    lag: Partial<Record<ReadPort | 'y', number>>;
    /**
     * Two periods a row, alternating: a sum period reads row i on ports a and b, then a result period
     * reads row i-1 on the same ports and writes it (softmaxBwd: 4 reads an element on 3 ports). 2m + 2 periods.
     */
    alternate?: boolean;
  };
}

const one = (family: LaneFamily, pass: HwPass): HwPlan => ({ family, passes: [pass] });

export const HW_PLANS: Partial<Record<VectorOp, HwPlan>> = {
  add: one('arith', { a: 'a', b: 'b', y: 'y' }),
  sub: one('arith', { a: 'a', b: 'b', y: 'y' }),
  mul: one('arith', { a: 'a', b: 'b', y: 'y' }),
  scale: one('arith', { a: 'a', b: 'k', y: 'y' }),
  copy: one('arith', { a: 'a', y: 'y' }),
  // b is the column-sum row read back (row i+1 reads what row i wrote: rows spaced, vector-cycle-model.ts).
  sumRows: one('arith', { a: 'a', b: 'y', y: 'y' }),
  // One word a row (y is col-shaped: its column stride is 0), written by the last lane at the row's end.
  rowMax: one('reduce', { a: 'a', y: 'y' }),
  // The row's sum leaves the tree at the last lane (like rowMax); stream b carries the row.
  rowSum: { family: 'softmax', passes: [{ b: 'a', y: 'y' }], rowPeriods: { lag: {} } },
  // Three rows at once: a = row r (maximum), b = row r-1 (exp, sum), f = row r-2 (exp, divide, written).
  softmax: {
    family: 'softmax',
    passes: [{ a: 'a', b: 'a', f: 'a', y: 'y' }],
    rowPeriods: { lag: { b: 1, f: 2, y: 2 } },
  },
  // Sum periods (row i: r(p dp) into the ring) and result periods (row i-1: dx) alternate on ports a, b.
  softmaxBwd: {
    family: 'softmax',
    passes: [{ a: 'a', b: 'b', y: 'y' }],
    rowPeriods: { lag: {}, alternate: true },
  },
  // rstd (a: row r into ring A, b: row r-1 into ring B), xhat (the same, rstd broadcast on f), y.
  layerNormFwd: {
    family: 'layernorm',
    passes: [
      { a: 'a', b: 'a', y: 'w', lag: { b: 1, y: 1 } },
      { a: 'a', b: 'a', f: 'w', y: 'z', lag: { b: 1, f: 1, y: 1 } },
      { a: 'z', b: 'b', f: 'c', y: 'y', lag: {} },
    ],
    loadConsts: 2,
    rowPeriods: { lag: {} },
  },
  // dBeta += dy and dGamma += r(dy xhat) (rows spaced like sumRows'), u = r(r(g - m1) - r(xhat m2)) into
  // y (sum and result periods alternating; gamma on f), dx = r(u rstd) (rstd broadcast on f).
  layerNormBwd: {
    family: 'layernorm',
    passes: [
      { a: 'a', f: 'w', y: 'w', columnSum: true },
      { a: 'a', b: 'b', f: 'z', y: 'z', columnSum: true },
      { a: 'a', b: 'b', f: 'd', y: 'y', alternate: true },
      { a: 'y', f: 'c', y: 'y' },
    ],
    loadConsts: 1,
    rowPeriods: { lag: {} },
  },
  tanhFwd: one('activation', { a: 'a', y: 'y' }),
  tanhBwd: one('activation', { a: 'a', b: 'b', y: 'y' }),
  geluBwd: one('activation', { a: 'a', b: 'b', f: 'c', y: 'y' }),
  // t first, then y from x again; if t overwrites x in place, y first.
  geluFwd: {
    family: 'activation',
    passes: [
      { a: 'a', y: 'z' },
      { a: 'a', y: 'y' },
    ],
    reverseIfSame: ['z', 'a'],
  },
  sgd: one('optimizer', { a: 'a', b: 'b', f: 'k', y: 'y' }),
  // m' (over m in place), v' (over v), then p' from the new m and v.
  adam: {
    family: 'optimizer',
    passes: [
      { b: 'b', f: 'c', y: 'z' },
      { b: 'b', f: 'd', y: 'w' },
      { a: 'a', b: 'z', f: 'w', y: 'y' },
    ],
    loadConsts: 6,
  },
};

/** The opcodes the hardware runs; the others end with `error` set. */
export const VECTOR_HW_OPS: readonly VectorOp[] = VECTOR_OPS.filter((op) => HW_PLANS[op] !== undefined);

/** A pass's row periods (its own lags and alternation, else the plan's), or undefined: not in row periods. */
export function passPeriods(plan: HwPlan, pass: HwPass = plan.passes[0]!): HwPlan['rowPeriods'] {
  if (!plan.rowPeriods || pass.columnSum) return undefined;
  const alternate = pass.alternate ?? plan.rowPeriods.alternate;
  return { lag: pass.lag ?? plan.rowPeriods.lag, ...(alternate ? { alternate } : {}) };
}

/** A row-period pass's port lags (its own, else the plan's). */
export const passLag = (plan: HwPlan, pass: HwPass = plan.passes[0]!): Partial<Record<ReadPort | 'y', number>> =>
  passPeriods(plan, pass)?.lag ?? {};

/** Rows of this pass spaced for the column sums read back (sumRows, and passes marked columnSum). */
export const passColumnSum = (op: VectorOp, pass: HwPass): boolean => op === 'sumRows' || pass.columnSum === true;

/** Periods of a row-period pass: one a row plus the largest lag. */
export const rowPeriodCount = (plan: HwPlan, m: number, pass?: HwPass): number =>
  passPeriods(plan, pass)?.alternate ? 2 * m + 2 : m + Math.max(0, ...Object.values(passLag(plan, pass)));

/** Most passes of any opcode (the unit's pass counter). */
export const MAX_PASSES = Math.max(...Object.values(HW_PLANS).map((p) => p!.passes.length));

const sameView = (p: View, q: View): boolean => p.off === q.off && p.row === q.row && p.col === q.col;

/** The passes of an instruction in the order the hardware runs them. */
export function passOrder(ins: VectorInstruction): readonly HwPass[] {
  const plan = HW_PLANS[ins.op];
  if (!plan) return [];
  const r = plan.reverseIfSame;
  const reverse =
    r !== undefined && ins[r[0]] !== undefined && ins[r[1]] !== undefined && sameView(ins[r[0]]!, ins[r[1]]!);
  return reverse ? [...plan.passes].reverse() : plan.passes;
}

/**
 * In-place views the pass schedule cannot honour: a destination that is the same view as a source a
 * later pass still reads (the interpreter reads every input of an element before writing any; the
 * hardware writes one destination per pass). Messages for the assembler.
 */
export function passHazards(ins: VectorInstruction): string[] {
  const passes = passOrder(ins);
  const spec = OP_SPECS[ins.op];
  const out: string[] = [];
  passes.forEach((p, i) => {
    const dest = ins[p.y];
    if (!dest) return;
    for (const later of passes.slice(i + 1))
      for (const src of [later.a, later.b, later.f]) {
        if (src === undefined || src === 'k' || src === p.y || !ins[src] || !sameView(ins[src]!, dest)) continue;
        out.push(
          `destination ${p.y} (${spec.roles[p.y]}) is written in place over ${src} (${spec.roles[src]}), which a later pass ` +
            `still reads (the unit writes ${passes.map((q) => q.y).join(', then ')}, one pass each): give ${p.y} its own buffer`,
        );
      }
  });
  return [...new Set(out)];
}
