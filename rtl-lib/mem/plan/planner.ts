// The memory planner: places every tensor of a design in registers, LUTRAM, BRAM or URAM following the
// policy, shares primitives between tensors with disjoint lifetimes, and totals the result against the
// device budget.
import { cheapestBlockLayout, fabricLayout } from './bank-layout.js';
import { assignOffsets } from './lifetime-sharing.js';
import type { MemoryPlan, PoolSummary, TensorPlacement } from './plan-types.js';
import { smallestPassing, uramRanking } from './balance.js';
import { DEFAULT_POLICY, decideKind, type BlockKind, type PlacementPolicy } from './policy.js';
import { BLOCK_PRIMITIVES, MIB_BITS, RAMB36, U50, URAM288, type DeviceBudget } from './primitives.js';
import { validateDesign, type MemoryDesign } from './tensor.js';

export function poolKey(kind: string, depth: number, width: number): string {
  return `${kind} ${depth}x${width}`;
}

export function planMemory(
  design: MemoryDesign,
  policy: PlacementPolicy = DEFAULT_POLICY,
  device: DeviceBudget = U50,
): MemoryPlan {
  validateDesign(design);
  const first = planOnce(design, policy, device);
  if (first.totals.fits || !policy.balance) return first;
  const ranking = uramRanking(design.tensors, policy);
  const split = (k: number) =>
    new Map(ranking.map((name, i) => [name, (i < k ? 'URAM288' : 'BRAM') as 'URAM288' | 'BRAM']));
  const plans = new Map<number, MemoryPlan>();
  const planK = (k: number) => plans.get(k) ?? plans.set(k, planOnce(design, policy, device, split(k))).get(k)!;
  const k = smallestPassing(ranking.length, (k) => planK(k).totals.bram36 <= device.bram36);
  if (k <= ranking.length && planK(k).totals.fits) {
    const plan = planK(k);
    plan.notes.push(
      `balanced: the policy's plan needs ${first.totals.bram36} BRAM36 and ${first.totals.uram288} URAM288; ` +
        `instead the ${k} of ${ranking.length} block-RAM tensors that URAM holds most efficiently went to URAM, the rest to BRAM`,
    );
    return plan;
  }
  first.notes.push('balancing found no split between BRAM and URAM that fits');
  return first;
}

function planOnce(
  design: MemoryDesign,
  policy: PlacementPolicy,
  device: DeviceBudget,
  forced?: ReadonlyMap<string, 'URAM288' | 'BRAM'>,
): MemoryPlan {
  const bramKinds: BlockKind[] = policy.useRamb18 ? ['RAMB36', 'RAMB18'] : ['RAMB36'];
  const stageIndex = new Map(design.stages.map((s, i) => [s, i]));

  const placements: TensorPlacement[] = design.tensors.map((t) => {
    const decision = decideKind(t, policy);
    const dataBits = t.words * t.width;
    const common = {
      name: t.name,
      group: t.group,
      shape: t.shape ? [...t.shape] : null,
      words: t.words,
      width: t.width,
      dataBits,
      live: [...t.live].sort((a, b) => stageIndex.get(a)! - stageIndex.get(b)!),
      offset: 0,
      sharesWith: [] as string[],
    };
    if (decision.kind !== 'BLOCK') {
      const f = fabricLayout(t, decision.kind);
      return {
        ...common,
        kind: f.kind,
        reason: decision.reason,
        aspect: null,
        pack: 1,
        banks: f.banks,
        rows: f.rows,
        cascade: 1,
        columns: 1,
        count: 0,
        bram36: 0,
        uram288: 0,
        luts: f.luts,
        ffs: f.ffs,
        pool: null,
        fill: 1,
      };
    }
    const f = forced?.get(t.name);
    if (f) decision.candidates = f === 'URAM288' ? ['URAM288'] : bramKinds;
    if (f) decision.reason = `balanced to ${f}`;
    const l = cheapestBlockLayout(t, decision.candidates, policy.packing);
    const prim = BLOCK_PRIMITIVES[l.kind];
    const packNote = l.pack > 1 ? `, ${l.pack} per row` : '';
    return {
      ...common,
      kind: l.kind,
      reason: `${decision.reason} -> ${l.kind} ${l.aspect.depth}x${l.aspect.width}${packNote}`,
      aspect: l.aspect,
      pack: l.pack,
      banks: l.banks,
      rows: l.rows,
      cascade: l.cascade,
      columns: l.columns,
      count: l.count,
      bram36: l.count * prim.bram36,
      uram288: l.count * prim.uram288,
      luts: 0,
      ffs: 0,
      pool: poolKey(l.kind, l.aspect.depth, l.aspect.width),
      fill: dataBits / l.allocatedBits,
    };
  });

  // Share within each pool of identically configured primitives.
  const byPool = new Map<string, TensorPlacement[]>();
  for (const p of placements) if (p.pool) byPool.set(p.pool, [...(byPool.get(p.pool) ?? []), p]);
  const pools: PoolSummary[] = [];
  for (const key of [...byPool.keys()].sort()) {
    const members = byPool.get(key)!;
    const lives = new Map(members.map((m) => [m.name, new Set(m.live.map((s) => stageIndex.get(s)!))]));
    const { offsets, size } = assignOffsets(
      members.map((m) => ({ id: m.name, size: m.count, live: lives.get(m.name)! })),
      policy.share,
    );
    for (const m of members) m.offset = offsets.get(m.name)!;
    for (const a of members) {
      a.sharesWith = members
        .filter((b) => b !== a && a.offset < b.offset + b.count && b.offset < a.offset + a.count)
        .map((b) => b.name)
        .sort();
    }
    const first = members[0]!;
    pools.push({
      key,
      kind: first.kind as PoolSummary['kind'],
      aspect: first.aspect!,
      size,
      demand: members.reduce((s, m) => s + m.count, 0),
      tensors: members.length,
    });
  }

  const sumPools = (kind: string, field: 'size' | 'demand') =>
    pools.filter((p) => p.kind === kind).reduce((s, p) => s + p[field], 0);
  const ramb36 = sumPools('RAMB36', 'size');
  const ramb18 = sumPools('RAMB18', 'size');
  const bram36 = ramb36 + ramb18 / 2;
  const uram288 = sumPools('URAM288', 'size');
  const bramMiB = (bram36 * RAMB36.bits) / MIB_BITS;
  const uramMiB = (uram288 * URAM288.bits) / MIB_BITS;
  const deviceMiB = (device.bram36 * RAMB36.bits + device.uram288 * URAM288.bits) / MIB_BITS;

  let peakBits = -1;
  let peakStage = '';
  for (const s of design.stages) {
    const bits = placements.filter((p) => p.live.includes(s)).reduce((acc, p) => acc + p.dataBits, 0);
    if (bits > peakBits) {
      peakBits = bits;
      peakStage = s;
    }
  }

  const groupNames = [...new Set(placements.map((p) => p.group))];
  const groups = groupNames.map((group) => {
    const ms = placements.filter((p) => p.group === group);
    return {
      group,
      tensors: ms.length,
      dataMiB: ms.reduce((s, m) => s + m.dataBits, 0) / MIB_BITS,
      bram36: ms.reduce((s, m) => s + m.bram36, 0),
      uram288: ms.reduce((s, m) => s + m.uram288, 0),
    };
  });

  return {
    design: design.name,
    device,
    policy,
    notes: [],
    stages: [...design.stages],
    tensors: placements,
    pools,
    groups,
    totals: {
      ramb36,
      ramb18,
      bram36,
      uram288,
      luts: placements.reduce((s, p) => s + p.luts, 0),
      ffs: placements.reduce((s, p) => s + p.ffs, 0),
      bram36Unshared: sumPools('RAMB36', 'demand') + sumPools('RAMB18', 'demand') / 2,
      uram288Unshared: sumPools('URAM288', 'demand'),
      bramMiB,
      uramMiB,
      mib: bramMiB + uramMiB,
      bramPct: (100 * bram36) / device.bram36,
      uramPct: (100 * uram288) / device.uram288,
      totalPct: (100 * (bramMiB + uramMiB)) / deviceMiB,
      dataMiB: placements.reduce((s, p) => s + p.dataBits, 0) / MIB_BITS,
      peakLiveMiB: Math.max(0, peakBits) / MIB_BITS,
      peakStage,
      fits: bram36 <= device.bram36 && uram288 <= device.uram288,
    },
  };
}
