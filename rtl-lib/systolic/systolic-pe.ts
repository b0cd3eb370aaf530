// One output-stationary FP32 processing element. A passes east, B passes south, each through one
// register. The PE's MAC unit (a*b + c, two roundings: mac32) has `macStages` pipeline registers and its
// result feeds its own addend: the MAC's last pipeline register is the accumulator (the rounding's tail
// after it and the 2:1 select of the addend share one segment), so P = macStages independent sums
// circulate in the loop, one per MAC slot: each sum still sees its products in p order
// (FP32_GEMM_ORDER), just every P cycles. A combinational MAC (macStages 0) gets an accumulator register
// of its own (P = 1), so the loop is never combinational.
//
// Every PE also holds P shadow registers, a FIFO that does two jobs:
//  - exchange (first = 1, once per slot at the start of a group): the MAC starts from the FIFO head
//    (the initial value, 0 or the C being accumulated into) and the finished sum of the previous group
//    is pushed at the tail;
//  - chain shift (shift = 1): the FIFOs of one column form a chain that drains finished sums out of the
//    bottom while the initial values of the next group come in at the top.
// The sequencer never asserts both in one cycle.
import { Module, UInt, Bool, mux, when } from '../../dsl/index.js';
import { Fp32Mac } from '../fp/hw/fp-unit-module.js';
import { defaultStages } from '../fp/hw/fp-unit-defaults.js';

export class SystolicPe extends Module {
  readonly aIn = this.input(UInt(32), 'a_in');
  readonly bIn = this.input(UInt(32), 'b_in');
  readonly firstIn = this.input(Bool(), 'first_in');
  readonly chainIn = this.input(UInt(32), 'chain_in');
  readonly shift = this.input(Bool(), 'shift');
  readonly aOut = this.output(UInt(32), 'a_out');
  readonly bOut = this.output(UInt(32), 'b_out');
  readonly firstOut = this.output(Bool(), 'first_out');
  readonly chainOut = this.output(UInt(32), 'chain_out');

  constructor(readonly macStages = 3) {
    super({ macStages });
    const slots = Math.max(1, macStages);
    const a = this.delay(this.aIn, 'a_q');
    const b = this.delay(this.bIn, 'b_q');
    const first = this.delay(this.firstIn, { name: 'first_q', init: false });
    const shadow = Array.from({ length: slots }, (_, i) => this.reg(UInt(32), `shadow${i}`));

    // At the default depth the MAC takes its tuned cut list (fp-unit-defaults.ts: <= 8 LUT levels per
    // stage); other depths spread their registers evenly over the cut points.
    const mac = this.instance(new Fp32Mac(macStages === defaultStages('mac') ? undefined : macStages), 'mac');
    mac.a.set(a);
    mac.b.set(b);
    // The sum coming round the loop: the MAC's result (its last stage register), or a register of its
    // own behind a combinational MAC.
    let acc = mac.y;
    if (macStages === 0) {
      const r = this.reg(UInt(32), 'acc');
      r.set(mac.y);
      acc = r;
    }
    mac.c.set(mux(first, shadow[0]!, acc));
    mac.inValid.set(true);

    const tail = mux(first, acc, this.chainIn);
    when(first.or(this.shift), () => {
      for (let i = 0; i + 1 < slots; i++) shadow[i]!.set(shadow[i + 1]!);
      shadow[slots - 1]!.set(tail);
    });

    this.aOut.set(a);
    this.bOut.set(b);
    this.firstOut.set(first);
    this.chainOut.set(shadow[0]!);
  }
}
