// Contraction trees over a tensor network (an einsum spec), their cost, and an exact search for the
// cheapest order. A pairwise contraction of A and B costs the product of the sizes of every index of
// A or B (MACs) and produces the indices still needed outside (by other operands or the output).
// The search is dynamic programming over subsets of operands, 3^n work: fine for n <= 15 (d <= 7).
import type { EinsumSpec } from '../../dsl/syntax/einsum/index.js';

export type ContractionTree = number | [ContractionTree, ContractionTree];
export type Network = Pick<EinsumSpec, 'operands' | 'output' | 'sizes'>;
export type Objective = 'macs' | 'memory';

export interface TreeCost {
  /** Multiply-accumulates of all pairwise contractions. */
  macs: number;
  /** Words of all intermediates (every contraction result except the final one). */
  intermediateWords: number;
  /** The largest single intermediate. */
  peakWords: number;
}

/** Per-subset index bookkeeping shared by evaluation and search. */
export class NetworkInfo {
  readonly n: number;
  readonly full: number;
  private readonly idx: string[];
  private readonly masks: number[]; // per index: which operands hold it
  private readonly inOutput: boolean[];
  private readonly sizes: number[];

  constructor(net: Network) {
    this.n = net.operands.length;
    if (this.n > 20) throw new Error(`network of ${this.n} operands is too large for the exact search`);
    this.full = (1 << this.n) - 1;
    this.idx = [...new Set(net.operands.flat())];
    const pos = new Map(this.idx.map((x, i) => [x, i]));
    this.masks = this.idx.map(() => 0);
    net.operands.forEach((op, k) => {
      for (const x of op) this.masks[pos.get(x)!]! |= 1 << k;
    });
    this.inOutput = this.idx.map((x) => net.output.includes(x));
    this.sizes = this.idx.map((x) => {
      const s = net.sizes.get(x);
      if (s === undefined) throw new Error(`no size for index ${x}`);
      return s;
    });
  }

  /** Indices carried by the result of contracting the operands in `set`. */
  openIndices(set: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.idx.length; i++) {
      const m = this.masks[i]!;
      if ((m & set) !== 0 && (this.inOutput[i] || (m & ~set & this.full) !== 0)) out.push(i);
    }
    return out;
  }

  /** Names of openIndices(set), in first-appearance order. */
  openIndexNames(set: number): string[] {
    return this.openIndices(set).map((i) => this.idx[i]!);
  }

  words(set: number): number {
    return this.openIndices(set).reduce((a, i) => a * this.sizes[i]!, 1);
  }

  /** MACs of contracting the results of `a` and `b`: every index either side touches. */
  pairMacs(a: number, b: number): number {
    const seen = new Set([...this.openIndices(a), ...this.openIndices(b)]);
    let p = 1;
    for (const i of seen) p *= this.sizes[i]!;
    return p;
  }
}

export function evaluateTree(net: Network, tree: ContractionTree): TreeCost {
  const info = new NetworkInfo(net);
  const cost: TreeCost = { macs: 0, intermediateWords: 0, peakWords: 0 };
  const walk = (t: ContractionTree): number => {
    if (typeof t === 'number') return 1 << t;
    const a = walk(t[0]);
    const b = walk(t[1]);
    if (a & b) throw new Error('an operand appears twice in the contraction tree');
    cost.macs += info.pairMacs(a, b);
    const set = a | b;
    if (set !== info.full) {
      const w = info.words(set);
      cost.intermediateWords += w;
      cost.peakWords = Math.max(cost.peakWords, w);
    }
    return set;
  };
  const all = walk(tree);
  if (all !== info.full) throw new Error('the contraction tree does not use every operand');
  return cost;
}

/**
 * The cheapest contraction tree: by MACs (ties broken by intermediate words) or by intermediate words
 * (ties broken by MACs). Exact over all binary trees, including outer products.
 */
export function searchContractionOrder(net: Network, objective: Objective): { tree: ContractionTree; cost: TreeCost } {
  const info = new NetworkInfo(net);
  const size = info.full + 1;
  const primary = new Float64Array(size).fill(Infinity);
  const secondary = new Float64Array(size).fill(Infinity);
  const split = new Int32Array(size);
  for (let k = 0; k < info.n; k++) {
    primary[1 << k] = 0;
    secondary[1 << k] = 0;
  }
  const words = new Float64Array(size);
  for (let s = 1; s <= info.full; s++) words[s] = s === info.full ? 0 : info.words(s);
  // Subsets in increasing order: every proper subset of s is smaller than s.
  for (let s = 1; s <= info.full; s++) {
    if ((s & (s - 1)) === 0) continue;
    const low = s & -s; // fix the lowest operand on side a: each split is visited once
    for (let a = (s - 1) & s; a > 0; a = (a - 1) & s) {
      if ((a & low) === 0) continue;
      const b = s ^ a;
      const macs = info.pairMacs(a, b);
      const mem = words[s]!;
      const p = primary[a]! + primary[b]! + (objective === 'macs' ? macs : mem);
      const q = secondary[a]! + secondary[b]! + (objective === 'macs' ? mem : macs);
      if (p < primary[s]! || (p === primary[s]! && q < secondary[s]!)) {
        primary[s] = p;
        secondary[s] = q;
        split[s] = a;
      }
    }
  }
  const build = (s: number): ContractionTree => {
    if ((s & (s - 1)) === 0) return 31 - Math.clz32(s);
    const a = split[s]!;
    return [build(a), build(s ^ a)];
  };
  const tree = build(info.full);
  return { tree, cost: evaluateTree(net, tree) };
}

/** "((X G1) G2)" style text; names default to operand numbers. */
export function formatTree(tree: ContractionTree, names?: readonly string[]): string {
  if (typeof tree === 'number') return names?.[tree] ?? `#${tree}`;
  return `(${formatTree(tree[0], names)} ${formatTree(tree[1], names)})`;
}

/** Every binary contraction tree over the given operands (for testing the search; tiny n only). */
export function allTrees(operands: number[]): ContractionTree[] {
  if (operands.length === 1) return [operands[0]!];
  const out: ContractionTree[] = [];
  const [first, ...rest] = operands;
  // Split into two non-empty sides, `first` always on the left, to list each tree once.
  const m = rest.length;
  for (let mask = 0; mask < 1 << m; mask++) {
    const leftOps = [first!, ...rest.filter((_, i) => mask & (1 << i))];
    const rightOps = rest.filter((_, i) => !(mask & (1 << i)));
    if (rightOps.length === 0) continue;
    for (const l of allTrees(leftOps)) for (const r of allTrees(rightOps)) out.push([l, r]);
  }
  return out;
}
