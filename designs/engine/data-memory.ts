// The engine's data memory as its own module: `reads` synchronous read ports and `writes` write ports
// (a higher port index wins when two write the same address in one cycle). Functionally this is the
// banked on-chip memory the engine needs; its cost is not: a block RAM or URAM has two ports, so the
// memory plan warns about it and the U50 resource estimate black-boxes this module and counts one
// copy of its storage. The banked implementation (docs/engine.md, "what is missing") replaces this
// module behind the same ports.
import { Module, UInt, Bool, Vec, when, bitsFor } from '../../dsl/index.js';

export class EngineDataMemory extends Module {
  readonly rdAddr; readonly rdData;
  readonly wrEn; readonly wrAddr; readonly wrData;

  constructor(readonly depth: number, readonly reads: number, readonly writes: number) {
    super({ depth, reads, writes });
    const aw = bitsFor(depth);
    this.rdAddr = this.input(Vec(reads, UInt(aw)), 'rd_addr');
    this.rdData = this.output(Vec(reads, UInt(32)), 'rd_data');
    this.wrEn = this.input(Vec(writes, Bool()), 'wr_en');
    this.wrAddr = this.input(Vec(writes, UInt(aw)), 'wr_addr');
    this.wrData = this.input(Vec(writes, UInt(32)), 'wr_data');
    const data = this.memory(UInt(32), depth, { name: 'data_mem' });
    for (let i = 0; i < reads; i++) this.rdData[i]!.set(data.read(this.rdAddr[i]!, { name: `rd${i}` }));
    for (let i = 0; i < writes; i++) when(this.wrEn[i]!, () => data.write(this.wrAddr[i]!, this.wrData[i]!, { port: i }));
  }
}
