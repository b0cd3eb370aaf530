// A module's default domain on ports of its own choosing (useDefaultDomain): the ports come first,
// an active-low reset is inverted once, and registers and children reset on the inverted wire.
import assert from 'node:assert/strict';
import { Module, UInt, elaborate, emitVerilog } from '../../dsl/index.js';
import { simulate } from '../../sim/index.js';
import { diagnose, markerLine } from '../support/diagnostics.js';

class Count extends Module {
  readonly q = this.output(UInt(4));
  constructor() {
    super();
    const n = this.reg(UInt(4), { init: 0 });
    n.set(n.add(1));
    this.q.set(n);
  }
}

class ApTop extends Module {
  readonly x = this.input(UInt(4));
  readonly y = this.output(UInt(4));
  readonly z = this.output(UInt(4));
  constructor() {
    super();
    this.useDefaultDomain({ clock: 'ap_clk', reset: 'ap_rst_n', activeHighReset: 'ap_rst' });
    const r = this.reg(UInt(4), { init: 5 });
    r.set(this.x);
    this.y.set(r);
    this.z.set(this.instance(new Count(), 'count').q);
  }
}

class TooLate extends Module {
  readonly y = this.output(UInt(4));
  constructor() {
    super();
    this.y.set(this.delay(UInt(4).lit(1)));
    this.useDefaultDomain({ clock: 'ap_clk', reset: 'ap_rst_n' }); // @late
  }
}

describe('dsl clock domains: useDefaultDomain', () => {
  it('puts the clock and reset ports first and resets registers and children on the inverted reset', () => {
    const text = emitVerilog(elaborate(new ApTop())).files.find((f) => f.name === 'ApTop.v')!.text;
    assert.match(
      text,
      /^module ApTop \(\n {2}input {2}wire {7}ap_clk,\n {2}input {2}wire {7}ap_rst_n,\n {2}input {2}wire \[3:0\] x,/m,
    );
    assert.doesNotMatch(text, /input\s+wire\s+(clk|rst)\b/);
    assert.match(text, /assign ap_rst = ~ap_rst_n;/);
    assert.match(text, /always @\(posedge ap_clk\) begin\n\s+if \(ap_rst\) begin/);
    assert.match(text, /\.clk\(ap_clk\),\n\s+\.rst\(ap_rst\),/);
  });

  it('resets while ap_rst_n is low (built-in simulator)', async () => {
    const sim = await simulate(new ApTop(), { backend: 'builtin', reset: 'ap_rst_n' });
    try {
      sim.poke('x', 9);
      await sim.reset(2, true);
      assert.equal(await sim.peek('y'), 5n);
      assert.equal(await sim.peek('z'), 0n);
      for (let i = 0; i < 3; i++) await sim.tick();
      assert.equal(await sim.peek('y'), 9n);
      assert.equal(await sim.peek('z'), 3n);
    } finally {
      await sim.close();
    }
  });

  it('refuses once the default domain is in use (TTF144 at the call)', () => {
    const { errors } = diagnose(() => new TooLate());
    assert.deepEqual(
      errors.map((d) => [d.code, d.loc?.line]),
      [['TTF144', markerLine(import.meta.url, 'late')]],
    );
    assert.match(
      errors[0]!.message,
      /^the default clock domain of TooLate is already in use: call useDefaultDomain\(\)/,
    );
  });
});
