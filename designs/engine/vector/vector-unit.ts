// The vector unit's hardware (issue 14's point 1): L FP32 lanes, fully pipelined, over a banked data
// memory with strided conflict-free vector accesses (the engine's BankedDataMemory: Fermat banks,
// skewed lanes turned into one access per port and cycle). It runs one instruction word of the vector
// format (encoding.ts) from `start` to `done`; opcodes without hardware yet set `error` and end at
// once, so the unit never hangs. Which opcodes run, on which lane family and in which passes:
// vector-passes.ts; the lane datapaths: vector-lane-*.ts; cycles: vector-cycle-model.ts.
//
// This file is the control: per pass, the views of the three read ports (a, b, fill) and the write
// port y are decoded from the instruction, then one chunk of L consecutive elements of a row is issued
// per cycle (lane l takes element j = c*L + l, masked when j >= n). Lane l's words arrive l cycles after
// lane 0's (the memory's skew) and its result is written l cycles after lane 0's, so each lane is
// lane 0 delayed by l cycles: issue t -> lane 0's words at t+2 -> the family's lane (its latency) ->
// column 0 presented at t0 = t + 2 + latency (the memory deskews the columns and writes all at t0 + L).
// Between passes the lanes drain, so the decoded views and flags only change with nothing in flight.
import { Bool, Module, UInt, bitsFor, mux, when, type Expr, type HwOf, type Signal } from '../../../dsl/index.js';
import { LaneRead, LaneWrite } from '../engine-ports.js';
import { banksForLanes } from '../../../rtl-lib/mem/fermat-banks.js';
import type { RamStyle } from '../../../rtl-lib/mem/ram-config.js';
import { BankedDataMemory } from '../banked-data-memory.js';
import { VECTOR_FIELD_BITS, VECTOR_INSTRUCTION_BITS, VECTOR_OPCODE_BITS } from './encoding.js';
import { OP_SPECS, VIEW_OPERANDS, type VectorOp, type ViewOperand } from './isa.js';
import { vectorTiming } from './vector-cycle-model.js';
import { VectorLaneActivation } from './vector-lane-activation.js';
import { VectorLaneArith } from './vector-lane-arith.js';
import { ADAM_CONSTS, VectorLaneOptimizer } from './vector-lane-optimizer.js';
import { LANE_UNITS, LaneDataflow } from './vector-lane-dataflow.js';
import { VectorLaneLayerNorm, layerNormTimes } from './vector-lane-layernorm.js';
import { VectorLaneReduce } from './vector-lane-reduce.js';
import { VectorLayerNormRows } from './vector-layernorm-rows.js';
import { VectorLaneSoftmax, crossLaneSum, rowSumLanesOk, softmaxTimes, sumSlots } from './vector-lane-softmax.js';
import type { VectorLane } from './vector-lane.js';
import {
  HW_PLANS,
  LANE_FAMILIES,
  MAX_PASSES,
  type LaneFamily,
  type PortSource,
  ROW_SUM_FAMILIES,
  VECTOR_HW_OPS,
  passColumnSum,
  passLag,
  passPeriods,
  rowPeriodCount,
} from './vector-passes.js';

export { VECTOR_HW_OPS } from './vector-passes.js';

export interface VectorUnitConfig {
  /** FP32 lanes: a power of two, 1..16. */
  lanes: number;
  /** Words of the data memory (a power of two). */
  depth: number;
  /** Bank count (5, 17, 257); default 17 (enough for up to 17 lanes). */
  banks?: number;
  style?: RamStyle;
  /** The lane families built (default all): a unit without, say, the optimizer lanes refuses sgd and adam. */
  families?: readonly LaneFamily[];
  /**
   * No data memory inside: the unit drives the memory ports `mem_a`, `mem_b`, `mem_f` and `mem_wr`
   * (BankedDataMemory's timing) of a memory it shares with the engine (designs/engine/combined-core.ts);
   * the host ports are then unused and `writes_pending` is the memory's to tell.
   */
  externalMemory?: boolean;
}

/** The families a unit builds by default: all that fit its lanes (the row-sum lanes: up to 8). */
const defaultFamilies = (lanes: number): readonly LaneFamily[] =>
  LANE_FAMILIES.filter((f) => !ROW_SUM_FAMILIES.includes(f) || rowSumLanesOk(lanes));

/** The opcodes a unit of this configuration runs. */
export const vectorHwOps = (cfg: Pick<VectorUnitConfig, 'families' | 'lanes'>): readonly VectorOp[] =>
  VECTOR_HW_OPS.filter((op) => (cfg.families ?? defaultFamilies(cfg.lanes)).includes(HW_PLANS[op]!.family));

const W = VECTOR_FIELD_BITS;
const PHASE = { idle: 0, setup1: 1, consts: 2, setup2: 3, issue: 4, drain: 5 } as const;
const PORTS = ['a', 'b', 'f', 'y'] as const;
type Port = (typeof PORTS)[number];
const FIELDS = ['off', 'row', 'col'] as const;

export function checkVectorUnitConfig(cfg: VectorUnitConfig): void {
  if (!Number.isInteger(cfg.lanes) || cfg.lanes < 1 || cfg.lanes > 16 || (cfg.lanes & (cfg.lanes - 1)) !== 0)
    throw new RangeError(`vector unit lanes must be a power of two from 1 to 16, got ${cfg.lanes}`);
  const bad = (cfg.families ?? LANE_FAMILIES).filter((f) => !LANE_FAMILIES.includes(f));
  if (bad.length || cfg.families?.length === 0)
    throw new RangeError(
      `vector unit families: choose one or more of ${LANE_FAMILIES.join(', ')}, got [${cfg.families}]`,
    );
  for (const f of ROW_SUM_FAMILIES)
    if (cfg.families?.includes(f) && !rowSumLanesOk(cfg.lanes))
      throw new RangeError(`vector unit: the ${f} family needs at most 8 lanes, got ${cfg.lanes}`);
}

/** OR of conditions (false when there are none). */
const any = (xs: readonly Expr[]): Expr => xs.reduce((p, q) => p.or(q), Bool().lit(false) as Expr);

export class VectorUnit extends Module {
  readonly hostWe = this.input(Bool(), 'host_we');
  readonly hostWaddr;
  readonly hostWdata = this.input(UInt(32), 'host_wdata');
  readonly hostRaddr;
  readonly hostRdata = this.output(UInt(32), 'host_rdata');
  readonly ins = this.input(UInt(VECTOR_INSTRUCTION_BITS), 'ins');
  readonly start = this.input(Bool(), 'start');
  readonly busy = this.output(Bool(), 'busy');
  readonly done = this.output(Bool(), 'done');
  readonly error = this.output(Bool(), 'error');
  readonly writesPending = this.output(Bool(), 'writes_pending');

  constructor(readonly cfg: VectorUnitConfig) {
    checkVectorUnitConfig(cfg);
    const L = cfg.lanes;
    const banks = cfg.banks ?? banksForLanes(L);
    super({
      lanes: L,
      depth: cfg.depth,
      banks,
      ...(cfg.style ? { style: cfg.style } : {}),
      ...(cfg.families ? { families: cfg.families.join('+') } : {}),
      ...(cfg.externalMemory ? { externalMemory: true } : {}),
    });
    const timing = Object.fromEntries(LANE_FAMILIES.map((f) => [f, vectorTiming(cfg, f)])) as Record<
      LaneFamily,
      ReturnType<typeof vectorTiming>
    >;
    const families = LANE_FAMILIES.filter((f) => (cfg.families ?? defaultFamilies(L)).includes(f));
    const hwOps = vectorHwOps(cfg);
    // The row-sum lanes' latency depends on the opcode: their timing is per opcode.
    const SOFTMAX_OPS = hwOps.filter((op) => HW_PLANS[op]!.family === 'softmax');
    const opTiming = (op: VectorOp) => vectorTiming(cfg, 'softmax', op);
    const PLANNED = hwOps.map((op) => [op, HW_PLANS[op]!] as const);
    const MAX_CONSTS = Math.max(0, ...PLANNED.map(([, p]) => p.loadConsts ?? 0));
    const lg = Math.log2(L);
    const aw = bitsFor(cfg.depth);
    this.hostWaddr = this.input(UInt(aw), 'host_waddr');
    this.hostRaddr = this.input(UInt(aw), 'host_raddr');

    // ---- the instruction register and its fields ----------------------------------------------
    const insQ = this.reg(UInt(VECTOR_INSTRUCTION_BITS), { init: 0, name: 'ins_q' });
    const phase = this.reg(UInt(3), { init: PHASE.idle, name: 'phase' });
    const doneQ = this.reg(Bool(), { init: false, name: 'done_q' });
    const errorQ = this.reg(Bool(), { init: false, name: 'error_q' });
    const fieldOf = (word: Expr, i: number): Expr =>
      word.slice(VECTOR_OPCODE_BITS + (i + 1) * W - 1, VECTOR_OPCODE_BITS + i * W);
    const field = (i: number) => fieldOf(insQ, i);
    const viewIndex = (o: ViewOperand) => 3 + VIEW_OPERANDS.indexOf(o) * 3;
    const isOf = (word: Expr) => (op: VectorOp) => word.slice(VECTOR_OPCODE_BITS - 1, 0).eq(OP_SPECS[op].code);
    // The opcode decoded once, at start, into one flag per implemented opcode (short decode paths later).
    const opFlags = new Map(hwOps.map((op) => [op, this.reg(Bool(), { init: false, name: `is_${op}` })]));
    const is = (op: VectorOp): Expr => opFlags.get(op) ?? Bool().lit(false);
    const accFlag = insQ.bit(VECTOR_OPCODE_BITS + 24 * W);

    const reg24 = (name: string) => this.reg(UInt(W), { init: 0, name });
    const flag = (name: string) => this.reg(Bool(), { init: false, name });
    // Per port: the decoded view (off/row/col), the current row's base and the current chunk's address.
    const view = Object.fromEntries(
      PORTS.map((p) => [
        p,
        {
          off: reg24(`${p}_off`),
          row: reg24(`${p}_row`),
          col: reg24(`${p}_col`),
          base: reg24(`${p}_row_base`),
          addr: reg24(`${p}_addr`),
        },
      ]),
    ) as Record<Port, Record<'off' | 'row' | 'col' | 'base' | 'addr', Signal>>;
    const m = reg24('m_q'),
      n = reg24('n_q');
    const rem = reg24('rem'),
      row = reg24('row'),
      chunks = reg24('chunks_per_row'),
      gap = reg24('row_gap'),
      bubble = reg24('bubble'),
      drain = reg24('drain');
    const pass = this.reg(UInt(2), { init: 0, name: 'pass' });
    // Row periods (rowSum, softmax): the last period, each port's lag and last row, the position in a period.
    const lastRow = reg24('last_row');
    const LAGGED = ['b', 'f', 'y'] as const;
    const lag = Object.fromEntries(LAGGED.map((q) => [q, this.reg(UInt(2), { init: 0, name: `${q}_lag` })])) as Record<
      (typeof LAGGED)[number],
      Signal
    >;
    const rowEnd = Object.fromEntries(LAGGED.map((q) => [q, reg24(`${q}_last_row`)])) as Record<
      (typeof LAGGED)[number],
      Signal
    >;
    const periods = flag('row_periods');
    const finishing = flag('finishing');
    const P = sumSlots(L);
    const pos = this.reg(UInt(bitsFor(P + 1)), { init: 0, name: 'period_pos' });
    // softmaxBwd's alternating periods: odd ones sum row (row+1)/2 - 1, even ones write row row/2 - 2.
    const opBwd = flag('op_softmax_bwd');
    const prevBase = { a: reg24('a_prev_base'), b: reg24('b_prev_base') };
    const sumPeriod = row.bit(0);
    const sumValid = sumPeriod.and(row.lt(m.shl(1).trunc(W)));
    const resultValid = sumPeriod.not().and(row.gt(3));
    const reverse = flag('reverse_passes');
    const lastPass = flag('last_pass');
    const cnt = this.reg(UInt(4), { init: 0, name: 'const_count' });
    const family = Object.fromEntries(families.map((f) => [f, flag(`family_${f}`)])) as Record<LaneFamily, Signal>;
    const opMul = flag('op_mul'),
      opSub = flag('op_sub'),
      opCopy = flag('op_copy'),
      opSum = flag('op_sum_rows'),
      zeroFirst = flag('zero_first_row'),
      firstRow = flag('first_row'),
      opTanhFwd = flag('op_tanh_fwd'),
      opTanhBwd = flag('op_tanh_bwd'),
      backward = flag('act_backward'),
      writeT = flag('write_t'),
      opSgd = flag('op_sgd'),
      passM = flag('pass_m'),
      passV = flag('pass_v');
    if (MAX_PASSES > 4) throw new Error('the pass counter has 2 bits');

    // ---- decoding a pass: which plan entry runs now --------------------------------------------
    /** The instruction is `op` and this is the plan's pass p (after reversal). */
    const passIs = (op: VectorOp, p: number): Expr => {
      const plan = HW_PLANS[op]!;
      const here = pass.eq(p);
      const r = plan.reverseIfSame ? mux(reverse, pass.eq(plan.passes.length - 1 - p), here) : here;
      return is(op).and(r);
    };
    const entries = PLANNED.flatMap(([op, plan]) =>
      plan.passes.map((ps, p) => ({ op, plan, ps, p, at: passIs(op, p) })),
    );
    /** Which instruction field a port takes for a source of `op`: none for a 'k' source's strides and
     *  for the stride a shape does not have ('row': no row stride, 'col': no column stride). */
    const sourceField = (op: VectorOp, src: PortSource, f: (typeof FIELDS)[number]): number | undefined => {
      if (src === 'k') return f === 'off' ? 2 : undefined;
      const shape = OP_SPECS[op].operands[src];
      if ((shape === 'row' && f === 'row') || (shape === 'col' && f === 'col')) return undefined;
      return viewIndex(src) + FIELDS.indexOf(f);
    };
    /** AND-OR over the plan entries (exactly one is active): each distinct field once. */
    const decode = (port: Port, f: (typeof FIELDS)[number]): Expr => {
      const byField = new Map<number, Expr[]>();
      for (const e of entries) {
        const src = port === 'y' ? e.ps.y : e.ps[port];
        const i = src === undefined ? undefined : sourceField(e.op, src, f);
        if (i !== undefined) byField.set(i, [...(byField.get(i) ?? []), e.at]);
      }
      return [...byField.entries()]
        .map(([i, conds]) => mux(any(conds), field(i), UInt(W).lit(0)))
        .reduce((p, q) => p.or(q), UInt(W).lit(0) as Expr);
    };

    const supported = any(hwOps.map(is));
    const idle = phase.eq(PHASE.idle);
    when(doneQ, () => doneQ.set(false));
    when(idle.and(this.start), () => {
      insQ.set(this.ins);
      phase.set(PHASE.setup1);
      errorQ.set(false);
      pass.set(0);
      for (const [op, r] of opFlags) r.set(isOf(this.ins)(op));
      // The passes run last first when the plan's two operands are one view (geluFwd's t over x).
      const isIns = isOf(this.ins);
      const same = (p: ViewOperand, q: ViewOperand) =>
        [0, 1, 2].map((i) => fieldOf(this.ins, viewIndex(p) + i).eq(fieldOf(this.ins, viewIndex(q) + i)));
      reverse.set(
        any(
          PLANNED.filter(([, pl]) => pl.reverseIfSame).map(([op, pl]) =>
            [isIns(op), ...same(...pl.reverseIfSame!)].reduce((x, y) => x.and(y)),
          ),
        ),
      );
    });
    // setup1: the pass's views and flags, the chunk count of a row; adam first loads its constants.
    when(phase.eq(PHASE.setup1), () => {
      const loads = PLANNED.filter(([, p]) => p.loadConsts).map(([op]) => is(op).and(pass.eq(0)));
      when(supported.not(), () => {
        errorQ.set(true);
        doneQ.set(true);
        phase.set(PHASE.idle);
      })
        .elsewhen(any(loads), () => phase.set(PHASE.consts))
        .otherwise(() => phase.set(PHASE.setup2));
      cnt.set(0);
      m.set(field(0));
      n.set(field(1));
      for (const p of PORTS) for (const f of FIELDS) view[p][f].set(decode(p, f));
      view.a.addr.set(field(2)); // the constants load reads the block through port a (its stride is 0)
      chunks.set(
        field(1)
          .add(L - 1)
          .trunc(W)
          .shr(lg)
          .resize(W),
      );
      lastPass.set(any(PLANNED.map(([op, pl]) => is(op).and(pass.eq(pl.passes.length - 1)))));
      for (const f of families) family[f].set(any(PLANNED.filter(([, p]) => p.family === f).map(([op]) => is(op))));
      opMul.set(is('mul').or(is('scale')));
      opSub.set(is('sub'));
      opCopy.set(is('copy'));
      opSum.set(is('sumRows').or(any(entries.filter((e) => passColumnSum(e.op, e.ps)).map((e) => e.at))));
      zeroFirst.set(is('sumRows').and(accFlag.not()));
      opTanhFwd.set(is('tanhFwd'));
      opTanhBwd.set(is('tanhBwd'));
      backward.set(is('tanhBwd').or(is('geluBwd')));
      writeT.set(is('tanhFwd').or(any(entries.filter((e) => e.op === 'geluFwd' && e.ps.y === 'z').map((e) => e.at))));
      opSgd.set(is('sgd'));
      periods.set(any(entries.filter((e) => passPeriods(e.plan, e.ps)).map((e) => e.at)));
      // Each row-period pass's lags (its own or its plan's: layerNormFwd's passes differ).
      const periodEntries = entries.filter((e) => passPeriods(e.plan, e.ps));
      const lagOf = (q: (typeof LAGGED)[number]) =>
        periodEntries
          .filter((e) => passLag(e.plan, e.ps)[q])
          .reduce((acc: Expr, e) => mux(e.at, UInt(2).lit(passLag(e.plan, e.ps)[q]!), acc), UInt(2).lit(0));
      for (const q of LAGGED) lag[q].set(lagOf(q));
      const most = periodEntries
        .filter((e) => !passPeriods(e.plan, e.ps)!.alternate && rowPeriodCount(e.plan, 0, e.ps) > 0)
        .reduce((acc: Expr, e) => mux(e.at, UInt(2).lit(rowPeriodCount(e.plan, 0, e.ps)), acc), UInt(2).lit(0));
      // Alternating periods (softmaxBwd): 2m + 2.
      const alternating = any(periodEntries.filter((e) => passPeriods(e.plan, e.ps)!.alternate).map((e) => e.at));
      lastRow.set(mux(alternating, field(0).shl(1).add(2).trunc(W), field(0).add(most.resize(W)).trunc(W)).trunc(W));
      opBwd.set(alternating);
      passM.set(passIs('adam', 0));
      passV.set(passIs('adam', 1));
    });
    // consts: read the constants block one word a cycle through port a; lane 0 has each 2 cycles later.
    const constWords = (): Expr =>
      PLANNED.filter(([, p]) => p.loadConsts).reduce(
        (acc: Expr, [op, p]) => mux(is(op), UInt(4).lit(p.loadConsts!), acc),
        UInt(4).lit(0),
      );
    when(phase.eq(PHASE.consts), () => {
      view.a.addr.set(view.a.addr.add(1).trunc(W));
      cnt.set(cnt.add(1).trunc(4));
      when(cnt.eq(constWords().add(1).trunc(4)), () => phase.set(PHASE.setup2));
    });
    // setup2: the row gap sumRows needs (a row's reads must follow the previous row's writes), the walk.
    when(phase.eq(PHASE.setup2), () => {
      phase.set(PHASE.issue);
      // The column sums' read-after-write distance: the arith lanes' (sumRows), the layernorm lanes' (dGamma, dBeta).
      const rmw = families.includes('layernorm')
        ? mux(family.layernorm!, UInt(W).lit(timing.layernorm.readAfterWrite), UInt(W).lit(timing.arith.readAfterWrite))
        : UInt(W).lit(timing.arith.readAfterWrite);
      const slots = UInt(W).lit(P);
      gap.set(
        mux(
          opSum.and(chunks.lt(rmw)),
          rmw.sub(chunks).trunc(W),
          mux(periods.and(chunks.lt(slots)), slots.sub(chunks).trunc(W), UInt(W).lit(0)),
        ),
      );
      for (const q of LAGGED) rowEnd[q].set(m.add(lag[q].resize(W)).trunc(W));
      pos.set(0);
      finishing.set(false);
      for (const p of PORTS) {
        view[p].base.set(view[p].off);
        view[p].addr.set(view[p].off);
      }
      rem.set(n);
      prevBase.a.set(view.a.off);
      prevBase.b.set(view.b.off);
      row.set(UInt(W).lit(1));
      bubble.set(UInt(W).lit(0));
      firstRow.set(true);
    });

    // issue: one chunk a cycle, or a bubble.
    const issuing = phase.eq(PHASE.issue).and(bubble.eq(0));
    const lastChunk = rem.le(L);
    // Whether the current period's row is one port q reads or writes (lag k: rows k+1 .. m+k).
    const rowValid = (q: Port): Expr => (q === 'a' ? row.le(m) : row.gt(lag[q].resize(W)).and(row.le(rowEnd[q])));
    // The drain of the instruction's opcode (the row-sum lanes' latency depends on the opcode).
    const drainStart = (): Expr =>
      families.reduce(
        (acc: Expr, f) =>
          f === 'softmax'
            ? SOFTMAX_OPS.reduce((a2: Expr, op) => mux(is(op), UInt(W).lit(opTiming(op).drainCycles - 1), a2), acc)
            : mux(family[f], UInt(W).lit(timing[f].drainCycles - 1), acc),
        UInt(W).lit(0),
      );
    const lastPos = phase.eq(PHASE.issue).and(bubble.eq(1).or(bubble.eq(0).and(lastChunk).and(gap.eq(0))));
    when(phase.eq(PHASE.issue), () => {
      pos.set(mux(lastPos, UInt(pos.width).lit(0), mux(pos.eq(P), pos, pos.add(1).trunc(pos.width))));
      when(bubble.ne(0), () => {
        bubble.set(bubble.sub(1).trunc(W));
        when(finishing.and(bubble.eq(1)), () => {
          phase.set(PHASE.drain);
          drain.set(drainStart());
        });
      })
        .elsewhen(lastChunk.not(), () => {
          rem.set(rem.sub(L).trunc(W));
          for (const p of PORTS) view[p].addr.set(view[p].addr.add(view[p].col.shl(lg).trunc(W)).trunc(W));
        })
        .elsewhen(row.eq(lastRow), () => {
          // Row periods: the last row's gap positions too (the ring's last slots), then the drain.
          when(periods.and(gap.ne(0)), () => {
            bubble.set(gap);
            finishing.set(true);
          }).otherwise(() => {
            phase.set(PHASE.drain);
            drain.set(drainStart());
          });
        })
        .otherwise(() => {
          for (const p of PORTS) {
            // A lagging port stays on its first row until its rows begin.
            const stepped = view[p].base.add(view[p].row).trunc(W);
            const next = mux(rowValid(p), stepped, view[p].base);
            view[p].base.set(next);
            view[p].addr.set(next);
            // softmaxBwd: a and b read the summed row, then the row before it; y steps on written rows.
            when(opBwd, () => {
              if (p === 'a' || p === 'b') {
                when(sumPeriod, () => {
                  view[p].base.set(mux(sumValid, stepped, view[p].base));
                  view[p].addr.set(prevBase[p]);
                  prevBase[p].set(view[p].base);
                }).otherwise(() => {
                  view[p].base.set(view[p].base);
                  view[p].addr.set(view[p].base);
                });
              } else if (p === 'y') {
                const y = mux(resultValid, stepped, view[p].base);
                view[p].base.set(y);
                view[p].addr.set(y);
              }
            });
          }
          rem.set(n);
          row.set(row.add(1).trunc(W));
          bubble.set(gap);
          firstRow.set(false);
        });
    });
    // drain: the pass's last writes land; then done, or the next pass.
    when(phase.eq(PHASE.drain), () => {
      drain.set(drain.sub(1).trunc(W));
      when(drain.eq(0), () => {
        when(lastPass, () => {
          phase.set(PHASE.idle);
          doneQ.set(true);
        }).otherwise(() => {
          phase.set(PHASE.setup1);
          pass.set(pass.add(1).trunc(2));
        });
      });
    });
    this.busy.set(idle.not());
    this.done.set(doneQ);
    this.error.set(errorQ);

    // ---- the data memory (inside, or the ports of a shared one) --------------------------------
    const data = cfg.externalMemory ? this.memoryPorts(L) : this.ownMemory(cfg, banks, idle, aw);
    const ports = { a: data.rd.a, b: data.rd.b, f: data.rd.fill } as const;
    for (const p of ['a', 'b', 'f'] as const) {
      ports[p].addr.set(view[p].addr);
      ports[p].stride.set(view[p].col);
    }

    // adam's constants: shifted in from port a's lane 0 as they arrive.
    // (No constants without the optimizer lanes: no compare against 0, which lint flags as constant.)
    const constIn = MAX_CONSTS
      ? this.delayN(phase.eq(PHASE.consts).and(cnt.lt(constWords())), 2, 'const_in', false)
      : Bool().lit(false);
    const consts = Array.from({ length: MAX_CONSTS }, (_, i) => this.reg(UInt(32), { init: 0, name: `const${i}` }));
    when(constIn, () => consts.forEach((r, i) => r.set(i + 1 < consts.length ? consts[i + 1]! : data.rd.a.data[0]!)));

    // ---- the lanes ----------------------------------------------------------------------------
    const validAt2 = this.delayN(issuing, 2, 'issue', false);
    const zeroBAt2 = this.delayN(zeroFirst.and(firstRow), 2, 'zero_b', false);
    const maskAt2 = Array.from({ length: L }, (_, l) => this.delayN(issuing.and(rem.gt(l)), 2, `lane${l}_mask`, false));
    // rowMax: the chunk's place in its row travels with it (the reduce lanes restart and finish on it).
    const firstAt2 = this.delayN(issuing.and(rem.eq(n)), 2, 'row_first', false);
    const lastAt2 = this.delayN(issuing.and(lastChunk), 2, 'row_last', false);
    let prevReduce: VectorLaneReduce | undefined;
    const opRowSum = flag('op_row_sum');
    when(phase.eq(PHASE.setup1), () => opRowSum.set(is('rowSum')));
    // The row-sum lanes: each stream's rows, its tags, and the per-row results broadcast back.
    const streamValid = new Map<Port, Expr>();
    const streamAt2 = (q: Port): Expr => {
      if (!streamValid.has(q)) streamValid.set(q, this.delayN(rowValid(q), 2, `row_valid_${q}`, false));
      return streamValid.get(q)!;
    };
    // In a row's gap cycles the row counter already names the next row: stream b's row is held.
    const gapRowB = flag('gap_row_valid_b');
    // Which periods feed the ring (and end in a sum), and which write.
    const sumRow = mux(opBwd, sumValid, rowValid('b'));
    const sumCapture = mux(opBwd, sumPeriod, rowValid('b'));
    const writeRow = mux(opBwd, resultValid, rowValid('f'));
    when(issuing, () => gapRowB.set(sumCapture));
    // The ring restarts on a period's first P positions (both row-sum families).
    const ringFirstAt2 = families.some((f) => ROW_SUM_FAMILIES.includes(f))
      ? this.delayN(phase.eq(PHASE.issue).and(pos.lt(P)), 2, 'ring_first', false)
      : Bool().lit(false);
    const streams = families.includes('softmax')
      ? {
          a: validAt2.and(streamAt2('a')),
          b: validAt2.and(this.delayN(sumRow, 2, 'sum_row', false)),
          // rowSum writes only its sums
          f: validAt2
            .and(this.delayN(writeRow, 2, 'write_row', false))
            .and(family.softmax!)
            .and(opRowSum.not()),
          // Every period ends its maximum (masked rows give -Infinity), so row_max_prev is always the
          // row two periods back, the last rows' included.
          firstA: firstAt2.and(family.softmax!),
          lastA: lastAt2.and(family.softmax!),
          ringFirst: ringFirstAt2,
          lastPosB: this.delayN(lastPos.and(mux(bubble.ne(0), gapRowB, sumCapture)), 2, 'last_pos_b', false),
        }
      : undefined;
    // rowSum's result: the last column, rowSumLatency after the row's last chunk (the sum register holds it).
    const rowSumValid = streams
      ? this.delayN(
          lastAt2.and(streamAt2('b')).and(opRowSum),
          softmaxTimes(L).rowSumLatency + L - 1,
          'row_sum_valid',
          false,
        )
      : Bool().lit(false);
    // LayerNorm: pass 1 writes rstd from the last column (one word a row, like rowSum's), passes 2 and 3
    // write stream y's rows (xhat: row r-1, y: row r) from every lane.
    const ln = families.includes('layernorm')
      ? (() => {
          const rstdPass = flag('ln_rstd_pass'),
            yPass = flag('ln_y_pass'),
            addOnly = flag('ln_add_only'),
            bwd = flag('ln_bwd'),
            uPass = flag('ln_u_pass');
          when(phase.eq(PHASE.setup1), () => {
            rstdPass.set(passIs('layerNormFwd', 0));
            yPass.set(passIs('layerNormFwd', 2).or(passIs('layerNormBwd', 0)).or(passIs('layerNormBwd', 1)));
            addOnly.set(passIs('layerNormBwd', 0));
            bwd.set(is('layerNormBwd'));
            uPass.set(passIs('layerNormBwd', 2));
          });
          const rows = this.instance(new VectorLayerNormRows(L), 'ln_rows');
          rows.lastPos.set(this.delayN(lastPos, 2, 'last_pos', false));
          // The backward's sum periods end its rows (the gap positions keep the period's kind).
          rows.sumEnd.set(this.delayN(lastPos.and(mux(bubble.ne(0), gapRowB, sumCapture)), 2, 'ln_sum_end', false));
          // The constants block's words arrive last in the constant registers: invD, eps (forward); invD.
          rows.invD.set(mux(bwd, consts[MAX_CONSTS - 1]!, consts[MAX_CONSTS - 2]!));
          rows.eps.set(consts[MAX_CONSTS - 1]!);
          const rstdValid = this.delayN(
            lastAt2.and(streamAt2('b')).and(rstdPass),
            layerNormTimes(L).latency + L - 1,
            'ln_rstd_valid',
            false,
          );
          return {
            rows,
            rstdPass,
            yPass,
            addOnly,
            bwd,
            uPass,
            rstdValid,
            a: validAt2.and(this.delayN(mux(opBwd, sumValid, rowValid('a')), 2, 'ln_ring_a', false)),
            b: validAt2.and(this.delayN(mux(opBwd, sumValid, rowValid('b')), 2, 'ln_ring_b', false)),
            y: validAt2
              .and(this.delayN(mux(opBwd, resultValid, rowValid('y')), 2, 'ln_write_row', false))
              .and(family.layernorm!)
              .and(rstdPass.not()),
          };
        })()
      : undefined;
    const mx = this.reg(UInt(32), { init: 0, name: 'row_max' });
    const mxPrev = this.reg(UInt(32), { init: 0, name: 'row_max_prev' });
    const sm = this.reg(UInt(32), { init: 0, name: 'row_sum' });
    const smPrev = this.reg(UInt(32), { init: 0, name: 'row_sum_prev' });
    let prevSoftmax: VectorLaneSoftmax | undefined;
    const softmaxLanes: VectorLaneSoftmax[] = [];
    for (let l = 0; l < L; l++) {
      // Lane l runs l cycles behind lane 0: its words arrive then, and its column is written then.
      const en = this.delayN(maskAt2[l]!.and(validAt2), l, `lane${l}_en`, false);
      const zeroB = () => this.delayN(zeroBAt2, l, `lane${l}_zero_b`, false);
      const build: Record<LaneFamily, () => VectorLane> = {
        arith: () => {
          const u = this.instance(new VectorLaneArith(), `lane${l}_arith`);
          u.zeroB.set(zeroB());
          u.opSub.set(opSub);
          u.opMul.set(opMul);
          u.opCopy.set(opCopy);
          return u;
        },
        activation: () => {
          const u = this.instance(new VectorLaneActivation(), `lane${l}_activation`);
          u.opTanhFwd.set(opTanhFwd);
          u.opTanhBwd.set(opTanhBwd);
          u.backward.set(backward);
          u.writeT.set(writeT);
          return u;
        },
        optimizer: () => {
          const u = this.instance(new VectorLaneOptimizer(), `lane${l}_optimizer`);
          u.opSgd.set(opSgd);
          u.passM.set(passM);
          u.passV.set(passV);
          ADAM_CONSTS.forEach((k, i) => u.k[k].set(consts[i]!));
          return u;
        },
        softmax: () => {
          const st = streams!;
          const u = this.instance(new VectorLaneSoftmax(L), `lane${l}_softmax`);
          const lane = (x: Expr, name: string) => this.delayN(x, l, name, false);
          u.enA.set(lane(maskAt2[l]!.and(st.a), `lane${l}_en_a`));
          u.enB.set(lane(maskAt2[l]!.and(st.b), `lane${l}_en_b`));
          u.firstA.set(lane(st.firstA, 'first_a_at2'));
          u.lastA.set(lane(st.lastA, 'last_a_at2'));
          u.ringFirst.set(lane(st.ringFirst, 'ring_first_at2'));
          u.opRowSum.set(opRowSum);
          u.chainIn.set(prevSoftmax ? prevSoftmax.chainOut : UInt(32).lit(0xff800000));
          u.maxB.set(this.delayN(mx, l, 'max_b'));
          u.maxF.set(this.delayN(mxPrev, l, 'max_f'));
          u.sumF.set(this.delayN(sm, l, 'sum_f'));
          u.sumD.set(this.delayN(smPrev, l, 'sum_d'));
          u.opBwd.set(opBwd);
          prevSoftmax = u;
          softmaxLanes.push(u);
          return u;
        },
        layernorm: () => {
          const st = ln!;
          const u = this.instance(new VectorLaneLayerNorm(L), `lane${l}_layernorm`);
          const lane = (x: Expr, name: string) => this.delayN(x, l, name, false);
          u.enA.set(lane(maskAt2[l]!.and(st.a), `lane${l}_ln_en_a`));
          u.enB.set(lane(maskAt2[l]!.and(st.b), `lane${l}_ln_en_b`));
          u.ringFirst.set(lane(ringFirstAt2, 'ring_first_at2'));
          u.opY.set(st.yPass);
          u.addOnly.set(st.addOnly);
          u.bwd.set(st.bwd);
          u.opU.set(st.uPass);
          u.meanB.set(this.delayN(st.rows.mean, l, 'ln_mean_b'));
          u.m1.set(this.delayN(st.rows.m1, l, 'ln_m1'));
          u.m2.set(this.delayN(st.rows.m2, l, 'ln_m2'));
          st.rows.laneSumA[l]!.set(u.laneSumA);
          st.rows.laneSumB[l]!.set(u.laneSumB);
          return u;
        },
        reduce: () => {
          const u = this.instance(new VectorLaneReduce(), `lane${l}_reduce`);
          u.first.set(this.delayN(firstAt2, l, 'row_first_at2', false).and(family.reduce));
          u.last.set(this.delayN(lastAt2, l, 'row_last_at2', false).and(family.reduce));
          u.chainIn.set(prevReduce ? prevReduce.y : UInt(32).lit(0xff800000));
          prevReduce = u;
          return u;
        },
      };
      const units = families.map((f) => {
        const u = build[f]();
        u.a.set(data.rd.a.data[l]!);
        u.b.set(data.rd.b.data[l]!);
        u.c.set(data.rd.fill.data[l]!);
        // The row-sum lanes write stream f's row (softmax's p).
        u.en.set(
          f === 'softmax'
            ? this.delayN(maskAt2[l]!.and(streams!.f), l, `lane${l}_en_f`, false)
            : f === 'layernorm'
              ? this.delayN(maskAt2[l]!.and(ln!.y), l, `lane${l}_ln_en_y`, false)
              : en.and(family[f]),
        );
        return [f, u] as const;
      });
      // A reduce lane's result is the row's only when it is the last lane (the chain's end); the last
      // column also writes rowSum's result.
      const last = l === L - 1;
      const lastData = (f: LaneFamily, y: Expr): Expr =>
        !last
          ? y
          : f === 'softmax'
            ? mux(opRowSum, sm, y)
            : f === 'layernorm'
              ? mux(ln!.rstdPass, ln!.rows.rstd, y)
              : y;
      data.wr.en[l]!.set(
        any([
          ...units.filter(([f]) => f !== 'reduce' || last).map(([, u]) => u.valid),
          ...(last && streams ? [rowSumValid] : []),
          ...(last && ln ? [ln.rstdValid] : []),
        ]),
      );
      data.wr.data[l]!.set(units.reduce((acc: Expr, [f, u]) => mux(family[f], lastData(f, u.y), acc), units[0]![1].y));
    }
    if (streams) {
      // The row's maximum from the chain's end; the one before it for stream f.
      const end = softmaxLanes[L - 1]!;
      when(end.chainValid, () => {
        mx.set(end.chainOut);
        mxPrev.set(mx);
      });
      // The cross-lane levels over the lanes' sums (lane l's l cycles after lane 0's), then the register.
      const df = new LaneDataflow({
        delay: (v, name) => this.delay(v, name),
        unit: (kind, name) => this.instance(new LANE_UNITS[kind](), name),
      });
      const total = crossLaneSum(
        df,
        softmaxLanes.map((u, l) => df.inputAt(u.laneSum, l, `lane_sum${l}`)),
      );
      const times = softmaxTimes(L);
      if (total.t !== times.rowSum - times.laneSum) throw new Error('vector unit: cross-lane sum time differs');
      when(this.delayN(streams.lastPosB, times.rowSum, 'sum_capture', false), () => {
        sm.set(df.at(total, total.t)!);
        smPrev.set(sm);
      });
    }
    // Column 0's address at its write time t0 = issue + issueToWrite of the instruction's family.
    const yAt = (d: number) => this.delayN(view.y.addr, d, 'wr_addr');
    data.wr.addr.set(
      families.reduce(
        (acc: Expr, f) =>
          f === 'softmax'
            ? SOFTMAX_OPS.reduce((a2: Expr, op) => mux(is(op), yAt(opTiming(op).issueToWrite), a2), acc)
            : mux(family[f], yAt(timing[f].issueToWrite), acc),
        yAt(timing[families[0]!].issueToWrite),
      ),
    );
    data.wr.stride.set(view.y.col);
  }

  /** The unit's own BankedDataMemory, with the host's ports while the unit is idle. */
  private ownMemory(cfg: VectorUnitConfig, banks: number, idle: Expr, aw: number) {
    const data = this.instance(
      new BankedDataMemory({
        depth: cfg.depth,
        rows: cfg.lanes,
        cols: cfg.lanes,
        banks,
        addrBits: W,
        ...(cfg.style ? { style: cfg.style } : {}),
      }),
      'data',
    );
    data.hostSel.set(idle);
    data.host.we.set(this.hostWe);
    data.host.waddr.set(this.hostWaddr);
    data.host.wdata.set(this.hostWdata);
    data.host.raddr.set(this.hostRaddr);
    data.host.raddr2.set(UInt(aw).lit(0));
    this.hostRdata.set(data.host.rdata);
    this.writesPending.set(data.writesPending);
    return data;
  }

  /** Ports to a memory outside the unit, with BankedDataMemory's timing (`externalMemory`). */
  mem?: { rd: Record<'a' | 'b' | 'fill', HwOf<ReturnType<typeof LaneRead>>>; wr: HwOf<ReturnType<typeof LaneWrite>> };
  private memoryPorts(L: number) {
    const rd = {
      a: this.output(LaneRead(L, W), 'mem_a'),
      b: this.output(LaneRead(L, W), 'mem_b'),
      fill: this.output(LaneRead(L, W), 'mem_f'),
    };
    const wr = this.output(LaneWrite(L, W), 'mem_wr');
    this.hostRdata.set(UInt(32).lit(0));
    this.writesPending.set(Bool().lit(false));
    this.mem = { rd, wr };
    return this.mem;
  }

  /** x delayed by k registers named name_d1.., shared between calls with the same name. */
  private delayN(x: Expr, k: number, name: string, init?: boolean): Expr {
    const chain = (this.chains[name] ??= [x]);
    if (chain[0] !== x) throw new Error(`delay chain ${name} reused for another value`);
    while (chain.length <= k) {
      const d = chain.length;
      chain.push(
        init === undefined
          ? this.delay(chain[d - 1]!, `${name}_d${d}`)
          : this.delay(chain[d - 1]!, { name: `${name}_d${d}`, init }),
      );
    }
    return chain[k]!;
  }
  private readonly chains: Record<string, Expr[]> = {};
}
