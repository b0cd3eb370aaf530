// A small design exercising what the testbench API offers: a counter with a done flag, a memory with
// a synchronous read port, a child MAC reachable by hierarchical path, a wide (72-bit) register.
import { Bool, Module, UInt, mux, when } from '../../../dsl/index.js';
import { Mac32 } from '../../../sim/examples/mac-array.js';

export class Playground extends Module {
  en = this.input(Bool());
  limit = this.input(UInt(8));
  count = this.output(UInt(8));
  done = this.output(Bool());
  waddr = this.input(UInt(4));
  wdata = this.input(UInt(32));
  wen = this.input(Bool());
  raddr = this.input(UInt(4));
  rdata = this.output(UInt(32));
  x = this.input(UInt(32));
  y = this.input(UInt(32));
  acc = this.output(UInt(32));
  wide = this.output(UInt(72));
  fbits = this.output(UInt(32));

  constructor() {
    super();
    const c = this.reg(UInt(8), { init: 0, name: 'cnt' });
    c.set(mux(this.en.and(c.ne(this.limit)), c.add(1), c));
    this.count.set(c);
    this.done.set(c.eq(this.limit));

    const ram = this.memory(UInt(32), 16).named('ram');
    when(this.wen, () => ram.write(this.waddr, this.wdata));
    this.rdata.set(ram.read(this.raddr));

    const mac = this.instance(new Mac32(), 'mac');
    mac.a.set(this.x);
    mac.b.set(this.y);
    mac.clear.set(false);
    this.acc.set(mac.acc);

    const w = this.reg(UInt(72), { init: 0, name: 'wreg' });
    w.set(w.add(this.x.zext(72).shl(40)).add(this.y.zext(72)));
    this.wide.set(w);
    this.fbits.set(this.x);
  }
}
