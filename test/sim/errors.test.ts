// Bad situations get clear messages: a missing simulator names the Debian package, a Verilator build
// failure (in Verilator or in the C++ compiler) shows the tool's lines and leaves no cache entry, a
// simulator that dies mid-run fails the waiting testbench with its own message, a hung simulation
// stops at the cycle limit and says so.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Bool, Module, UInt } from '../../dsl/index.js';
import type { NativeAgentSpec } from '../../sim/agents.js';
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

  /** Entries of the cache folder: a failed build must leave neither a model nor its staging folder. */
  const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir) : []);

  it('a Verilator build failure shows the relevant Verilator lines and leaves no cache entry', async function () {
    if (!hasVerilator()) {
      console.log('    NOTICE: skipping: verilator is not installed (apt-get install -y verilator)');
      this.skip();
    }
    const cacheDir = 'out/test/sim/cache-broken';
    rmSync(cacheDir, { recursive: true, force: true });
    const broken = "module Broken(input wire clk);\n  wire [3:0] x = 4'd1 +;\nendmodule\n";
    await assert.rejects(
      buildVerilator({
        topName: 'Broken',
        files: [{ name: 'Broken.v', text: broken }],
        harness: 'int main() { return 0; }\n',
        trace: false,
        cacheDir,
      }),
      (e: unknown) =>
        e instanceof Error &&
        /Verilator build of Broken failed/.test(e.message) &&
        /%Error: Broken\.v:2/.test(e.message),
    );
    assert.deepEqual(entries(cacheDir), []);
  });

  it('a C++ compile failure shows the compiler error lines and leaves no cache entry', async function () {
    if (!hasVerilator()) this.skip();
    const cacheDir = 'out/test/sim/cache-broken-cpp';
    rmSync(cacheDir, { recursive: true, force: true });
    await assert.rejects(
      buildVerilator({
        topName: 'Fine',
        files: [{ name: 'Fine.v', text: 'module Fine(input wire clk);\nendmodule\n' }],
        harness: 'int main() { return no_such_function(); }\n',
        trace: false,
        cacheDir,
        progress: false,
      }),
      (e: unknown) =>
        e instanceof Error &&
        /Verilator build of Fine failed/.test(e.message) &&
        /harness\.cpp:1:\d+: error: .*no_such_function/.test(e.message),
    );
    assert.deepEqual(entries(cacheDir), []);
  });

  it('a simulator that dies mid-run fails the waiting testbench with its own message', async function () {
    if (!hasVerilator()) this.skip();
    // A native agent that crashes the simulator process at its fifth edge, after a message of its own.
    const crasher: NativeAgentSpec = {
      name: 'crasher',
      cpp: (ctx) =>
        `struct ${ctx.className} : Agent {\n  void commit() override { if (cycle == 5) { fprintf(stderr, "crasher: giving up at cycle 5\\n"); fflush(stderr); abort(); } }\n  void call(uint32_t, const std::vector<uint32_t>&, std::vector<uint32_t>&) override {}\n};\n`,
    };
    // The staging folder of a build whose process was killed: removed by the next build in the folder.
    const cacheDir = 'out/test/sim/cache-crash';
    const stale = path.join(cacheDir, 'verilator-Gone-0123.tmp-999999999-1');
    mkdirSync(stale, { recursive: true });
    const sim = await simulate(new Waiter(), {
      backend: 'verilator',
      internals: false,
      agents: [crasher],
      progress: false,
      cacheDir,
    });
    assert.equal(existsSync(stale), false, 'stale staging folder removed');
    await sim.step(2);
    assert.equal(await sim.peek('ready'), 0n);
    await assert.rejects(
      (async () => {
        await sim.step(10);
        await sim.peek('ready');
      })(),
      (e: unknown) =>
        e instanceof Error &&
        /Verilator model Waiter exited \(SIGABRT\)/.test(e.message) &&
        /crasher: giving up at cycle 5/.test(e.message),
    );
    await sim.close().catch(() => undefined);
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
