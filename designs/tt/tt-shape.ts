// Derived sizes of a TT linear layer or a TTM embedding, computed once from the shared config types.
import { type TTLayerShape, type TTMEmbeddingShape, product } from '../transformer/config.js';

export interface TTLayerDims {
  /** Number of input cores (d_in) and output cores (d_out); the middle rank is ranks[dIn]. */
  dIn: number;
  dOut: number;
  cores: number;
  M: number;
  N: number;
  /** Mode size of each core: [...inShape, ...outShape]. */
  modes: number[];
  ranks: number[];
  /** Middle rank r_d: the width of the merged left half L (M x r) and right half R (r x N). */
  mid: number;
  /** Words of core k: ranks[k] * modes[k] * ranks[k+1]. */
  coreWords: number[];
}

export function ttLayerDims(shape: TTLayerShape): TTLayerDims {
  const dIn = shape.inShape.length;
  const dOut = shape.outShape.length;
  const cores = dIn + dOut;
  const modes = [...shape.inShape, ...shape.outShape];
  const ranks = shape.ranks;
  if (dIn < 1 || dOut < 1) throw new Error('a TT layer needs at least one input and one output core');
  if (ranks.length !== cores + 1 || ranks[0] !== 1 || ranks[cores] !== 1) {
    throw new Error(`TT ranks must have length ${cores + 1} and start and end with 1, got [${ranks.join(',')}]`);
  }
  for (const x of [...modes, ...ranks]) {
    if (!Number.isInteger(x) || x < 1) throw new Error(`TT mode sizes and ranks must be positive integers, got ${x}`);
  }
  const coreWords = modes.map((s, k) => ranks[k]! * s * ranks[k + 1]!);
  return {
    dIn,
    dOut,
    cores,
    M: product(shape.inShape),
    N: product(shape.outShape),
    modes,
    ranks,
    mid: ranks[dIn]!,
    coreWords,
  };
}

export interface TTMDims {
  d: number;
  V: number;
  D: number;
  ranks: number[];
  /** Words of core k: ranks[k] * V_k * D_k * ranks[k+1]. */
  coreWords: number[];
}

export function ttmDims(shape: TTMEmbeddingShape): TTMDims {
  const d = shape.rowShape.length;
  if (d < 1 || shape.colShape.length !== d)
    throw new Error('a TTM embedding needs equal, non-empty row and column shapes');
  const r = shape.ranks;
  if (r.length !== d + 1 || r[0] !== 1 || r[d] !== 1)
    throw new Error(`TTM ranks must have length ${d + 1} and end in 1`);
  const coreWords = shape.rowShape.map((v, k) => r[k]! * v * shape.colShape[k]! * r[k + 1]!);
  return { d, V: product(shape.rowShape), D: product(shape.colShape), ranks: r, coreWords };
}

/** Mixed-radix digits of `index` over `radices`, the first digit most significant. */
export function mixedRadixDigits(index: number, radices: readonly number[]): number[] {
  const digits = new Array<number>(radices.length);
  let rest = index;
  for (let k = radices.length - 1; k >= 0; k--) {
    digits[k] = rest % radices[k]!;
    rest = Math.floor(rest / radices[k]!);
  }
  return digits;
}
