// Compiles one pairwise tensor contraction, with any memory layouts, into GEMM steps: indices shared
// by A and C form the GEMM's m, by B and C its n, by A and B its k; each group is merged into a
// single strided dimension as far as the layouts allow, and what cannot be merged (plus indices in
// all three, a batch) becomes a loop that emits one step per value with shifted base offsets.
// Steps that split k run in ascending loop order, the later ones accumulating: per output element the
// k-loop values ascend (outer) and, inside each step, p ascends (FP32_GEMM_ORDER).
import { type GemmStep, gemm, type OperandRef } from './gemm-step.js';

/** A tensor in a buffer: each index has a size (from `sizes`) and a stride. */
export interface TensorLayout {
  buffer: string;
  offset: number;
  indices: string[];
  strides: Map<string, number>;
}

/** Row-major layout of `indices` in `buffer`. */
export function rowMajorLayout(
  buffer: string,
  indices: string[],
  sizes: ReadonlyMap<string, number>,
  offset = 0,
): TensorLayout {
  const strides = new Map<string, number>();
  let s = 1;
  for (let i = indices.length - 1; i >= 0; i--) {
    strides.set(indices[i]!, s);
    s *= sizes.get(indices[i]!)!;
  }
  return { buffer, offset, indices, strides };
}

const strideOf = (t: TensorLayout, ix: string) => t.strides.get(ix) ?? 0;

/** All orders of a small index group (groups here have at most a handful of indices). */
function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

interface Group {
  inner: string[];
  loops: string[];
  size: number;
}

/**
 * Splits a group into loop indices and a merged inner run: picks the order whose longest mergeable
 * suffix (outer stride = inner stride x inner size in every operand) covers the most elements.
 */
function mergeGroup(group: string[], ops: TensorLayout[], sizes: ReadonlyMap<string, number>): Group {
  if (group.length === 0) return { inner: [], loops: [], size: 1 };
  let best: Group | undefined;
  for (const order of permutations(group)) {
    let start = order.length - 1;
    while (start > 0) {
      const u = order[start - 1]!;
      const v = order[start]!;
      if (!ops.every((t) => strideOf(t, u) === strideOf(t, v) * sizes.get(v)!)) break;
      start--;
    }
    const inner = order.slice(start);
    const size = inner.reduce((a, x) => a * sizes.get(x)!, 1);
    if (!best || size > best.size) best = { inner, loops: order.slice(0, start), size };
  }
  return best!;
}

/** C (+)= contraction of A and B over their shared indices not in C. */
export function compileContraction(
  label: string,
  A: TensorLayout,
  B: TensorLayout,
  C: TensorLayout,
  sizes: ReadonlyMap<string, number>,
  accumulate = false,
): GemmStep[] {
  const inA = new Set(A.indices);
  const inB = new Set(B.indices);
  const inC = new Set(C.indices);
  for (const ix of inC)
    if (!inA.has(ix) && !inB.has(ix)) throw new Error(`${label}: output index ${ix} is in neither operand`);
  const all = [...new Set([...A.indices, ...B.indices])];
  const batch = all.filter((x) => inA.has(x) && inB.has(x) && inC.has(x));
  const mIdx = all.filter((x) => inA.has(x) && !inB.has(x) && inC.has(x));
  const nIdx = all.filter((x) => !inA.has(x) && inB.has(x) && inC.has(x));
  // Indices summed away: shared ones, or ones only one operand holds (the other gets stride 0).
  const kIdx = all.filter((x) => !inC.has(x));
  const m = mergeGroup(mIdx, [A, C], sizes);
  const n = mergeGroup(nIdx, [B, C], sizes);
  const k = mergeGroup(kIdx, [A, B], sizes);
  const innerStride = (t: TensorLayout, g: Group) => (g.inner.length ? strideOf(t, g.inner.at(-1)!) : 0);
  const outerLoops = [...batch, ...m.loops, ...n.loops];
  const kLoops = k.loops;
  const steps: GemmStep[] = [];
  const loopVals = (loops: string[]): Map<string, number>[] => {
    let combos: Map<string, number>[] = [new Map()];
    for (const ix of loops) {
      const next: Map<string, number>[] = [];
      for (const c of combos) for (let v = 0; v < sizes.get(ix)!; v++) next.push(new Map([...c, [ix, v]]));
      combos = next;
    }
    return combos;
  };
  const ref = (t: TensorLayout, vals: Map<string, number>, rowG: Group, colG: Group): OperandRef => {
    let offset = t.offset;
    for (const [ix, v] of vals) offset += v * strideOf(t, ix);
    return { buffer: t.buffer, offset, rowStride: innerStride(t, rowG), colStride: innerStride(t, colG) };
  };
  const kCombos = loopVals(kLoops);
  for (const outer of loopVals(outerLoops)) {
    kCombos.forEach((kv, i) => {
      const vals = new Map([...outer, ...kv]);
      steps.push(
        gemm(
          label,
          m.size,
          n.size,
          k.size,
          ref(A, vals, m, k),
          ref(B, vals, k, n),
          ref(C, vals, m, n),
          accumulate || i > 0,
        ),
      );
    });
  }
  return steps;
}
