// The contraction engine as one module: EngineCore plus the data memory holding every buffer of a
// schedule. The host side (a testbench, or the kernel that drives the engine) loads and reads the data
// memory while the engine is idle through one write port and two synchronous read ports (two, so a
// streaming pass such as the training kernel's error pass reads Y and the target in the same cycle).
// The data memory (data-memory.ts) has R + 2C + 2 synchronous read ports and C + 1 write ports:
// functionally the banked memory of the memory issue, not its cost (docs/engine.md, "what is missing").
import { Module, UInt, Bool, bitsFor } from '../../dsl/index.js';
import { EngineDataMemory } from './data-memory.js';
import { EngineCore } from './engine-core.js';
import type { EngineConfig } from './engine-config.js';
import { INSTRUCTION_BITS } from './instruction.js';

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
  constructor(readonly cfg: EngineConfig, readonly dataDepth = 1024, readonly progDepth = 64, program: readonly bigint[] = []) {
    super({ rows: cfg.rows, cols: cfg.cols, macStages: cfg.macStages, dataDepth, progDepth });
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
    this.busy.set(core.busy);
    this.done.set(core.done);
    this.cycles.set(core.cycles);
    this.stepDone.set(core.stepDone);

    // Read ports: A lanes, B lanes, fill lanes, then the two host ports. Write ports: the C drain
    // columns, then the host.
    const R = cfg.rows; const C = cfg.cols;
    const data = this.instance(new EngineDataMemory(dataDepth, R + 2 * C + 2, C + 1), 'data');
    const reads = [...core.aRdAddr, ...core.bRdAddr, ...core.fillRdAddr, this.hostRaddr, this.hostRaddr2];
    reads.forEach((a, i) => data.rdAddr[i]!.set(a));
    core.aRdAddr.forEach((_, r) => core.aRdData[r]!.set(data.rdData[r]!));
    core.bRdAddr.forEach((_, c) => core.bRdData[c]!.set(data.rdData[R + c]!));
    core.fillRdAddr.forEach((_, c) => core.fillRdData[c]!.set(data.rdData[R + C + c]!));
    this.hostRdata.set(data.rdData[R + 2 * C]!);
    this.hostRdata2.set(data.rdData[R + 2 * C + 1]!);
    for (let c = 0; c < C; c++) {
      data.wrEn[c]!.set(core.wrEn[c]!); data.wrAddr[c]!.set(core.wrAddr[c]!); data.wrData[c]!.set(core.wrData[c]!);
    }
    data.wrEn[C]!.set(this.hostWe); data.wrAddr[C]!.set(this.hostWaddr); data.wrData[C]!.set(this.hostWdata);
  }
}

export default ContractionEngine;
