// The vector unit's hardware (first part of issue 14's point 1): L FP32 lanes, fully pipelined, over a
// banked data memory with strided conflict-free vector accesses (the engine's BankedDataMemory: Fermat
// banks, skewed lanes turned into one access per role and cycle). It runs one instruction word of the
// vector format (encoding.ts) from `start` to `done`; opcodes without hardware yet set `error` and end at
// once, so the unit never hangs. Hardware so far: add, sub, mul, scale, copy, sumRows (docs/vector-unit.md).
//
// One chunk of L consecutive elements of a row is issued per cycle: lane l takes element j = c*L + l,
// masked when j >= n. Lane l's words arrive l cycles after lane 0's (the memory's skew) and its result is
// written l cycles after lane 0's, so each lane is simply lane 0 delayed by l cycles.
//   issue t -> lane 0's words at t+2 -> operand register -> FP unit (LAT) -> result register -> column 0
//   written at t0 = t + 4 + LAT (the memory deskews the columns and writes all at t0 + L).
// sub is the adder with b's sign flipped (a - b = a + (-b) in IEEE arithmetic, zeros and NaN included);
// scale is mul with b = the constant at k broadcast; sumRows is add with b = the column sums y read back,
// rows far enough apart that row i+1 reads what row i wrote (bubbles when a row is shorter than the loop).
import { Bool, Module, UInt, bitsFor, mux, when, type Expr, type Signal } from '../../../dsl/index.js';
import { Fp32Add, Fp32Mul } from '../../../rtl-lib/fp/hw/fp-unit-module.js';
import { banksForLanes } from '../../../rtl-lib/mem/fermat-banks.js';
import type { RamStyle } from '../../../rtl-lib/mem/ram-config.js';
import { BankedDataMemory } from '../banked-data-memory.js';
import { VECTOR_FIELD_BITS, VECTOR_INSTRUCTION_BITS, VECTOR_OPCODE_BITS } from './encoding.js';
import { OP_SPECS, VIEW_OPERANDS, type VectorOp } from './isa.js';
import { vectorTiming } from './vector-cycle-model.js';

export interface VectorUnitConfig {
  /** FP32 lanes: a power of two, 1..16. */
  lanes: number;
  /** Words of the data memory (a power of two). */
  depth: number;
  /** Bank count (5, 17, 257); default 17 (enough for up to 17 lanes). */
  banks?: number;
  style?: RamStyle;
}

/** The opcodes this hardware runs; the others end with `error` set. */
export const VECTOR_HW_OPS: readonly VectorOp[] = ['add', 'sub', 'mul', 'scale', 'copy', 'sumRows'];

const W = VECTOR_FIELD_BITS;
const PHASE = { idle: 0, setup1: 1, setup2: 2, issue: 3, drain: 4 } as const;

export function checkVectorUnitConfig(cfg: VectorUnitConfig): void {
  if (!Number.isInteger(cfg.lanes) || cfg.lanes < 1 || cfg.lanes > 16 || (cfg.lanes & (cfg.lanes - 1)) !== 0)
    throw new RangeError(`vector unit lanes must be a power of two from 1 to 16, got ${cfg.lanes}`);
}

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
    super({ lanes: L, depth: cfg.depth, banks, ...(cfg.style ? { style: cfg.style } : {}) });
    const t = vectorTiming(cfg);
    const LAT = t.unitLatency;
    const lg = Math.log2(L);
    const aw = bitsFor(cfg.depth);
    this.hostWaddr = this.input(UInt(aw), 'host_waddr');
    this.hostRaddr = this.input(UInt(aw), 'host_raddr');

    // ---- control: the instruction register and its decoded, effective fields ---------------------
    const insQ = this.reg(UInt(VECTOR_INSTRUCTION_BITS), { init: 0, name: 'ins_q' });
    const phase = this.reg(UInt(3), { init: PHASE.idle, name: 'phase' });
    const doneQ = this.reg(Bool(), { init: false, name: 'done_q' });
    const errorQ = this.reg(Bool(), { init: false, name: 'error_q' });
    const field = (i: number): Expr => insQ.slice(VECTOR_OPCODE_BITS + (i + 1) * W - 1, VECTOR_OPCODE_BITS + i * W);
    const viewField = (o: (typeof VIEW_OPERANDS)[number], f: 0 | 1 | 2) => field(3 + VIEW_OPERANDS.indexOf(o) * 3 + f);
    const opcode = insQ.slice(VECTOR_OPCODE_BITS - 1, 0);
    const is = (op: VectorOp) => opcode.eq(OP_SPECS[op].code);
    const accFlag = insQ.bit(VECTOR_OPCODE_BITS + 24 * W);

    const reg24 = (name: string) => this.reg(UInt(W), { init: 0, name });
    const flag = (name: string) => this.reg(Bool(), { init: false, name });
    const m = reg24('m_q'),
      n = reg24('n_q');
    const aCol = reg24('a_col'),
      aRow = reg24('a_row'),
      bCol = reg24('b_col'),
      bRow = reg24('b_row'),
      yCol = reg24('y_col'),
      yRow = reg24('y_row');
    const aBase = reg24('a_row_base'),
      bBase = reg24('b_row_base'),
      yBase = reg24('y_row_base');
    const aAddr = reg24('a_addr'),
      bAddr = reg24('b_addr'),
      yAddr = reg24('y_addr');
    const rem = reg24('rem'),
      row = reg24('row'),
      chunks = reg24('chunks_per_row'),
      gap = reg24('row_gap'),
      bubble = reg24('bubble'),
      drain = reg24('drain');
    const opMul = flag('op_mul'),
      opSub = flag('op_sub'),
      opCopy = flag('op_copy'),
      opSum = flag('op_sum_rows'),
      zeroFirst = flag('zero_first_row'),
      firstRow = flag('first_row');

    const supported = VECTOR_HW_OPS.map(is).reduce((x, y) => x.or(y));
    const idle = phase.eq(PHASE.idle);
    when(doneQ, () => doneQ.set(false));
    when(idle.and(this.start), () => {
      insQ.set(this.ins);
      phase.set(PHASE.setup1);
      errorQ.set(false);
    });
    // setup1: the effective views (scale's b is the constant at k broadcast; sumRows' b and y are the
    // column-sum row, read and written with row stride 0) and the chunk count of a row.
    when(phase.eq(PHASE.setup1), () => {
      when(supported.not(), () => {
        errorQ.set(true);
        doneQ.set(true);
        phase.set(PHASE.idle);
      }).otherwise(() => phase.set(PHASE.setup2));
      m.set(field(0));
      n.set(field(1));
      const scale = is('scale'),
        sum = is('sumRows');
      aCol.set(viewField('a', 2));
      aRow.set(viewField('a', 1));
      aBase.set(viewField('a', 0));
      bCol.set(mux(scale, UInt(W).lit(0), mux(sum, viewField('y', 2), viewField('b', 2))));
      bRow.set(mux(scale.or(sum), UInt(W).lit(0), viewField('b', 1)));
      bBase.set(mux(scale, field(2), mux(sum, viewField('y', 0), viewField('b', 0))));
      yCol.set(viewField('y', 2));
      yRow.set(mux(sum, UInt(W).lit(0), viewField('y', 1)));
      yBase.set(viewField('y', 0));
      chunks.set(
        field(1)
          .add(L - 1)
          .trunc(W)
          .shr(lg)
          .resize(W),
      );
      opMul.set(is('mul').or(scale));
      opSub.set(is('sub'));
      opCopy.set(is('copy'));
      opSum.set(sum);
      zeroFirst.set(sum.and(accFlag.not()));
    });
    // setup2: the row gap sumRows needs (a row's reads must follow the previous row's writes), the walk.
    when(phase.eq(PHASE.setup2), () => {
      phase.set(PHASE.issue);
      const rmw = UInt(W).lit(t.readAfterWrite);
      gap.set(mux(opSum.and(chunks.lt(rmw)), rmw.sub(chunks).trunc(W), UInt(W).lit(0)));
      aAddr.set(aBase);
      bAddr.set(bBase);
      yAddr.set(yBase);
      rem.set(n);
      row.set(UInt(W).lit(1));
      bubble.set(UInt(W).lit(0));
      firstRow.set(true);
    });

    // issue: one chunk a cycle, or a bubble.
    const issuing = phase.eq(PHASE.issue).and(bubble.eq(0));
    const lastChunk = rem.le(L);
    when(phase.eq(PHASE.issue), () => {
      when(bubble.ne(0), () => bubble.set(bubble.sub(1).trunc(W)))
        .elsewhen(lastChunk.not(), () => {
          rem.set(rem.sub(L).trunc(W));
          aAddr.set(aAddr.add(aCol.shl(lg).trunc(W)).trunc(W));
          bAddr.set(bAddr.add(bCol.shl(lg).trunc(W)).trunc(W));
          yAddr.set(yAddr.add(yCol.shl(lg).trunc(W)).trunc(W));
        })
        .elsewhen(row.eq(m), () => {
          phase.set(PHASE.drain);
          drain.set(UInt(W).lit(t.drainCycles - 1));
        })
        .otherwise(() => {
          const step = (base: Signal, addr: Signal, stride: Signal) => {
            base.set(base.add(stride).trunc(W));
            addr.set(base.add(stride).trunc(W));
          };
          step(aBase, aAddr, aRow);
          step(bBase, bAddr, bRow);
          step(yBase, yAddr, yRow);
          rem.set(n);
          row.set(row.add(1).trunc(W));
          bubble.set(gap);
          firstRow.set(false);
        });
    });
    when(phase.eq(PHASE.drain), () => {
      drain.set(drain.sub(1).trunc(W));
      when(drain.eq(0), () => {
        phase.set(PHASE.idle);
        doneQ.set(true);
      });
    });
    this.busy.set(idle.not());
    this.done.set(doneQ);
    this.error.set(errorQ);

    // ---- the data memory ----------------------------------------------------------------------
    const data = this.instance(
      new BankedDataMemory({
        depth: cfg.depth,
        rows: L,
        cols: L,
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
    data.rd.a.addr.set(aAddr);
    data.rd.a.stride.set(aCol);
    data.rd.b.addr.set(bAddr);
    data.rd.b.stride.set(bCol);
    data.rd.fill.addr.set(UInt(W).lit(0));
    data.rd.fill.stride.set(UInt(W).lit(0));

    // ---- the lanes ----------------------------------------------------------------------------
    const delayN = (x: Expr, k: number, name: string, init?: boolean): Expr => {
      let v = x;
      for (let d = 0; d < k; d++)
        v =
          init === undefined ? this.delay(v, `${name}_d${d + 1}`) : this.delay(v, { name: `${name}_d${d + 1}`, init });
      return v;
    };
    const validAt2 = delayN(issuing, 2, 'issue', false);
    const zeroBAt2 = delayN(zeroFirst.and(firstRow), 2, 'zero_b', false);
    const maskAt2 = Array.from({ length: L }, (_, l) => delayN(issuing.and(rem.gt(l)), 2, `lane${l}_mask`, false));
    for (let l = 0; l < L; l++) {
      // Lane l runs l cycles behind lane 0: its words arrive then, and its column is written then.
      const en = delayN(maskAt2[l]!.and(validAt2), l, `lane${l}_en`, false);
      const zeroB = delayN(zeroBAt2, l, `lane${l}_zero_b`, false);
      const aWord = data.rd.a.data[l]!,
        bWord = data.rd.b.data[l]!;
      const bSel = mux(zeroB, UInt(32).lit(0), bWord);
      const aIn = this.delay(aWord, `lane${l}_a`);
      const bIn = this.delay(mux(opSub, bSel.xor(UInt(32).lit(0x80000000)), bSel), `lane${l}_b`);
      const adder = this.instance(new Fp32Add(), `lane${l}_add`);
      const multiplier = this.instance(new Fp32Mul(), `lane${l}_mul`);
      for (const u of [adder, multiplier]) {
        u.a.set(aIn);
        u.b!.set(bIn);
        u.inValid.set(Bool().lit(true));
      }
      const addY = delayN(adder.y, LAT - adder.latency, `lane${l}_add_y`);
      const mulY = delayN(multiplier.y, LAT - multiplier.latency, `lane${l}_mul_y`);
      const copyY = delayN(aIn, LAT, `lane${l}_copy`);
      const result = this.delay(mux(opCopy, copyY, mux(opMul, mulY, addY)), `lane${l}_result`);
      data.wr.en[l]!.set(delayN(en, 1 + LAT + 1, `lane${l}_wr_en`, false));
      data.wr.data[l]!.set(result);
    }
    // Column 0's address at its write time t0 = issue + 4 + LAT.
    data.wr.addr.set(delayN(yAddr, t.issueToWrite, 'wr_addr'));
    data.wr.stride.set(yCol);
  }
}
