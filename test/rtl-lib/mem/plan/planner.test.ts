import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planMemory } from '../../../../rtl-lib/mem/plan/planner.js';
import { DEFAULT_POLICY, type PlacementPolicy } from '../../../../rtl-lib/mem/plan/policy.js';
import { checkPlan } from './plan-invariants.js';
import { smallestPassing } from '../../../../rtl-lib/mem/plan/balance.js';
import type { MemTensor, MemoryDesign } from '../../../../rtl-lib/mem/plan/tensor.js';

const STAGES = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7'];

function one(t: Partial<MemTensor> & { words: number; width: number }, policy: PlacementPolicy = DEFAULT_POLICY) {
  const plan = planMemory(
    { name: 't', stages: ['s'], tensors: [{ name: 'x', group: 'g', live: ['s'], ...t }] },
    policy,
  );
  return { p: plan.tensors[0]!, plan };
}

const tensorArb = fc.record({
  words: fc.integer({ min: 1, max: 40000 }),
  width: fc.constantFrom(1, 8, 9, 16, 18, 32, 36, 64),
  parallel: fc.integer({ min: 1, max: 16 }),
  maxPack: fc.integer({ min: 1, max: 4 }),
  dualPort: fc.boolean(),
  liveMask: fc.integer({ min: 1, max: 255 }),
  kind: fc.constantFrom(undefined, undefined, undefined, 'URAM288', 'RAMB36', 'RAMB18') as fc.Arbitrary<
    MemTensor['kind']
  >,
});

const policyArb = fc.record({
  registerMaxBits: fc.constantFrom(0, 64, 256),
  distributedMaxBits: fc.constantFrom(0, 1024, 4096),
  blockRule: fc.constantFrom('threshold', 'cheapest') as fc.Arbitrary<'threshold' | 'cheapest'>,
  uramMinBits: fc.constantFrom(0, 36864, 147456, 1 << 30),
  useRamb18: fc.boolean(),
  packing: fc.boolean(),
  share: fc.boolean(),
  balance: fc.boolean(),
});

describe('rtl-lib/mem/plan/planner', () => {
  it('never places two live tensors in the same storage and never exceeds a primitive (property)', () => {
    fc.assert(
      fc.property(fc.array(tensorArb, { minLength: 1, maxLength: 30 }), policyArb, (ts, policy) => {
        const design: MemoryDesign = {
          name: 'random',
          stages: STAGES,
          tensors: ts.map(({ liveMask, ...t }, i) => ({
            name: `t${i}`,
            group: `g${i % 3}`,
            ...t,
            live: STAGES.filter((_, s) => (liveMask >> s) & 1),
          })),
        };
        checkPlan(design, planMemory(design, policy));
      }),
      { numRuns: 300 },
    );
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
    assert.deepEqual(
      [one({ words: 4096, width: 9 }).p.aspect?.depth, one({ words: 4096, width: 9 }).p.count],
      [4096, 1],
    );
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
    assert.equal(
      one({ words: 8192, width: 32, maxPack: 2, kind: 'URAM288' }, { ...DEFAULT_POLICY, packing: false }).p.count,
      2,
    );
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
    const disjoint = planMemory({
      name: 'd',
      stages: STAGES,
      tensors: [t('a', ['s0', 's1']), t('b', ['s2']), t('c', ['s3', 's4'])],
    });
    assert.deepEqual([disjoint.totals.ramb36, disjoint.totals.bram36Unshared], [2, 6]);
    assert.deepEqual(
      disjoint.tensors.map((p) => p.offset),
      [0, 0, 0],
    );
    assert.deepEqual(disjoint.tensors[0]!.sharesWith, ['b', 'c']);
    const chained = planMemory({
      name: 'c',
      stages: STAGES,
      tensors: [t('a', ['s0', 's1']), t('b', ['s1', 's2']), t('c', ['s2', 's3'])],
    });
    // a and c can share; b overlaps both.
    assert.equal(chained.totals.ramb36, 4);
    const noShare = planMemory(
      { name: 'd', stages: STAGES, tensors: [t('a', ['s0']), t('b', ['s2'])] },
      { ...DEFAULT_POLICY, share: false },
    );
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
    assert.throws(
      () =>
        planMemory({
          name: 'bad',
          stages: ['s'],
          tensors: [{ name: 'x', group: 'g', words: 4, width: 8, live: ['nope'] }],
        }),
      /unknown stage/,
    );
    assert.throws(
      () =>
        planMemory({
          name: 'bad',
          stages: ['s'],
          tensors: [{ name: 'x', group: 'g', words: 0, width: 8, live: ['s'] }],
        }),
      /positive integer/,
    );
  });
});

describe('rtl-lib/mem/plan balancing', () => {
  // 16 live-together tensors of 8K FP32 words read 2 per cycle: 8 BRAM36 each, or 1 URAM (4K rows x 2 words).
  const tensors: MemTensor[] = Array.from({ length: 16 }, (_, i) => ({
    name: `t${i}`,
    group: 'g',
    words: 8192,
    width: 32,
    parallel: 2,
    maxPack: 2,
    live: ['s'],
  }));
  const design: MemoryDesign = { name: 'tight', stages: ['s'], tensors };
  const device = { name: 'small', bram36: 40, uram288: 14 };

  it('moves tensors from BRAM to URAM until the plan fits, and says so', () => {
    const plain = planMemory(design, { ...DEFAULT_POLICY, balance: false }, device);
    assert.equal(plain.totals.fits, false);
    assert.equal(plain.totals.bram36, 128);
    const balanced = planMemory(design, DEFAULT_POLICY, device);
    checkPlan(design, balanced);
    assert.equal(balanced.totals.fits, true);
    // The smallest k with 8 * (16 - k) <= 40 is 11.
    assert.deepEqual([balanced.totals.bram36, balanced.totals.uram288], [40, 11]);
    assert.match(balanced.notes[0]!, /balanced/);
  });

  it('reports when no split fits', () => {
    const plan = planMemory(design, DEFAULT_POLICY, { name: 'tiny', bram36: 4, uram288: 2 });
    assert.equal(plan.totals.fits, false);
    assert.match(plan.notes[0]!, /no split/);
  });

  it('finds the smallest passing k by bisection (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 201 }), (n, threshold) => {
        assert.equal(
          smallestPassing(n, (k) => k >= threshold),
          Math.min(threshold, n + 1),
        );
      }),
    );
  });
});
