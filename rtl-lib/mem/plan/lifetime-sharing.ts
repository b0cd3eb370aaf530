// Sharing storage between tensors that are never live at the same time. Within one pool of identical
// primitives, every tensor gets a contiguous range of physical instances [offset, offset + size); two
// ranges may overlap only when the tensors' live sets are disjoint. This is a weighted colouring of
// the interference graph (an interval-graph colouring when live sets are spans of the schedule), solved
// greedily: largest first, each at the lowest offset free of every interfering tensor placed before.

export interface ShareItem {
  id: string;
  size: number;
  /** Stage indices in which the item is live. */
  live: ReadonlySet<number>;
}

export function livesOverlap(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const s of small) if (big.has(s)) return true;
  return false;
}

/** Offsets per item id, and the pool size (highest end). With share = false, items are laid end to end. */
export function assignOffsets(
  items: readonly ShareItem[],
  share: boolean,
): { offsets: Map<string, number>; size: number } {
  const order = [...items].sort((a, b) => b.size - a.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const offsets = new Map<string, number>();
  const placed: { item: ShareItem; offset: number }[] = [];
  let size = 0;
  for (const item of order) {
    let offset = 0;
    if (!share) offset = size;
    else {
      // Ranges of already placed items that interfere with this one, sorted by start.
      const busy = placed
        .filter((p) => livesOverlap(p.item.live, item.live))
        .map((p) => [p.offset, p.offset + p.item.size] as const)
        .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      for (const [start, end] of busy) {
        if (offset + item.size <= start) break;
        offset = Math.max(offset, end);
      }
    }
    offsets.set(item.id, offset);
    placed.push({ item, offset });
    size = Math.max(size, offset + item.size);
  }
  return { offsets, size };
}
