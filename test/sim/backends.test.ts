// The same testbench files on all three back ends. A missing external simulator skips its tests
// with a visible notice naming the package to install (CI installs both).
import { mkdirSync } from 'node:fs';
import { backendNames } from '../../sim/backend.js';
import { simulate } from '../../sim/simulate.js';
import { hasIcarus, hasVerilator } from '../../sim/tools.js';
import { testbenches } from './support/testbenches.js';

const available: Record<string, string | undefined> = {
  builtin: undefined,
  verilator: hasVerilator() ? undefined : 'verilator (apt-get install -y verilator)',
  icarus: hasIcarus() ? undefined : 'iverilog (apt-get install -y iverilog)',
};

describe('sim back ends: shared testbenches', function () {
  this.timeout(240_000);
  before(() => mkdirSync('out/test/sim', { recursive: true }));
  for (const backend of backendNames) {
    describe(backend, () => {
      for (const tb of testbenches) {
        it(tb.name, async function () {
          const missing = available[backend];
          if (missing) {
            console.log(`    NOTICE: skipping ${backend} tests: ${missing} is not installed`);
            this.skip();
          }
          const sim = await simulate(tb.design(), { backend, ...(tb.options?.(backend) ?? {}) });
          try {
            await tb.run(sim, backend);
          } finally {
            await sim.close().catch(() => undefined);
          }
        });
      }
    });
  }
});
