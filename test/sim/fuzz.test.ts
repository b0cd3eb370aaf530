// Differential fuzzing, modest size: random netlists must give identical output traces on the
// built-in simulator and Icarus (several designs, quick to compile) and on all three back ends (one
// larger design: one Verilator build). `npm run fuzz sim` runs the long campaign.
import { runCampaign } from '../../sim/fuzz/campaign.js';
import { hasIcarus, hasVerilator } from '../../sim/tools.js';
import { strict as assert } from 'node:assert';

describe('sim/fuzz: random netlists agree across back ends', function () {
  this.timeout(240_000);

  it('builtin = icarus on 8 random netlists', async function () {
    if (!hasIcarus()) {
      console.log('    NOTICE: skipping: iverilog is not installed (apt-get install -y iverilog)');
      this.skip();
    }
    const r = await runCampaign({ backends: ['builtin', 'icarus'], runs: 8, steps: 40, cycles: 40, seed: 42 });
    assert.equal(r.runs, 8);
  });

  it('builtin = icarus = verilator on one larger random netlist', async function () {
    if (!hasIcarus() || !hasVerilator()) {
      console.log('    NOTICE: skipping: needs iverilog and verilator (apt-get install -y iverilog verilator)');
      this.skip();
    }
    const r = await runCampaign({
      backends: ['builtin', 'icarus', 'verilator'],
      runs: 1,
      steps: 160,
      outputs: 16,
      cycles: 60,
      seed: 7,
    });
    assert.equal(r.runs, 1);
  });
});
