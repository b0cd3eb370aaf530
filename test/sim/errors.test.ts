// Bad situations get clear messages: a missing simulator names the Debian package, a Verilator build
// failure shows the compiler's lines, a hung simulation stops at the cycle limit and says so.
import { strict as assert } from 'node:assert';
import { Bool, Module, UInt } from '../../dsl/index.js';
import { simulate } from '../../sim/simulate.js';
import { buildVerilator } from '../../sim/verilator/build.js';
import { SimulationLimit } from '../../sim/errors.js';
import { hasVerilator } from '../../sim/tools.js';

class Waiter extends Module {
  go = this.input(Bool());
  ready = this.output(Bool());
  constructor() {
    super();
    const r = this.reg(UInt(4), { init: 0 });
    r.set(r);
    this.ready.set(r.eq(9));
    this.go;
  }
}

describe('sim: error messages', () => {
  it('a missing simulator names the Debian package to install', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(
        simulate(new Waiter(), { backend: 'icarus' }),
        /error TTF170: missing tool: 'iverilog'.*apt-get install -y iverilog/s,
      );
      await assert.rejects(
        simulate(new Waiter(), { backend: 'verilator' }),
        /error TTF170: missing tool: 'verilator'.*apt-get install -y verilator/s,
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it('a Verilator build failure shows the relevant compiler lines', async function () {
    if (!hasVerilator()) {
      console.log('    NOTICE: skipping: verilator is not installed (apt-get install -y verilator)');
      this.skip();
    }
    const broken = "module Broken(input wire clk);\n  wire [3:0] x = 4'd1 +;\nendmodule\n";
    await assert.rejects(
      buildVerilator({
        topName: 'Broken',
        files: [{ name: 'Broken.v', text: broken }],
        harness: 'int main() { return 0; }\n',
        trace: false,
        cacheDir: 'out/test/sim/cache-broken',
      }),
      (e: unknown) =>
        e instanceof Error &&
        /Verilator build of Broken failed/.test(e.message) &&
        /%Error: Broken\.v:2/.test(e.message),
    );
  });

  it('a simulation that runs past maxCycles stops and says where', async () => {
    const sim = await simulate(new Waiter(), { backend: 'builtin', maxCycles: 100 });
    await sim.step(60);
    await assert.rejects(
      sim.step(60),
      (e: unknown) =>
        e instanceof SimulationLimit && /error TTF161: .*stopped at cycle 60.*maxCycles = 100/.test(e.message),
    );
    await sim.close().catch(() => undefined);
  });

  it('unknown names and out-of-range values are user errors with suggestions', async () => {
    const sim = await simulate(new Waiter(), { backend: 'builtin' });
    assert.throws(() => sim.poke('gone', 1), /unknown signal 'gone'.*did you mean: go/);
    assert.throws(() => sim.poke('go', 2), /value 2 does not fit 'go' \(1 bits\)/);
    assert.throws(() => sim.poke('ready', 1), /only input ports can be driven/);
    await sim.close();
  });
});
