// Mocha's spec reporter, plus the one closing line CI reads: "N passed, N failed[, N skipped]".
// Skipped tests (missing simulators) are counted so they stay visible.
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      // Printed after the spec epilogue so it is the last line mocha writes.
      setImmediate(() => process.stdout.write(`${s.passes} passed, ${s.failures} failed${skipped}\n`));
    });
  }
}
module.exports = SummaryReporter;
