// The contraction engine's core: a SystolicArray, a program memory of GEMM instructions
// (instruction.ts) and the sequencer that runs them without host help, with read and write ports to
// the data memory that holds every buffer of a schedule (engine.ts adds that memory).
//
// Per step, the sequencer walks windows -1 .. groups (see docs/engine.md, "timeline"):
//  - issue: each cycle one MAC slot (slot s of round q): the A lanes read rows of P row tiles, the B
//    lanes one column tile, both through strided address pipelines (lane r = lane r-1 + stride), which
//    also make the systolic skew. Rounds q >= k, and idle windows, issue the bubble a = +0, b = -0,
//    whose product -0 leaves every sum unchanged (x + -0 = x in round-to-nearest, signed zeros too).
//  - chain phase: R*P cycles after the exchange wave, every column's shadow chain drains the previous
//    group's sums (written through the C address generator) and fills the next group's initial values
//    (read from C when the step accumulates, else 0).
// The step ends after exactly `stepCycles` (from the instruction, computed by cycle-model.ts).
//
// Data-memory ports, one vector per role (banked-data-memory.ts): the A lanes (R), B lanes (C) and fill
// lanes (C) each give lane 0's address one cycle ahead and the lane stride, and take lane r's word
// 1 + r cycles later (the systolic skew); the drain gives column 0's address and stride with a write
// enable and word per column, each at its column's time.
// Longer than our ~400-line norm on purpose: the builders below need Module's protected methods (reg, delay,
// memory, instance), so they are methods of the class; each is under 80 lines.
import { Module, UInt, Bool, Fsm, mux, when, bitsFor, type Expr } from '../../dsl/index.js';
import type { Signal } from '../../dsl/index.js';
import { SystolicArray } from '../../rtl-lib/systolic/systolic-array.js';
import { type EngineConfig, checkConfig, chainStart, loopSlots, minRounds } from './engine-config.js';
import { LaneRead, LaneWrite, ProgramWrite } from './engine-ports.js';
import {
  FIELD_BITS,
  FLAG_ACCUMULATE,
  FLAG_LAST,
  INSTRUCTION_BITS,
  INSTRUCTION_FIELDS,
  type InstructionField,
} from './instruction.js';

const W = FIELD_BITS;
const NEG_ZERO = 0x8000_0000;

/** What the sequencer gives the issue pipelines and the chain controller. */
interface Sequencer {
  /** A field of the running instruction. */
  F: (f: InstructionField) => Expr;
  running: Expr;
  accumulate: Expr;
  /** The running instruction's round counter, its flush window, and the first cycle of a window. */
  q: Signal;
  flush: Expr;
  windowStart: Expr;
  offASum: Signal;
  offB: Signal;
  offRowS: Signal;
  next: Group;
  cur: Pick<Group, 'valid' | 'aBase' | 'bBase' | 'cBase' | 'rowBase' | 'colBase'>;
  prev: Pick<Group, 'valid' | 'cBase' | 'rowBase' | 'colBase'>;
}

/** A group's bases: where its P row tiles and its column tile start in A, B, C and in the output. */
interface Group {
  valid: Signal;
  aBase: Signal;
  bBase: Signal;
  cBase: Signal;
  cRowBase: Signal;
  rowBase: Signal;
  colBase: Signal;
  tc: Signal;
}
const GROUP_FIELDS = ['valid', 'aBase', 'bBase', 'cBase', 'cRowBase', 'rowBase', 'colBase', 'tc'] as const;
/** Register name suffixes in the Verilog (short: next_a, cur_c_row, ...). */
const FIELD_SUFFIX: Record<keyof Group, string> = {
  valid: 'valid',
  aBase: 'a',
  bBase: 'b',
  cBase: 'c',
  cRowBase: 'c_row',
  rowBase: 'row',
  colBase: 'col',
  tc: 'tc',
};

export class EngineCore extends Module {
  /** A lanes (one per PE row), B lanes and fill lanes (one per PE column), and the drain's writes. */
  readonly aRd;
  readonly bRd;
  readonly fillRd;
  readonly wr;
  readonly prog;
  readonly start = this.input(Bool(), 'start');
  /** Instruction the program starts at (a stage of a training step; 0 for a single program). */
  readonly startPc;
  readonly busy = this.output(Bool(), 'busy');
  readonly done = this.output(Bool(), 'done');
  readonly cycles = this.output(UInt(32), 'cycles');
  /** High in the last cycle of every step (testbenches log per-step cycle counts with it). */
  readonly stepDone = this.output(Bool(), 'step_done');

  /**
   * @param program instructions the program memory starts with (a ROM image generated from a schedule);
   *   the host may still overwrite it through `prog`.
   */
  constructor(
    readonly cfg: EngineConfig,
    readonly dataDepth = 1024,
    readonly progDepth = 64,
    program: readonly bigint[] = [],
  ) {
    super({
      rows: cfg.rows,
      cols: cfg.cols,
      macStages: cfg.macStages,
      dataDepth,
      progDepth,
      ...(program.length ? { program: programDigest(program) } : {}),
    });
    checkConfig(cfg);
    if (bitsFor(dataDepth) > W) throw new Error(`data depth ${dataDepth} needs more than ${W} address bits`);
    if (program.length > progDepth)
      throw new Error(`program of ${program.length} instructions does not fit ${progDepth} words`);
    this.aRd = this.output(LaneRead(cfg.rows, W), 'a_rd');
    this.bRd = this.output(LaneRead(cfg.cols, W), 'b_rd');
    this.fillRd = this.output(LaneRead(cfg.cols, W), 'fill_rd');
    this.wr = this.output(LaneWrite(cfg.cols, W), 'wr');
    this.prog = this.input(ProgramWrite(bitsFor(progDepth)), 'prog');
    this.startPc = this.input(UInt(bitsFor(progDepth)), 'start_pc');

    const seq = this.sequencer(program);
    const array = this.issue(seq);
    this.chain(seq, array);
  }

  /**
   * The program memory and the sequencer: fetch, decode, then run the instruction's windows, walking the
   * tiling with three groups in flight, until the last instruction's step ends.
   */
  private sequencer(program: readonly bigint[]): Sequencer {
    const P = loopSlots(this.cfg);
    const R = this.cfg.rows;
    const C = this.cfg.cols;
    const prog = this.memory(UInt(INSTRUCTION_BITS), this.progDepth, {
      name: 'prog_mem',
      ...(program.length ? { init: program } : {}),
    });
    when(this.prog.we, () => prog.write(this.prog.addr, this.prog.wdata));

    const fsm = new Fsm(this, 'Sequencer', ['Idle', 'Fetch', 'Decode', 'Run'], { regName: 'state' });
    const pc = this.reg(UInt(bitsFor(this.progDepth)), { name: 'pc', init: 0 });
    const doneReg = this.reg(Bool(), { name: 'done_q', init: false });
    const cycleCount = this.reg(UInt(32), { name: 'cycle_count', init: 0 });
    const progWord = prog.read(pc, { name: 'prog_rd' });
    const ins = this.reg(UInt(INSTRUCTION_BITS), 'ins');
    const fieldOf = (word: Expr, f: InstructionField): Expr => {
      const i = INSTRUCTION_FIELDS.indexOf(f);
      return word.slice((i + 1) * W - 1, i * W);
    };
    const F = (f: InstructionField): Expr => fieldOf(ins, f);
    const accumulate = ins.bit(FLAG_ACCUMULATE);
    const running = fsm.is('Run');

    const t = this.reg(UInt(W), { name: 't', init: 0 });
    const s = this.reg(UInt(bitsFor(P)), { name: 'slot', init: 0 });
    const q = this.reg(UInt(W), { name: 'round', init: 0 });
    const win = this.reg(UInt(W), { name: 'window', init: 0 });
    const nextIndex = this.reg(UInt(W), { name: 'next_index', init: 0 });
    const offA = this.reg(UInt(W), 'off_a_round');
    const offB = this.reg(UInt(W), 'off_b_round');
    // offA (per round) plus the slot offset, kept as one register so the A address is one adder deep.
    const offASum = this.reg(UInt(W), 'off_a');
    const offRowS = this.reg(UInt(W), 'off_row_slot');
    const { next, cur, prev } = this.groups();

    const lastSlot = s.eq(P - 1);
    const flush = win.eq(F('groups').add(1));
    // The fill window (-1) and the flush window issue nothing: they only need room for the chain phase.
    const edgeWindow = win.eq(0).or(flush);
    const lastRound = q.eq(mux(edgeWindow, UInt(W).lit(minRounds(this.cfg) - 1), F('rounds').sub(1)));
    const windowEnd = running.and(lastSlot).and(lastRound);
    const windowStart = running.and(s.eq(0)).and(q.eq(0));
    const stepEnd = running.and(t.eq(F('stepCycles').sub(1)));

    this.busy.set(fsm.is('Idle').not());
    this.done.set(doneReg);
    this.cycles.set(cycleCount);
    this.stepDone.set(stepEnd);
    when(fsm.is('Idle').not(), () => cycleCount.set(cycleCount.add(1)));
    fsm.on('Idle', () =>
      when(this.start, () => {
        fsm.goto('Fetch');
        pc.set(this.startPc);
        doneReg.set(false);
        cycleCount.set(0);
      }),
    );
    fsm.on('Fetch', () => fsm.goto('Decode'));
    fsm.on('Decode', () => {
      fsm.goto('Run');
      ins.set(progWord);
      for (const r of [t, s, q, win, nextIndex, offA, offB, offASum, offRowS]) r.set(0);
      prev.valid.set(false);
      cur.valid.set(false);
      next.valid.set(true);
      next.tc.set(0);
      next.aBase.set(fieldOf(progWord, 'aOff'));
      next.bBase.set(fieldOf(progWord, 'bOff'));
      next.cBase.set(fieldOf(progWord, 'cOff'));
      next.cRowBase.set(fieldOf(progWord, 'cOff'));
      next.rowBase.set(0);
      next.colBase.set(0);
    });
    fsm.on('Run', () => {
      t.set(t.add(1));
      // Slot and round counters, and the address offsets they stand for.
      s.set(mux(lastSlot, 0, s.add(1)));
      offASum.set(mux(lastSlot, mux(lastRound, UInt(W).lit(0), offA.add(F('aCol'))), offASum.add(F('aSlot'))));
      offRowS.set(mux(lastSlot, 0, offRowS.add(R)));
      when(lastSlot, () => {
        q.set(mux(lastRound, 0, q.add(1)));
        offA.set(mux(lastRound, 0, offA.add(F('aCol'))));
        offB.set(mux(lastRound, 0, offB.add(F('bRow'))));
      });
      when(windowEnd, () => this.advanceGroups(F, next, cur, prev, nextIndex, win, P * R, C));
      when(stepEnd, () => {
        when(ins.bit(FLAG_LAST), () => {
          fsm.goto('Idle');
          doneReg.set(true);
        }).otherwise(() => {
          fsm.goto('Fetch');
          pc.set(pc.add(1));
        });
      });
    });
    fsm.build();
    return {
      F,
      running,
      accumulate,
      q,
      flush,
      windowStart,
      offASum,
      offB,
      offRowS,
      next,
      cur,
      prev,
    };
  }

  /**
   * Three groups in flight: `next` (being filled) walks the tiling and needs every field, `cur` (being
   * issued) only its operand bases, `prev` (being drained) only what the drain walk needs.
   */
  private groups(): Pick<Sequencer, 'next' | 'cur' | 'prev'> {
    const fields = (name: string, keys: readonly (keyof Group)[]): Partial<Group> =>
      Object.fromEntries(
        keys.map((k) => [
          k,
          k === 'valid'
            ? this.reg(Bool(), { name: `${name}_valid`, init: false })
            : this.reg(UInt(W), `${name}_${FIELD_SUFFIX[k]}`),
        ]),
      );
    return {
      next: fields('next', GROUP_FIELDS) as Group,
      cur: fields('cur', ['valid', 'aBase', 'bBase', 'cBase', 'rowBase', 'colBase']) as Sequencer['cur'],
      prev: fields('prev', ['valid', 'cBase', 'rowBase', 'colBase']) as Sequencer['prev'],
    };
  }

  /** Window change: the groups move down one place; the next group is the column tile after. */
  private advanceGroups(
    F: Sequencer['F'],
    next: Group,
    cur: Sequencer['cur'],
    prev: Sequencer['prev'],
    nextIndex: Signal,
    win: Signal,
    rowsPerGroup: number,
    C: number,
  ): void {
    /** Moves a group one place down: every field the receiving group keeps. */
    const copy = (to: Partial<Group>, from: Partial<Group>) => {
      for (const k of Object.keys(to) as (keyof Group)[]) to[k]!.set(from[k]!);
    };
    win.set(win.add(1));
    copy(prev, cur);
    copy(cur, next);
    const wrap = next.tc.eq(F('colTiles').sub(1));
    next.valid.set(next.valid.and(nextIndex.add(1).lt(F('groups'))));
    nextIndex.set(nextIndex.add(1));
    next.tc.set(mux(wrap, 0, next.tc.add(1)));
    next.bBase.set(mux(wrap, F('bOff'), next.bBase.add(F('bTile'))));
    next.colBase.set(mux(wrap, 0, next.colBase.add(C)));
    next.aBase.set(mux(wrap, next.aBase.add(F('aGroup')), next.aBase));
    next.rowBase.set(mux(wrap, next.rowBase.add(rowsPerGroup), next.rowBase));
    const newRow = next.cRowBase.add(F('cGroup'));
    next.cRowBase.set(mux(wrap, newRow, next.cRowBase));
    next.cBase.set(mux(wrap, newRow, next.cBase.add(F('cTile'))));
  }

  /** Issue: one slot per cycle into the A and B address pipelines, which also make the systolic skew. */
  private issue(seq: Sequencer): SystolicArray {
    const { F, running, cur, q, flush } = seq;
    const R = this.cfg.rows;
    const C = this.cfg.cols;
    const issueValid = running.and(cur.valid).and(q.lt(F('k')));
    const issueFirst = running.and(cur.valid.or(flush)).and(q.eq(0));
    this.aRd.addr.set(cur.aBase.add(seq.offASum));
    this.aRd.stride.set(F('aRow'));
    let aRow: Signal = this.delay(cur.rowBase.add(seq.offRowS), 'a_row0');
    let aValid: Signal = this.delay(issueValid, { name: 'a_valid0', init: false });
    let aFirst: Signal = this.delay(issueFirst, { name: 'a_first0', init: false });
    this.bRd.addr.set(cur.bBase.add(seq.offB));
    this.bRd.stride.set(F('bCol'));
    let bCol: Signal = this.delay(cur.colBase, 'b_col0');
    let bValid: Signal = this.delay(issueValid, { name: 'b_valid0', init: false });

    const array = this.instance(new SystolicArray(R, C, this.cfg.macStages), 'array');
    for (let r = 0; r < R; r++) {
      if (r > 0) {
        aRow = this.delay(aRow.add(1), `a_row${r}`);
        aValid = this.delay(aValid, { name: `a_valid${r}`, init: false });
        aFirst = this.delay(aFirst, { name: `a_first${r}`, init: false });
      }
      const word = this.aRd.data[r]!;
      const use = this.delay(aValid.and(aRow.lt(F('m'))), { name: `a_use${r}`, init: false });
      array.aIn[r]!.set(mux(use, word, UInt(32).lit(0)));
      array.firstIn[r]!.set(this.delay(aFirst, { name: `a_first_d${r}`, init: false }));
    }
    for (let c = 0; c < C; c++) {
      if (c > 0) {
        bCol = this.delay(bCol.add(1), `b_col${c}`);
        bValid = this.delay(bValid, { name: `b_valid${c}`, init: false });
      }
      const word = this.bRd.data[c]!;
      const use = this.delay(bValid.and(bCol.lt(F('n'))), { name: `b_use${c}`, init: false });
      const bubble = this.delay(bValid.not(), { name: `b_bubble${c}`, init: true });
      array.bIn[c]!.set(mux(bubble, UInt(32).lit(NEG_ZERO), mux(use, word, UInt(32).lit(0))));
    }
    return array;
  }

  /** The chain controller: drains the previous group's sums and fills the next group's initial values. */
  private chain(seq: Sequencer, array: SystolicArray): void {
    const { F, prev, next } = seq;
    const R = this.cfg.rows;
    const C = this.cfg.cols;
    const P = loopSlots(this.cfg);
    const armed = this.reg(Bool(), { name: 'chain_armed', init: false });
    const countdown = this.reg(UInt(bitsFor(chainStart(this.cfg) + 1)), { name: 'chain_countdown', init: 0 });
    const active = this.reg(Bool(), { name: 'chain_active', init: false });
    const walk = (role: string) => ({
      valid: this.reg(Bool(), { name: `${role}_valid`, init: false }),
      base: this.reg(UInt(W), `${role}_base`),
      row: this.reg(UInt(W), `${role}_row`),
      col: this.reg(UInt(W), `${role}_col`),
    });
    const pw = walk('drain');
    const pr = walk('fill');
    const cs = this.reg(UInt(bitsFor(P)), { name: 'chain_slot', init: 0 });
    const crr = this.reg(UInt(bitsFor(R)), { name: 'chain_pe_row', init: R - 1 });
    const offCR = this.reg(UInt(W), 'chain_off_row');
    // The element's offset (slot offset + PE-row offset) as one register: one adder to the address.
    const elemOff = this.reg(UInt(W), { name: 'chain_elem_off', init: 0 });
    const rowCS = this.reg(UInt(W), { name: 'chain_row_slot', init: 0 });
    const fire = armed.and(countdown.eq(0));
    const element = fire.or(active);
    const chainLastSlot = cs.eq(P - 1);

    when(seq.windowStart, () => {
      armed.set(true);
      active.set(false);
      countdown.set(chainStart(this.cfg) - 1);
      pw.valid.set(prev.valid);
      pw.base.set(prev.cBase);
      pw.row.set(prev.rowBase);
      pw.col.set(prev.colBase);
      pr.valid.set(next.valid.and(seq.accumulate));
      pr.base.set(next.cBase);
      pr.row.set(next.rowBase);
      pr.col.set(next.colBase);
      cs.set(0);
      crr.set(R - 1);
      elemOff.set(F('cLast'));
      offCR.set(F('cLast'));
      rowCS.set(0);
    }).otherwise(() => {
      when(countdown.ne(0), () => countdown.set(countdown.sub(1)));
      when(fire, () => {
        armed.set(false);
        active.set(true);
      });
      when(element, () => {
        cs.set(mux(chainLastSlot, 0, cs.add(1)));
        elemOff.set(mux(chainLastSlot, offCR.sub(F('cRow')), elemOff.add(F('cSlot'))));
        rowCS.set(mux(chainLastSlot, 0, rowCS.add(R)));
        when(chainLastSlot, () => {
          crr.set(crr.sub(1));
          offCR.set(offCR.sub(F('cRow')));
          when(crr.eq(0), () => active.set(false));
        });
      });
    });

    const elemRow = rowCS.add(crr.zext(W));
    let shiftC: Signal = this.delay(element, { name: 'chain_shift0', init: false });
    this.wr.addr.set(this.delay(this.delay(pw.base.add(elemOff), 'drain_addr0'), 'drain_waddr0'));
    this.wr.stride.set(F('cCol'));
    let wOk: Signal = this.delay(pw.valid.and(pw.row.add(elemRow).lt(F('m'))), { name: 'drain_ok0', init: false });
    let wCol: Signal = this.delay(pw.col, 'drain_col0');
    this.fillRd.addr.set(pr.base.add(elemOff));
    this.fillRd.stride.set(F('cCol'));
    let rOk: Signal = this.delay(pr.valid.and(pr.row.add(elemRow).lt(F('m'))), { name: 'fill_ok0', init: false });
    let rCol: Signal = this.delay(pr.col, 'fill_col0');
    for (let c = 0; c < C; c++) {
      if (c > 0) {
        shiftC = this.delay(shiftC, { name: `chain_shift${c}`, init: false });
        wOk = this.delay(wOk, { name: `drain_ok${c}`, init: false });
        wCol = this.delay(wCol.add(1), `drain_col${c}`);
        rOk = this.delay(rOk, { name: `fill_ok${c}`, init: false });
        rCol = this.delay(rCol.add(1), `fill_col${c}`);
      }
      const fillWord = this.fillRd.data[c]!;
      const fillUse = this.delay(rOk.and(rCol.lt(F('n'))), { name: `fill_use${c}`, init: false });
      const shiftNow = this.delay(shiftC, { name: `shift${c}`, init: false });
      const drainUse = this.delay(shiftC.and(wOk).and(wCol.lt(F('n'))), { name: `drain_use${c}`, init: false });
      array.shift[c]!.set(shiftNow);
      array.chainIn[c]!.set(mux(fillUse, fillWord, UInt(32).lit(0)));
      this.wr.en[c]!.set(drainUse);
      this.wr.data[c]!.set(array.chainOut[c]!);
    }
  }
}

/** A short stable digest of a program image, so engines with different ROMs get different module names. */
function programDigest(program: readonly bigint[]): string {
  let h = 0x811c9dc5;
  for (const w of program) for (const ch of `${w.toString(16)};`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
