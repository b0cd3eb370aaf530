// A counter with enable and synchronous clear: registers, when/otherwise, a parameter.
import { Module, UInt, Bool, when, withDefaults, type ParamsOf } from '../../dsl/index.js';

export class Counter extends Module {
  /** Parameters and their defaults (`--param width=16`). */
  static readonly params = { width: 8 };
  readonly width: number;
  readonly enable = this.input(Bool());
  readonly clear = this.input(Bool());
  readonly count;
  readonly wrapped;

  constructor(p: ParamsOf<typeof Counter.params> = {}) {
    const { width } = withDefaults(Counter.params, p);
    super({ width });
    this.width = width;
    this.count = this.output(UInt(width));
    this.wrapped = this.output(Bool());
    const value = this.reg(UInt(width), { init: 0 });
    const atMax = value.eq(UInt(width).lit((1n << BigInt(width)) - 1n));
    when(this.clear, () => value.set(0)).elsewhen(this.enable, () => value.set(value.add(1)));
    this.count.set(value);
    this.wrapped.set(atMax.and(this.enable));
  }
}

export default Counter;
