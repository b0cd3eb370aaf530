// Greatest common divisor by repeated subtraction, with valid/ready handshakes on the operands
// and on the result. One subtraction per cycle; the result is held until it is taken.
import { Module, UInt, Bool, when } from '../../dsl/index.js';

export class Gcd extends Module {
  readonly inValid = this.input(Bool());
  readonly inReady = this.output(Bool());
  readonly a;
  readonly b;
  readonly outValid = this.output(Bool());
  readonly outReady = this.input(Bool());
  readonly result;

  constructor(readonly width = 16) {
    super({ width });
    this.a = this.input(UInt(width));
    this.b = this.input(UInt(width));
    this.result = this.output(UInt(width));

    const x = this.reg(UInt(width), { init: 0 });
    const y = this.reg(UInt(width), { init: 0 });
    const busy = this.reg(Bool(), { init: 0 });
    const done = this.reg(Bool(), { init: 0 });

    const idle = busy.or(done).not();
    // gcd(x, 0) = x: stop as soon as one operand is zero; the other one is the answer.
    const finished = x.eq(0).or(y.eq(0));

    when(this.inValid.and(idle), () => {
      x.set(this.a);
      y.set(this.b);
      busy.set(true);
    }).elsewhen(busy, () => {
      when(finished, () => {
        busy.set(false);
        done.set(true);
      })
        .elsewhen(x.gt(y), () => x.set(x.sub(y)))
        .otherwise(() => y.set(y.sub(x)));
    });
    when(done.and(this.outReady), () => done.set(false));

    this.inReady.set(idle);
    this.outValid.set(done);
    this.result.set(x.or(y));
  }
}

export default Gcd;
