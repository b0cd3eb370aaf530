// The contraction engine as one module: EngineCore plus the data memory holding every buffer of a
// schedule. The host side (a testbench, or the kernel that drives the engine) loads and reads the data
// memory while the engine is idle through one write port (the word lands the next cycle) and two read
// ports with latency 2 (two, so a streaming pass such as the training kernel's error pass reads Y and the
// target in the same cycle).
// The data memory (banked-data-memory.ts) is built from two-port RAMs: 17 banks (by default) in three
// copies, with the core's skewed lanes turned into conflict-free vector accesses. Its writes land up to
// C cycles after the core issues them, so `busy` and `done` wait for them: the host sees every word.
import { Module, UInt, Bool, bitsFor, connect } from '../../dsl/index.js';
import type { RamStyle } from '../../rtl-lib/mem/ram-config.js';
import { BankedDataMemory } from './banked-data-memory.js';
import { EngineCore } from './engine-core.js';
import { dataBanks, type EngineConfig } from './engine-config.js';
import { HostPort, ProgramWrite } from './engine-ports.js';
import { FIELD_BITS } from './instruction.js';

export class ContractionEngine extends Module {
  /** The data memory's host ports (used while the engine is idle) and the program memory's write port. */
  readonly host;
  readonly prog;
  readonly start = this.input(Bool(), 'start');
  readonly startPc;
  readonly busy = this.output(Bool(), 'busy');
  readonly done = this.output(Bool(), 'done');
  readonly cycles = this.output(UInt(32), 'cycles');
  readonly stepDone = this.output(Bool(), 'step_done');

  /** @param program initial program memory contents (see EngineCore). */
  /** @param dataStyle RAM style of the data memory's banks (default: URAM from 4K rows per bank, else block RAM). */
  constructor(
    readonly cfg: EngineConfig,
    readonly dataDepth = 1024,
    readonly progDepth = 64,
    program: readonly bigint[] = [],
    dataStyle?: RamStyle,
  ) {
    super({
      rows: cfg.rows,
      cols: cfg.cols,
      macStages: cfg.macStages,
      banks: dataBanks(cfg),
      dataDepth,
      progDepth,
      ...(dataStyle ? { dataStyle } : {}),
    });
    const aw = bitsFor(dataDepth);
    this.host = this.input(HostPort(aw), 'host');
    this.prog = this.input(ProgramWrite(bitsFor(progDepth)), 'prog');
    this.startPc = this.input(UInt(bitsFor(progDepth)), 'start_pc');
    const core = this.instance(new EngineCore(cfg, dataDepth, progDepth, program), 'core');

    connect(core.prog, this.prog);
    core.start.set(this.start);
    core.startPc.set(this.startPc);
    const R = cfg.rows;
    const C = cfg.cols;
    const data = this.instance(
      new BankedDataMemory({
        depth: dataDepth,
        rows: R,
        cols: C,
        banks: dataBanks(cfg),
        addrBits: FIELD_BITS,
        ...(dataStyle ? { style: dataStyle } : {}),
      }),
      'data',
    );
    const busy = core.busy.or(data.writesPending);
    this.busy.set(busy);
    this.done.set(core.done.and(data.writesPending.not()));
    this.cycles.set(core.cycles);
    this.stepDone.set(core.stepDone);

    connect(data.rd.a, core.aRd);
    connect(data.rd.b, core.bRd);
    connect(data.rd.fill, core.fillRd);
    connect(data.wr, core.wr);
    // Host ports: only while the engine is idle and its last writes have landed.
    data.hostSel.set(busy.not());
    connect(data.host, this.host);
  }
}

export default ContractionEngine;
