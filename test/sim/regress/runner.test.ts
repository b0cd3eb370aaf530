// The `sim` command and the regression runner: exit codes, a failure reported with its cycle, jobs
// run in parallel processes and summarised.
import { strict as assert } from 'node:assert';
import { command } from '../../../build/commands/sim.js';
import { runRegression, summaryTable } from '../../../sim/regress/runner.js';

describe('sim/regress/runner and the sim command', function () {
  this.timeout(120_000);

  it('runs a testbench file in process and returns 0 when it passes, 1 when one fails', async () => {
    const log: string[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => {
      log.push(a.join(' '));
    };
    try {
      assert.equal(await command.run(['test/sim/support/failing.tb.ts', '--backend', 'builtin', '--only', '0']), 0);
      assert.equal(await command.run(['test/sim/support/failing.tb.ts', '--backend', 'builtin']), 1);
    } finally {
      console.log = orig;
    }
    const text = log.join('\n');
    assert.match(text, /PASS passes \[builtin\]/);
    assert.match(text, /FAIL fails \[builtin\]/);
    assert.match(text, /at cycle 2, signal 'fbits'/);
  });

  it('rejects bad options with a user error', async () => {
    await assert.rejects(command.run([]), /no testbench file given/);
    await assert.rejects(command.run(['x.ts', '--backend', 'modelsim']), /unknown back end 'modelsim'/);
    await assert.rejects(command.run(['x.ts', '--threads', '0']), /--threads 0: give a whole number of threads/);
    await assert.rejects(
      command.run(['test/sim/support/nothing-here.tb.ts', '--backend', 'builtin']),
      /testbench file not found/,
    );
  });

  it('runs jobs as parallel processes and summarises passes and failures', async () => {
    const file = 'test/sim/support/failing.tb.ts';
    const results = await runRegression(
      [
        { file, index: 0, name: 'passes', backend: 'builtin' },
        { file, index: 1, name: 'fails', backend: 'builtin' },
      ],
      { parallel: 2, quiet: true },
    );
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, false],
    );
    const table = summaryTable(results);
    assert.match(table, /passes\s+builtin\s+pass/);
    assert.match(table, /fails\s+builtin\s+FAIL/);
    assert.match(table, /1 passed, 1 failed/);
    assert.match(table, /error TTF160: simulation mismatch \(builtin\) at cycle 2/);
  });
});
