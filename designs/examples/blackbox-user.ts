// Using Verilog the design does not write itself: a synchronizer declared by hand as a BlackBox and
// a vendor multiplier whose ports are read from its Verilog header. Multiply-accumulate of the
// pipelined products while an asynchronous `run` input (synchronized first) is high.
import { fileURLToPath } from 'node:url';
import { Module, UInt, Bool, when } from '../../dsl/index.js';
import { BlackBox, VerilogBlackBox } from '../../dsl/blackbox.js';

const vendor = (file: string) => fileURLToPath(new URL(`./vendor/${file}`, import.meta.url));

/** sync_bit from vendor/sync_bit.v, ports declared by hand. */
export class SyncBit extends BlackBox {
  readonly clk = this.clockInput();
  readonly d = this.input(Bool());
  readonly q = this.output(Bool());
  constructor(stages = 2) {
    super('sync_bit', { params: { STAGES: stages }, sources: [vendor('sync_bit.v')] });
  }
}

export class BlackBoxUser extends Module {
  readonly run = this.input(Bool());
  readonly a;
  readonly b;
  readonly acc;

  constructor(
    readonly width = 8,
    readonly accWidth = 24,
  ) {
    super({ width, accWidth });
    this.a = this.input(UInt(width));
    this.b = this.input(UInt(width));
    this.acc = this.output(UInt(accWidth));

    const sync = this.instance(new SyncBit(2));
    sync.d.set(this.run);
    const mult = this.instance(
      new VerilogBlackBox(vendor('pipe_mult.v'), { params: { A_WIDTH: width, B_WIDTH: width, LATENCY: 3 } }),
    );
    mult.port('a').set(this.a);
    mult.port('b').set(this.b);

    const total = this.reg(UInt(accWidth), { init: 0 });
    when(sync.q, () => total.set(total.add(mult.port('p').zext(accWidth))));
    this.acc.set(total);
  }
}

export default BlackBoxUser;
