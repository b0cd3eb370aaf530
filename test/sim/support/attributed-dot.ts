// A dot-product step as a new user writes one: weights in a library RAM (which carries a
// `(* ram_style *)` attribute), an Fp32Mac, and an Fsm (whose state register carries
// `(* fsm_encoding *)`). Icarus once could not see attributed declarations, so these memories were
// not zeroed at time 0 and a never-written RAM read through the MAC gave 0 instead of NaN.
import { Bool, Module, UInt, when, type Signal } from '../../../dsl/index.js';
import { Fsm } from '../../../dsl/fsm.js';
import { Fp32Mac } from '../../../rtl-lib/fp/hw/fp-unit-module.js';
import { SimpleDualPortRam } from '../../../rtl-lib/mem/ram.js';

export class AttributedDot extends Module {
  /** Read address of the weight RAM; its word reaches the MAC one cycle later. */
  addr = this.input(UInt(2));
  x = this.input(UInt(32));
  /** Accumulate acc += w * x this cycle (moves the FSM from Idle to Acc). */
  accumulate = this.input(Bool());
  clear = this.input(Bool());
  wen = this.input(Bool());
  waddr = this.input(UInt(2));
  wdata = this.input(UInt(32));
  acc = this.output(UInt(32));

  constructor() {
    super();
    const ram = this.instance(new SimpleDualPortRam({ depth: 4, width: 32 }), 'wram');
    ram.wr_en.set(this.wen);
    ram.wr_addr.set(this.waddr);
    ram.wr_data.set(this.wdata);
    ram.rd_en.set(true);
    ram.rd_addr.set(this.addr);
    const acc = this.reg(UInt(32), { init: 0, name: 'acc_q' });
    const mac = this.instance(new Fp32Mac(0), 'mac');
    (mac.a as Signal).set(ram.rd_data);
    (mac.b as Signal).set(this.x);
    (mac.c as Signal).set(acc);
    mac.inValid.set(this.accumulate);
    const fsm = new Fsm(this, 'Ctl', ['Idle', 'Acc', 'Cleared']);
    fsm
      .on('Idle', () => when(this.accumulate, () => fsm.goto('Acc')))
      .on('Acc', () => when(this.clear, () => fsm.goto('Cleared')))
      .on('Cleared', () => fsm.goto('Idle'))
      .build();
    when(this.accumulate, () => acc.set(mac.y));
    when(this.clear, () => acc.set(0));
    this.acc.set(acc);
  }
}
