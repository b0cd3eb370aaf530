import assert from 'node:assert/strict';
import fc from 'fast-check';
import { instancesOf } from '../../../../rtl-lib/mem/plan/instances.js';
import { planMemory } from '../../../../rtl-lib/mem/plan/planner.js';
import { DEFAULT_POLICY, type PlacementPolicy } from '../../../../rtl-lib/mem/plan/policy.js';
import { BLOCK_PRIMITIVES } from '../../../../rtl-lib/mem/plan/primitives.js';
import type { MemoryPlan } from '../../../../rtl-lib/mem/plan/plan-types.js';
import type { MemTensor, MemoryDesign } from '../../../../rtl-lib/mem/plan/tensor.js';

const STAGES = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7'];

function one(t: Partial<MemTensor> & { words: number; width: number }, policy: PlacementPolicy = DEFAULT_POLICY) {
  const plan = planMemory({ name: 't', stages: ['s'], tensors: [{ name: 'x', group: 'g', live: ['s'], ...t }] }, policy);
  return { p: plan.tensors[0]!, plan };
}

/** Every invariant a plan must satisfy; throws on the first violation. */
function checkPlan(design: MemoryDesign, plan: MemoryPlan): void {
  const byName = new Map(design.tensors.map((t) => [t.name, t]));
  for (const p of plan.tensors) {
    const t = byName.get(p.name)!;
    if (!p.pool) continue;
    const aspect = p.aspect!;
    // The aspect is a real configuration of the primitive, usable with the ports the tensor needs.
    assert.ok(BLOCK_PRIMITIVES[p.kind as 'RAMB36'].aspects.some((a) => a.depth === aspect.depth && a.width === aspect.width));
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
  for (const a of plan.tensors) for (const b of plan.tensors) {
    if (a === b || !a.pool || a.pool !== b.pool) continue;
    const overlap = a.offset < b.offset + b.count && b.offset < a.offset + a.count;
    if (overlap) assert.ok(!a.live.some((s) => b.live.includes(s)), `${a.name} and ${b.name} share storage while both live`);
  }
  for (const pool of plan.pools) {
    const members = plan.tensors.filter((p) => p.pool === pool.key);
    assert.equal(pool.demand, members.reduce((s, m) => s + m.count, 0));
    // Lower bound: the instances live in any one stage must all be distinct.
    const peak = Math.max(...plan.stages.map((s) => members.filter((m) => m.live.includes(s)).reduce((x, m) => x + m.count, 0)));
    assert.ok(pool.size >= peak && pool.size <= pool.demand);
    if (!plan.policy.share) assert.equal(pool.size, pool.demand);
  }
  assert.equal(plan.totals.bram36, plan.totals.ramb36 + plan.totals.ramb18 / 2);
  assert.equal(plan.totals.fits, plan.totals.bram36 <= plan.device.bram36 && plan.totals.uram288 <= plan.device.uram288);
}

const tensorArb = fc.record({
  words: fc.integer({ min: 1, max: 40000 }),
  width: fc.constantFrom(1, 8, 9, 16, 18, 32, 36, 64),
  parallel: fc.integer({ min: 1, max: 16 }),
  maxPack: fc.integer({ min: 1, max: 4 }),
  dualPort: fc.boolean(),
  liveMask: fc.integer({ min: 1, max: 255 }),
  kind: fc.constantFrom(undefined, undefined, undefined, 'URAM288', 'RAMB36', 'RAMB18') as fc.Arbitrary<MemTensor['kind']>,
});

const policyArb = fc.record({
  registerMaxBits: fc.constantFrom(0, 64, 256),
  distributedMaxBits: fc.constantFrom(0, 1024, 4096),
  blockRule: fc.constantFrom('threshold', 'cheapest') as fc.Arbitrary<'threshold' | 'cheapest'>,
  uramMinBits: fc.constantFrom(0, 36864, 147456, 1 << 30),
  useRamb18: fc.boolean(),
  packing: fc.boolean(),
  share: fc.boolean(),
});

describe('rtl-lib/mem/plan/planner', () => {
  it('never places two live tensors in the same storage and never exceeds a primitive (property)', () => {
    fc.assert(fc.property(fc.array(tensorArb, { minLength: 1, maxLength: 30 }), policyArb, (ts, policy) => {
      const design: MemoryDesign = {
        name: 'random', stages: STAGES,
        tensors: ts.map(({ liveMask, ...t }, i) => ({ name: `t${i}`, group: `g${i % 3}`, ...t,
          live: STAGES.filter((_, s) => (liveMask >> s) & 1) })),
      };
      checkPlan(design, planMemory(design, policy));
    }), { numRuns: 300 });
  });

  it('uses the real aspect ratios: FP32 1K words in one RAMB36 1Kx36, 512 in half of one', () => {
    assert.deepEqual([one({ words: 1024, width: 32 }).p.kind, one({ words: 1024, width: 32 }).p.count], ['RAMB36', 1]);
    const half = one({ words: 500, width: 32 });
    assert.equal(half.p.kind, 'RAMB18');
    assert.equal(half.p.reason.includes('512x36'), true);
    assert.equal(half.plan.totals.bram36, 0.5);
    // A dual-ported tensor cannot use the SDP-only 512x36 aspect: 1Kx18 x 2 columns = a whole BRAM36.
    assert.equal(one({ words: 500, width: 32, dualPort: true }).plan.totals.bram36, 1);
    // 4K x 9 bits fits one RAMB36 in its 4Kx9 aspect.
    assert.deepEqual([one({ words: 4096, width: 9 }).p.aspect?.depth, one({ words: 4096, width: 9 }).p.count], [4096, 1]);
  });

  it('matches the Yosys inference counts quoted in toolchain.md', () => {
    // 4096 x 32 with ram_style block -> 4 RAMB36E2; 16384 x 72 with ram_style ultra -> 4 URAM288.
    assert.equal(one({ words: 4096, width: 32, kind: 'RAMB36' }).p.count, 4);
    assert.equal(one({ words: 16384, width: 72, kind: 'URAM288' }).p.count, 4);
  });

  it('packs two FP32 words per URAM row only where that pays', () => {
    const paired = one({ words: 8192, width: 32, maxPack: 2, kind: 'URAM288' }).p;
    assert.deepEqual([paired.count, paired.pack, paired.rows], [1, 2, 4096]);
    assert.equal(one({ words: 8192, width: 32, maxPack: 1, kind: 'URAM288' }).p.count, 2);
    assert.equal(one({ words: 8192, width: 32, maxPack: 2, kind: 'URAM288' }, { ...DEFAULT_POLICY, packing: false }).p.count, 2);
    // 4K words fit one URAM either way: no packing.
    assert.equal(one({ words: 4096, width: 32, maxPack: 2, kind: 'URAM288' }).p.pack, 1);
  });

  it('splits parallel access into banks, two lanes per bank when packed', () => {
    const p = one({ words: 24576, width: 32, parallel: 16, maxPack: 2, kind: 'URAM288' }).p;
    assert.deepEqual([p.banks, p.rows, p.cascade, p.count], [8, 1536, 1, 8]);
    const b = one({ words: 24576, width: 32, parallel: 16, maxPack: 1, kind: 'RAMB36' }).p;
    assert.deepEqual([b.banks, b.rows, b.cascade, b.count], [16, 1536, 2, 32]);
  });

  it('follows the policy thresholds and says why', () => {
    assert.equal(one({ words: 4, width: 32 }).p.kind, 'REG');
    assert.equal(one({ words: 64, width: 32 }).p.kind, 'LUTRAM');
    assert.equal(one({ words: 2048, width: 32 }).p.kind, 'RAMB36');
    const big = one({ words: 65536, width: 32 }).p;
    assert.equal(big.kind, 'URAM288');
    assert.match(big.reason, /URAM/);
    assert.equal(one({ words: 65536, width: 32 }, { ...DEFAULT_POLICY, uramMinBits: Infinity }).p.kind, 'RAMB36');
  });

  it('shares storage between tensors with disjoint lifetimes, and only between those', () => {
    const t = (name: string, live: string[]): MemTensor => ({ name, group: 'g', words: 2048, width: 32, live });
    const disjoint = planMemory({ name: 'd', stages: STAGES, tensors: [t('a', ['s0', 's1']), t('b', ['s2']), t('c', ['s3', 's4'])] });
    assert.deepEqual([disjoint.totals.ramb36, disjoint.totals.bram36Unshared], [2, 6]);
    assert.deepEqual(disjoint.tensors.map((p) => p.offset), [0, 0, 0]);
    assert.deepEqual(disjoint.tensors[0]!.sharesWith, ['b', 'c']);
    const chained = planMemory({ name: 'c', stages: STAGES, tensors: [t('a', ['s0', 's1']), t('b', ['s1', 's2']), t('c', ['s2', 's3'])] });
    // a and c can share; b overlaps both.
    assert.equal(chained.totals.ramb36, 4);
    const noShare = planMemory({ name: 'd', stages: STAGES, tensors: [t('a', ['s0']), t('b', ['s2'])] }, { ...DEFAULT_POLICY, share: false });
    assert.equal(noShare.totals.ramb36, 4);
  });

  it('checks the total against the U50', () => {
    const huge = one({ words: 700 * 8192, width: 32, maxPack: 2, kind: 'URAM288' }).plan;
    assert.equal(huge.totals.uram288, 700);
    assert.equal(huge.totals.fits, false);
    assert.ok(Math.abs(huge.totals.uramPct - 109.375) < 1e-9);
    const ok = one({ words: 640 * 8192, width: 32, maxPack: 2, kind: 'URAM288' }).plan;
    assert.deepEqual([ok.totals.fits, ok.totals.uramMiB], [true, 22.5]);
  });

  it('rejects malformed designs', () => {
    assert.throws(() => planMemory({ name: 'bad', stages: ['s'], tensors: [{ name: 'x', group: 'g', words: 4, width: 8, live: ['nope'] }] }), /unknown stage/);
    assert.throws(() => planMemory({ name: 'bad', stages: ['s'], tensors: [{ name: 'x', group: 'g', words: 0, width: 8, live: ['s'] }] }), /positive integer/);
  });
});
