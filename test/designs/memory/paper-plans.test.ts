import assert from 'node:assert/strict';
import { denseParamCount, denseTrainingMemory } from '../../../designs/memory/dense-reference.js';
import { PAPER_CASES, planPaperCase } from '../../../designs/memory/paper-plans.js';
import { DEFAULT_INVENTORY, transformerInventory } from '../../../designs/memory/transformer-inventory.js';
import { paperConfig } from '../../../designs/transformer/config.js';
import { DEFAULT_POLICY } from '../../../rtl-lib/mem/plan/policy.js';
import { planToJson } from '../../../rtl-lib/mem/plan/report-files.js';
import { checkPlan } from '../../rtl-lib/mem/plan/plan-invariants.js';

describe('designs/memory/paper-plans', () => {
  it('covers 1-3 layers x ranks 10, 20 x SGD, Adam', () => {
    assert.equal(PAPER_CASES.length, 12);
  });

  it('counts the dense model like accelerator.md: 28.35 MB per encoder layer', () => {
    const one = denseTrainingMemory(paperConfig({ layers: 1 }), DEFAULT_INVENTORY);
    const three = denseTrainingMemory(paperConfig({ layers: 3 }), DEFAULT_INVENTORY);
    assert.equal(Math.round(((three.modelMB - one.modelMB) / 2) * 100) / 100, 28.35);
    // Adam: parameters, gradients, m and v, plus activations.
    assert.equal(one.bytes.total, 4 * 4 * denseParamCount(paperConfig({ layers: 1 })) + one.bytes.activations);
    const sgd = denseTrainingMemory(paperConfig({ layers: 1 }), { ...DEFAULT_INVENTORY, optimizer: 'sgd' });
    assert.equal(sgd.bytes.optimizer, 0);
  });

  it('plans the largest paper case within the U50 and every plan satisfies the planner invariants', function () {
    this.timeout(30000);
    for (const c of [
      { layers: 1, rank: 10, optimizer: 'sgd' as const },
      { layers: 3, rank: 20, optimizer: 'adam' as const },
    ]) {
      const r = planPaperCase(c);
      checkPlan(transformerInventory(paperConfig(c), { ...DEFAULT_INVENTORY, optimizer: c.optimizer }), r.plan);
      assert.ok(r.plan.totals.fits, `${r.plan.design} does not fit`);
      // Sharing pays: the plan needs less than the sum of its tensors' own instances.
      assert.ok(r.plan.totals.bram36 < r.plan.totals.bram36Unshared);
      // Allocated storage is at least the data live at the peak stage.
      assert.ok(r.plan.totals.mib >= r.plan.totals.peakLiveMiB);
      assert.ok(r.reductionVsPlan > 1 && r.reductionVsData > r.reductionVsPlan * 0.5);
    }
  });

  it('is deterministic: planning twice gives the same JSON', () => {
    const c = { layers: 2, rank: 20, optimizer: 'adam' as const };
    assert.equal(planToJson(planPaperCase(c).plan), planToJson(planPaperCase(c).plan));
  });

  it('grows with layers and rank', () => {
    const mib = (layers: number, rank: number) =>
      planPaperCase({ layers, rank, optimizer: 'sgd' }, {}, { ...DEFAULT_POLICY, balance: false }).plan.totals;
    assert.ok(mib(1, 10).dataMiB < mib(2, 10).dataMiB && mib(2, 10).dataMiB < mib(3, 10).dataMiB);
    assert.ok(mib(1, 10).dataMiB < mib(1, 20).dataMiB);
  });
});
