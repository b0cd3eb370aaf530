import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTraining, type TrainRunOptions } from '../../../designs/transformer/train-run.js';

describe('transformer/train-run (what `ttforge train` runs)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'train-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const opts = (o: Partial<TrainRunOptions>): TrainRunOptions => ({
    preset: 'small',
    layers: 1,
    rank: 3,
    epochs: 1,
    precision: 'fp32',
    optimizer: 'adam',
    lr: 3e-3,
    seed: 2,
    outDir: dir,
    resume: false,
    limit: 120,
    log: () => {},
    ...o,
  });

  it('writes checkpoint, per-epoch metrics and an SVG loss curve, and resumes up to the requested epochs', function () {
    this.timeout(60000);
    const lines: string[] = [];
    runTraining(opts({ log: (l) => lines.push(l) }));
    assert.ok(
      lines.some((l) => /^epoch 1 done/.test(l)),
      lines.join('\n'),
    );
    assert.ok(lines.some((l) => /test loss .* intent .* slot-F1/.test(l)));
    const m1 = JSON.parse(readFileSync(path.join(dir, 'metrics.json'), 'utf8'));
    assert.equal(m1.history.length, 1);
    assert.equal(m1.trainSentences, 120);
    for (const k of ['intentAccuracy', 'slotAccuracy', 'slotF1'])
      assert.ok(m1.history[0].eval.test[k] >= 0 && m1.history[0].eval.test[k] <= 1, k);

    const resumedLines: string[] = [];
    const r = runTraining(opts({ epochs: 2, resume: true, log: (l) => resumedLines.push(l) }));
    assert.ok(resumedLines[0]!.startsWith('resumed'), resumedLines[0]);
    assert.equal(r.history.length, 2);
    assert.equal(r.trainer.step, 240);
    const svg = readFileSync(path.join(dir, 'loss.svg'), 'utf8');
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<polyline points="[\d.]+,[\d.]+ /);
    assert.equal((svg.match(/stroke-dasharray/g) ?? []).length, 2, 'one marker per epoch');
    // Already at 2 epochs: nothing more to do.
    const again = runTraining(opts({ epochs: 2, resume: true }));
    assert.equal(again.trainer.step, 240);
  });

  it('records CPU seconds per epoch; with the cpu clock the budget counts them', function () {
    this.timeout(60000);
    const r = runTraining(opts({ limit: 40, epochs: 1 }));
    const h = r.history[0]!;
    assert.ok(h.cpuSeconds! > 0, `cpu ${h.cpuSeconds} wall ${h.seconds}`);
    assert.ok(readFileSync(path.join(dir, 'metrics.json'), 'utf8').includes('"cpuSeconds"'));
    // A budget of 1.5 epochs of CPU: the next epoch (about one more) would not fit, so nothing runs.
    const lines: string[] = [];
    const budget = 1.5 * h.cpuSeconds!;
    const resumed = runTraining(
      opts({
        limit: 40,
        epochs: 3,
        resume: true,
        timeBudgetSeconds: budget,
        budgetClock: 'cpu',
        log: (l) => lines.push(l),
      }),
    );
    assert.equal(resumed.history.length, 1);
    assert.ok(
      lines.some((l) => l.includes(`would exceed ${budget} s`) && l.includes('CPU s')),
      lines.join('\n'),
    );
    // Ample CPU budget: it trains on.
    const more = runTraining(opts({ limit: 40, epochs: 2, resume: true, timeBudgetSeconds: 1000, budgetClock: 'cpu' }));
    assert.equal(more.history.length, 2);
  });

  it('refuses to resume a checkpoint trained on other data', function () {
    this.timeout(60000);
    runTraining(opts({ limit: 20 }));
    assert.throws(() => runTraining(opts({ limit: 20, seed: 3, resume: true })), /trained on synthetic\(seed=2\)/);
  });
});
