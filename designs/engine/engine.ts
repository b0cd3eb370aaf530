// The contraction engine as one module: EngineCore plus the data memory holding every buffer of a
// schedule. The host side (a testbench, or the kernel that drives the engine) loads and reads the data
// memory while the engine is idle through one write port (the word lands the next cycle) and two read
// ports with latency 2 (two, so a streaming pass such as the training kernel's error pass reads Y and the
// target in the same cycle).
// The data memory (banked-data-memory.ts) is built from two-port RAMs: 17 banks (by default) in three
// copies, with the core's skewed lanes turned into conflict-free vector accesses. Its writes land up to
// C cycles after the core issues them, so `busy` and `done` wait for them: the host sees every word.
import { Module, UInt, Bool, bitsFor } from '../../dsl/index.js';
import type { RamStyle } from '../../rtl-lib/mem/ram-config.js';
import { BankedDataMemory } from './banked-data-memory.js';
import { EngineCore } from './engine-core.js';
import { dataBanks, type EngineConfig } from './engine-config.js';
import { FIELD_BITS, INSTRUCTION_BITS } from './instruction.js';

export class ContractionEngine extends Module {
  readonly hostWe = this.input(Bool(), 'host_we');
  readonly hostWaddr;
  readonly hostWdata = this.input(UInt(32), 'host_wdata');
  readonly hostRaddr;
  readonly hostRdata = this.output(UInt(32), 'host_rdata');
  readonly hostRaddr2;
  readonly hostRdata2 = this.output(UInt(32), 'host_rdata2');
  readonly progWe = this.input(Bool(), 'prog_we');
  readonly progAddr;
  readonly progWdata = this.input(UInt(INSTRUCTION_BITS), 'prog_wdata');
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
    this.hostWaddr = this.input(UInt(aw), 'host_waddr');
    this.hostRaddr = this.input(UInt(aw), 'host_raddr');
    this.hostRaddr2 = this.input(UInt(aw), 'host_raddr2');
    this.progAddr = this.input(UInt(bitsFor(progDepth)), 'prog_addr');
    this.startPc = this.input(UInt(bitsFor(progDepth)), 'start_pc');
    const core = this.instance(new EngineCore(cfg, dataDepth, progDepth, program), 'core');

    core.progWe.set(this.progWe);
    core.progAddr.set(this.progAddr);
    core.progWdata.set(this.progWdata);
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

    data.rdAddr.a.set(core.aRdAddr);
    data.rdStride.a.set(core.aRdStride);
    data.rdAddr.b.set(core.bRdAddr);
    data.rdStride.b.set(core.bRdStride);
    data.rdAddr.fill.set(core.fillRdAddr);
    data.rdStride.fill.set(core.fillRdStride);
    core.aRdData.forEach((d, r) => d.set(data.rdData.a[r]!));
    core.bRdData.forEach((d, c) => d.set(data.rdData.b[c]!));
    core.fillRdData.forEach((d, c) => d.set(data.rdData.fill[c]!));
    data.wrAddr.set(core.wrAddr);
    data.wrStride.set(core.wrStride);
    for (let c = 0; c < C; c++) {
      data.wrEn[c]!.set(core.wrEn[c]!);
      data.wrData[c]!.set(core.wrData[c]!);
    }
    // Host ports: only while the engine is idle and its last writes have landed.
    data.hostSel.set(busy.not());
    data.hostWe.set(this.hostWe);
    data.hostWaddr.set(this.hostWaddr);
    data.hostWdata.set(this.hostWdata);
    data.hostRaddr.set(this.hostRaddr);
    data.hostRaddr2.set(this.hostRaddr2);
    this.hostRdata.set(data.hostRdata);
    this.hostRdata2.set(data.hostRdata2);
  }
}

export default ContractionEngine;
