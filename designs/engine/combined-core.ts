// The combined core (issue 14 point 3): the contraction engine and the vector unit run ONE program from
// one program memory, over one data memory, a GEMM and a vector instruction in flight at once.
//
// The dispatcher fetches a word (combined-word.ts) and hands it to its unit when that unit is free and,
// if the word's `waitOther` bit is set (the generator sets it when the instruction depends on the one
// running on the other unit, combined-program.ts), when the other unit is free too. Words issue in
// program order, at most one every two cycles (fetch, issue). A GEMM goes into the EngineCore's
// two-word instruction memory (its program memory, used here as an instruction register) with its
// `last` flag set and is started one cycle later; a vector word goes straight to the VectorUnit's `ins`.
// A word of kind 0 or 3 sets `error`; the core then waits for what is running and stops (done), so it
// never hangs. A vector opcode the unit does not run also sets `error` (the unit ends it at once, and the
// program goes on).
//
// The data memory: one address space in two regions, [0, E) written only by the engine and [E, E + V)
// written only by the vector unit (the generator refuses anything else), so every RAM keeps one write
// port (BankedDataMemory: two-port RAMs). Each region is held twice, once with the engine's read lanes
// (R for A, C for B and fill) and once with the vector unit's (L each), four BankedDataMemory in all;
// a read port picks the region of its lane-0 address, delayed with the words (2 + r cycles for lane r).
// The cost is the storage: every word is in 6 copies instead of 3 (the V region can be small).
import { Bool, Module, UInt, bitsFor, mux, when, Fsm, type Expr, type HwOf } from '../../dsl/index.js';
import type { RamStyle } from '../../rtl-lib/mem/ram-config.js';
import { BankedDataMemory } from './banked-data-memory.js';
import { BIT_LAST, BIT_WAIT_OTHER, COMBINED_WORD_BITS, PAYLOAD_LSB, WORD_KIND } from './combined-word.js';
import { type EngineConfig, checkConfig, dataBanks } from './engine-config.js';
import { EngineCore } from './engine-core.js';
import { HostPort, type LaneRead, type LaneWrite, ProgramWrite } from './engine-ports.js';
import { FIELD_BITS, FLAG_LAST, INSTRUCTION_BITS } from './instruction.js';
import { VECTOR_INSTRUCTION_BITS } from './vector/encoding.js';
import type { LaneFamily } from './vector/vector-passes.js';
import { VectorUnit } from './vector/vector-unit.js';

export interface CombinedConfig {
  engine: EngineConfig;
  /** Vector lanes L (a power of two, at most the engine's columns). */
  lanes: number;
  /** Words of the engine's region [0, E) (a power of two). */
  engineDepth: number;
  /** Words of the vector unit's region [E, E + V) (a power of two, at most E). */
  vectorDepth: number;
  /**
   * The part of the engine region the vector unit reads: [E - S, E), S a power of two (default E, all).
   * Only this part is held with the vector unit's lanes, so a small S saves most of that copy.
   */
  vectorWindow?: number;
  /** Words of the program memory. */
  progDepth: number;
  families?: readonly LaneFamily[];
  style?: RamStyle;
}

const W = FIELD_BITS;
const isPow2 = (x: number) => Number.isInteger(x) && x > 0 && (x & (x - 1)) === 0;

/** Vector lanes beside an engine: a power of two, at most its columns and 8 (the vector bench's unit). */
export function defaultVectorLanes(engine: EngineConfig): number {
  let l = 1;
  while (l * 2 <= Math.min(8, engine.cols)) l *= 2;
  return l;
}

export function checkCombinedConfig(c: CombinedConfig): void {
  checkConfig(c.engine);
  if (c.lanes > c.engine.cols)
    throw new RangeError(`combined core: ${c.lanes} vector lanes exceed the engine's ${c.engine.cols} columns`);
  if (!isPow2(c.engineDepth) || !isPow2(c.vectorDepth) || c.vectorDepth > c.engineDepth)
    throw new RangeError(
      `combined core: engine and vector regions must be powers of two with V <= E, got E = ${c.engineDepth}, V = ${c.vectorDepth}`,
    );
  const S = c.vectorWindow ?? c.engineDepth;
  if (!isPow2(S) || S > c.engineDepth)
    throw new RangeError(
      `combined core: the vector window must be a power of two up to E = ${c.engineDepth}, got ${S}`,
    );
  if (c.engineDepth * 2 > 2 ** W)
    throw new RangeError(`combined core: ${c.engineDepth} words need more than ${W} bits`);
}

type Read = HwOf<ReturnType<typeof LaneRead>>;
type Write = HwOf<ReturnType<typeof LaneWrite>>;

export class CombinedCore extends Module {
  readonly host;
  readonly prog;
  readonly start = this.input(Bool(), 'start');
  readonly startPc;
  readonly busy = this.output(Bool(), 'busy');
  readonly done = this.output(Bool(), 'done');
  readonly error = this.output(Bool(), 'error');
  readonly cycles = this.output(UInt(32), 'cycles');

  constructor(
    readonly cfg: CombinedConfig,
    program: readonly bigint[] = [],
  ) {
    checkCombinedConfig(cfg);
    super({
      rows: cfg.engine.rows,
      cols: cfg.engine.cols,
      macStages: cfg.engine.macStages,
      lanes: cfg.lanes,
      engineDepth: cfg.engineDepth,
      vectorDepth: cfg.vectorDepth,
      ...(cfg.vectorWindow !== undefined && cfg.vectorWindow !== cfg.engineDepth
        ? { vectorWindow: cfg.vectorWindow }
        : {}),
      progDepth: cfg.progDepth,
      ...(cfg.families ? { families: cfg.families.join('+') } : {}),
      ...(program.length ? { program: digest(program) } : {}),
    });
    if (program.length > cfg.progDepth)
      throw new Error(`program of ${program.length} words does not fit ${cfg.progDepth} words`);
    const { engine: ec, lanes: L, engineDepth: E, vectorDepth: V } = cfg;
    const aw = bitsFor(E + V);
    const pw = bitsFor(cfg.progDepth);
    this.host = this.input(HostPort(aw), 'host');
    this.prog = this.input(ProgramWrite(pw, COMBINED_WORD_BITS), 'prog');
    this.startPc = this.input(UInt(pw), 'start_pc');

    const core = this.instance(new EngineCore(ec, 2 * E, 2), 'engine');
    const vu = this.instance(
      new VectorUnit({
        lanes: L,
        depth: E + V,
        banks: dataBanks(ec),
        externalMemory: true,
        ...(cfg.families ? { families: cfg.families } : {}),
      }),
      'vector',
    );
    const mem = this.dataMemory(core, vu);
    this.dispatcher(program, core, vu, mem.engPending, mem.vecPending);
  }

  /** The program memory and the dispatcher. */
  private dispatcher(program: readonly bigint[], core: EngineCore, vu: VectorUnit, engPending: Expr, vecPending: Expr) {
    const pw = bitsFor(this.cfg.progDepth);
    const progMem = this.memory(UInt(COMBINED_WORD_BITS), this.cfg.progDepth, {
      name: 'prog_mem',
      ...(program.length ? { init: program } : {}),
    });
    when(this.prog.we, () => progMem.write(this.prog.addr, this.prog.wdata));
    const fsm = new Fsm(this, 'Dispatch', ['Idle', 'Fetch', 'Issue', 'Finish'], { regName: 'state' });
    const pc = this.reg(UInt(pw), { name: 'pc', init: 0 });
    const doneQ = this.reg(Bool(), { name: 'done_q', init: false });
    const errorQ = this.reg(Bool(), { name: 'error_q', init: false });
    const count = this.reg(UInt(32), { name: 'cycle_count', init: 0 });
    const engStart = this.reg(Bool(), { name: 'engine_start', init: false });
    const word = progMem.read(pc, { name: 'prog_rd' });

    const kind = word.slice(1, 0);
    const isGemm = kind.eq(WORD_KIND.gemm);
    const isVector = kind.eq(WORD_KIND.vector);
    const waitOther = word.bit(BIT_WAIT_OTHER);
    const last = word.bit(BIT_LAST);
    // A unit is free when it is idle, was not just started, and its writes have landed in every copy.
    const engFree = core.busy.not().and(engStart.not()).and(engPending.not());
    const vecFree = vu.busy.not().and(vecPending.not());
    const issuing = fsm.is('Issue');
    const ready = mux(isGemm, engFree, vecFree).and(waitOther.not().or(mux(isGemm, vecFree, engFree)));
    const dispatch = issuing.and(isGemm.or(isVector)).and(ready);

    // The engine's instruction: written at dispatch, started the next cycle (its fetch then reads it).
    core.prog.we.set(dispatch.and(isGemm));
    core.prog.addr.set(UInt(1).lit(0));
    core.prog.wdata.set(
      word
        .slice(PAYLOAD_LSB + INSTRUCTION_BITS - 1, PAYLOAD_LSB)
        .or(UInt(INSTRUCTION_BITS).lit(1n << BigInt(FLAG_LAST))),
    );
    core.start.set(engStart);
    core.startPc.set(UInt(1).lit(0));
    engStart.set(dispatch.and(isGemm));
    vu.ins.set(word.slice(PAYLOAD_LSB + VECTOR_INSTRUCTION_BITS - 1, PAYLOAD_LSB));
    vu.start.set(dispatch.and(isVector));
    for (const p of [vu.hostWe, vu.hostWaddr, vu.hostWdata, vu.hostRaddr]) p.set(0);

    this.busy.set(fsm.is('Idle').not());
    this.done.set(doneQ);
    this.error.set(errorQ);
    this.cycles.set(count);
    when(fsm.is('Idle').not(), () => count.set(count.add(1)));
    when(vu.done.and(vu.error), () => errorQ.set(true));
    fsm.on('Idle', () =>
      when(this.start, () => {
        fsm.goto('Fetch');
        pc.set(this.startPc);
        doneQ.set(false);
        errorQ.set(false);
        count.set(0);
      }),
    );
    fsm.on('Fetch', () => fsm.goto('Issue'));
    fsm.on('Issue', () => {
      when(isGemm.or(isVector).not(), () => {
        errorQ.set(true);
        fsm.goto('Finish');
      }).elsewhen(ready, () => {
        when(last, () => fsm.goto('Finish')).otherwise(() => {
          pc.set(pc.add(1));
          fsm.goto('Fetch');
        });
      });
    });
    fsm.on('Finish', () =>
      when(engFree.and(vecFree), () => {
        fsm.goto('Idle');
        doneQ.set(true);
      }),
    );
    fsm.build();
  }

  /**
   * The four memories (region x reader), the read ports' region selects and the host's ports.
   * Returns, per writer, whether any of its writes is still in flight.
   */
  private dataMemory(core: EngineCore, vu: VectorUnit): { engPending: Expr; vecPending: Expr } {
    const { engine: ec, lanes: L, engineDepth: E, vectorDepth: V } = this.cfg;
    const R = ec.rows;
    const C = ec.cols;
    const banks = dataBanks(ec);
    const ports = vu.mem!;
    const make = (depth: number, rows: number, cols: number, name: string) =>
      this.instance(
        new BankedDataMemory({
          depth,
          rows,
          cols,
          banks,
          addrBits: W,
          ...(this.cfg.style ? { style: this.cfg.style } : {}),
        }),
        name,
      );
    const S = this.cfg.vectorWindow ?? E;
    const ee = make(E, R, C, 'mem_e_engine');
    const ev = make(S, L, C, 'mem_e_vector');
    const ve = make(V, R, C, 'mem_v_engine');
    const vv = make(V, L, L, 'mem_v_vector');
    const eBit = Math.log2(E);
    // Addresses into a memory of d words: the low bits (the V region starts at E, the window at a
    // multiple of S), so the lanes and the host locate a word alike.
    const low = (d: number) => (a: Expr) => a.and(UInt(W).lit(d - 1));
    const [toE, toS, toV] = [low(E), low(S), low(V)];

    /** A reader's port on both regions: addresses to both, each lane's word from its region. */
    const read = (port: Read, lanes: number, inE: Read, inV: Read, name: string, eAddr = toE) => {
      inE.addr.set(eAddr(port.addr));
      inE.stride.set(port.stride);
      inV.addr.set(toV(port.addr));
      inV.stride.set(port.stride);
      let sel: Expr = port.addr.bit(eBit);
      for (let d = 1; d <= 1 + lanes; d++) {
        sel = this.delay(sel, { name: `${name}_in_v_d${d}`, init: false });
        const r = d - 2;
        if (r >= 0) port.data[r]!.set(mux(sel, inV.data[r]!, inE.data[r]!));
      }
    };
    read(core.aRd, R, ee.rd.a, ve.rd.a, 'eng_a');
    read(core.bRd, C, ee.rd.b, ve.rd.b, 'eng_b');
    read(core.fillRd, C, ee.rd.fill, ve.rd.fill, 'eng_fill');
    read(ports.rd.a, L, ev.rd.a, vv.rd.a, 'vec_a', toS);
    read(ports.rd.b, L, ev.rd.b, vv.rd.b, 'vec_b', toS);
    read(ports.rd.fill, L, ev.rd.fill, vv.rd.fill, 'vec_f', toS);

    /**
     * A writer into a copy of its region (a wider copy gets its upper columns disabled); `gate`: only the
     * vector writes whose column-0 address it passes, column c's enable gated c cycles later (its time).
     */
    const write = (port: Write, lanes: number, to: Write, addr: (a: Expr) => Expr, gate?: Expr) => {
      to.addr.set(addr(port.addr));
      to.stride.set(port.stride);
      let g = gate;
      to.en.forEach((en, c) => {
        if (g && c > 0) g = this.delay(g, { name: `wr_window_d${c}`, init: false });
        en.set(c < lanes ? (g ? port.en[c]!.and(g) : port.en[c]!) : Bool().lit(false));
      });
      to.data.forEach((d, c) => d.set(c < lanes ? port.data[c]! : UInt(32).lit(0)));
    };
    const inWindow = (a: Expr) => a.ge(E - S);
    write(core.wr, C, ee.wr, toE);
    write(core.wr, C, ev.wr, toS, S < E ? inWindow(core.wr.addr) : undefined);
    write(ports.wr, L, ve.wr, toV);
    write(ports.wr, L, vv.wr, toV);

    // The host: while the core is idle; a write goes to both copies of its region, reads come from
    // the engine-lane copies (latency 2), the region picked with the data.
    const idle = this.busy.not();
    const h = this.host;
    const inV = (a: Expr) => (a.width > eBit ? a.bit(eBit) : Bool().lit(false));
    for (const [m, region, depth] of [
      [ee, false, E],
      [ev, false, S],
      [ve, true, V],
      [vv, true, V],
    ] as const) {
      const ab = bitsFor(depth);
      m.hostSel.set(idle);
      const here = region ? inV(h.waddr) : inV(h.waddr).not();
      m.host.we.set(h.we.and(depth < E && !region ? here.and(inWindow(h.waddr)) : here));
      m.host.waddr.set(h.waddr.resize(ab));
      m.host.wdata.set(h.wdata);
      m.host.raddr.set(h.raddr.resize(ab));
      m.host.raddr2.set(h.raddr2.resize(ab));
    }
    const sel1 = this.delay(this.delay(inV(h.raddr), { name: 'host_rd_v_d1', init: false }), {
      name: 'host_rd_v_d2',
      init: false,
    });
    const sel2 = this.delay(this.delay(inV(h.raddr2), { name: 'host_rd2_v_d1', init: false }), {
      name: 'host_rd2_v_d2',
      init: false,
    });
    h.rdata.set(mux(sel1, ve.host.rdata, ee.host.rdata));
    h.rdata2.set(mux(sel2, ve.host.rdata2, ee.host.rdata2));
    return {
      engPending: ee.writesPending.or(ev.writesPending),
      vecPending: ve.writesPending.or(vv.writesPending),
    };
  }
}

function digest(program: readonly bigint[]): string {
  let h = 0x811c9dc5;
  for (const w of program) for (const ch of `${w.toString(16)};`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
