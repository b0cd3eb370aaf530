// The invariants every memory plan must satisfy; shared by the planner's property test and the tests of
// the paper-configuration plans.
import assert from 'node:assert/strict';
import { instancesOf, slotUsers } from '../../../../rtl-lib/mem/plan/instances.js';
import type { MemoryPlan } from '../../../../rtl-lib/mem/plan/plan-types.js';
import { BLOCK_PRIMITIVES } from '../../../../rtl-lib/mem/plan/primitives.js';
import type { MemoryDesign } from '../../../../rtl-lib/mem/plan/tensor.js';

/** Every invariant a plan must satisfy; throws on the first violation. */
export function checkPlan(design: MemoryDesign, plan: MemoryPlan): void {
  const byName = new Map(design.tensors.map((t) => [t.name, t]));
  for (const p of plan.tensors) {
    const t = byName.get(p.name)!;
    if (!p.pool) continue;
    const aspect = p.aspect!;
    // The aspect is a real configuration of the primitive, usable with the ports the tensor needs.
    assert.ok(
      BLOCK_PRIMITIVES[p.kind as 'RAMB36'].aspects.some((a) => a.depth === aspect.depth && a.width === aspect.width),
    );
    if (t.dualPort) assert.equal(aspect.sdpOnly, false, `${p.name}: dual port in SDP-only aspect`);
    // Capacity: the banks hold every element, the cascade holds every row, the columns every bit.
    assert.ok(p.banks * p.pack >= (t.parallel ?? 1), `${p.name}: too few banks`);
    assert.ok(p.banks * p.rows * p.pack >= t.words, `${p.name}: rows too few`);
    assert.ok(p.cascade * aspect.depth >= p.rows, `${p.name}: cascade too shallow`);
    assert.ok(p.columns * aspect.width >= p.pack * t.width, `${p.name}: columns too narrow`);
    assert.equal(p.count, p.banks * p.cascade * p.columns);
    assert.ok(p.fill > 0 && p.fill <= 1, `${p.name}: fill ${p.fill}`);
    const pool = plan.pools.find((q) => q.key === p.pool)!;
    assert.ok(p.offset >= 0 && p.offset + p.count <= pool.size, `${p.name}: outside its pool`);
    const slots = instancesOf(p).map((i) => i.slot);
    assert.equal(new Set(slots).size, p.count);
    assert.ok(slots.every((s) => s >= p.offset && s < p.offset + p.count));
  }
  // No two tensors live in the same stage share a physical primitive.
  for (const a of plan.tensors)
    for (const b of plan.tensors) {
      if (a === b || !a.pool || a.pool !== b.pool) continue;
      const overlap = a.offset < b.offset + b.count && b.offset < a.offset + a.count;
      if (overlap)
        assert.ok(!a.live.some((s) => b.live.includes(s)), `${a.name} and ${b.name} share storage while both live`);
    }
  for (const pool of plan.pools) {
    const members = plan.tensors.filter((p) => p.pool === pool.key);
    assert.equal(
      pool.demand,
      members.reduce((s, m) => s + m.count, 0),
    );
    // Lower bound: the instances live in any one stage must all be distinct.
    const peak = Math.max(
      ...plan.stages.map((s) => members.filter((m) => m.live.includes(s)).reduce((x, m) => x + m.count, 0)),
    );
    assert.ok(pool.size >= peak && pool.size <= pool.demand);
    if (!plan.policy.share) assert.equal(pool.size, pool.demand);
  }
  // The generator's view: every slot of a pool is used by tensors that are never live together.
  const live = new Map(plan.tensors.map((p) => [p.name, new Set(p.live)]));
  for (const [key, slots] of slotUsers(plan.tensors)) {
    assert.ok(slots.length <= plan.pools.find((q) => q.key === key)!.size);
    for (const users of slots)
      for (const [i, a] of users.entries())
        for (const b of users.slice(i + 1)) {
          assert.ok(
            ![...live.get(a)!].some((s) => live.get(b)!.has(s)),
            `${key}: ${a} and ${b} live together in one slot`,
          );
        }
  }
  assert.equal(plan.totals.bram36, plan.totals.ramb36 + plan.totals.ramb18 / 2);
  assert.equal(
    plan.totals.fits,
    plan.totals.bram36 <= plan.device.bram36 && plan.totals.uram288 <= plan.device.uram288,
  );
}
