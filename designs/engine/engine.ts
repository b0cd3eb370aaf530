// The contraction engine as one module: EngineCore plus the data memory holding every buffer of a
// schedule. The host side (a testbench, or the kernel that drives the engine) loads and reads the data
// memory while the engine is idle through one write port and two synchronous read ports (two, so a
// streaming pass such as the training kernel's error pass reads Y and the target in the same cycle).
// The data memory here is one array with R + 2C + 2 synchronous read ports and C + 1 write ports:
// functionally the banked memory of the memory issue, not its cost (docs/engine.md, "what is missing").
import { Module, UInt, Bool, when, bitsFor } from '../../dsl/index.js';
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
    const data = this.memory(UInt(32), dataDepth, { name: 'data_mem' });

    core.progWe.set(this.progWe);
    core.progAddr.set(this.progAddr);
    core.progWdata.set(this.progWdata);
    core.start.set(this.start);
    core.startPc.set(this.startPc);
    this.busy.set(core.busy);
    this.done.set(core.done);
    this.cycles.set(core.cycles);
    this.stepDone.set(core.stepDone);

    core.aRdAddr.forEach((a, r) => core.aRdData[r]!.set(data.read(a, { name: `a_rd${r}` })));
    core.bRdAddr.forEach((a, c) => core.bRdData[c]!.set(data.read(a, { name: `b_rd${c}` })));
    core.fillRdAddr.forEach((a, c) => core.fillRdData[c]!.set(data.read(a, { name: `fill_rd${c}` })));
    for (let c = 0; c < cfg.cols; c++) when(core.wrEn[c]!, () => data.write(core.wrAddr[c]!, core.wrData[c]!, { port: c }));
    when(this.hostWe, () => data.write(this.hostWaddr, this.hostWdata, { port: cfg.cols }));
    this.hostRdata.set(data.read(this.hostRaddr, { name: 'host_rd' }));
    this.hostRdata2.set(data.read(this.hostRaddr2, { name: 'host_rd2' }));
  }
}

export default ContractionEngine;
