// Balancing BRAM against URAM when a plan does not fit: rank the tensors the policy sends to block RAM
// by how efficiently URAM holds them (BRAM36 a tensor needs / URAM288 it would need instead, best
// first), send the first k to URAM and the rest to BRAM, and search the smallest k for which the BRAM
// total fits. A small k keeps URAM (the coarser primitive, more waste) for what it holds best.
import { cheapestBlockLayout } from './bank-layout.js';
import { decideKind, type BlockKind, type PlacementPolicy } from './policy.js';
import type { MemTensor } from './tensor.js';

/** Block-RAM tensors the policy did not force, best URAM candidates first. */
export function uramRanking(tensors: readonly MemTensor[], policy: PlacementPolicy): string[] {
  const bram: BlockKind[] = policy.useRamb18 ? ['RAMB36', 'RAMB18'] : ['RAMB36'];
  const scored = tensors
    .filter((t) => !t.kind && decideKind(t, policy).kind === 'BLOCK')
    .map((t) => {
      const b = cheapestBlockLayout(t, bram, policy.packing);
      const u = cheapestBlockLayout(t, ['URAM288'], policy.packing);
      const bram36 = b.count * (b.kind === 'RAMB18' ? 0.5 : 1);
      return { name: t.name, bram36, ratio: bram36 / u.count };
    });
  scored.sort((a, b) => b.ratio - a.ratio || b.bram36 - a.bram36 || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.map((s) => s.name);
}

/** Smallest k in [0, n] with ok(k), assuming ok is (roughly) monotone; n + 1 when none. */
export function smallestPassing(n: number, ok: (k: number) => boolean): number {
  let lo = 0;
  let hi = n + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid <= n && ok(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
