// A TT linear layer as program instructions, in the FP32 model's contraction order (designs/tt/
// tt-linear32.ts, chain32.ts): left merge of the input cores into L (M x r), right merge of the output
// cores into R (r x N), Z = X L, Y = Z R, then the bias on the vector unit (r(Y + b) has the bits of the
// model's GEMM with the constant 1: r(1 * b) = b).
import type { TTLayerShape } from '../transformer/config.js';
import { ttLayerDims } from '../tt/tt-shape.js';
import type { ProgramBuilder } from './builder.js';
import { broadcastRow, rowMajor } from './isa.js';

/** Where a TT layer's parameters live: one region per core, one for the bias. */
export interface TTRegions {
  cores: number[];
  bias: number;
}

export function allocTT(b: ProgramBuilder, name: string, shape: TTLayerShape, role: 'param' | 'grad'): TTRegions {
  const dims = ttLayerDims(shape);
  return {
    cores: dims.coreWords.map((w, k) => b.layout.alloc(`${name}.core${k}`, w, role)),
    bias: b.layout.alloc(`${name}.bias`, dims.N, role),
  };
}

/** What a TT forward produced: its merges (the backward emits them again), X, Z and Y. */
export interface TTForwardTrace {
  shape: TTLayerShape;
  K: number;
  X: number;
  lefts: number[];
  rights: number[];
  Z: number;
  Y: number;
}

/** Left prefixes P_0 = F_0, P_k = P_{k-1} F_k (chain32.ts leftMerge32); returns the prefix bases. */
function emitLeftMerge(
  b: ProgramBuilder,
  name: string,
  cores: number[],
  sizes: number[],
  ranks: number[],
  role: 'activation' | 'scratch',
): number[] {
  const prefixes = [cores[0]!];
  let rows = sizes[0]!;
  for (let k = 1; k < cores.length; k++) {
    const cols = sizes[k]! * ranks[k + 1]!;
    const out = b.layout.alloc(`${name}.left${k}`, rows * cols, role);
    b.gemm(
      `${name} P${k} = P${k - 1} F${k}`,
      rows,
      cols,
      ranks[k]!,
      rowMajor(prefixes[k - 1]!, ranks[k]!),
      rowMajor(cores[k]!, cols),
      rowMajor(out, cols),
    );
    prefixes.push(out);
    rows *= sizes[k]!;
  }
  return prefixes;
}

/** Right suffixes Q_{n-1} = F_{n-1}, Q_k = F_k Q_{k+1} (chain32.ts rightMerge32). */
function emitRightMerge(
  b: ProgramBuilder,
  name: string,
  cores: number[],
  sizes: number[],
  ranks: number[],
  role: 'activation' | 'scratch',
): number[] {
  const n = cores.length;
  const suffixes = new Array<number>(n);
  suffixes[n - 1] = cores[n - 1]!;
  let cols = sizes[n - 1]!;
  for (let k = n - 2; k >= 0; k--) {
    const rows = ranks[k]! * sizes[k]!;
    const out = b.layout.alloc(`${name}.right${k}`, rows * cols, role);
    b.gemm(
      `${name} Q${k} = F${k} Q${k + 1}`,
      rows,
      cols,
      ranks[k + 1]!,
      rowMajor(cores[k]!, ranks[k + 1]!),
      rowMajor(suffixes[k + 1]!, cols),
      rowMajor(out, cols),
    );
    suffixes[k] = out;
    cols *= sizes[k]!;
  }
  return suffixes;
}

/**
 * Both merges of a TT layer's cores. The backward emits them again (role 'scratch') rather than keep
 * the forward's: the same GEMMs on the same cores give the same bits, and the prefixes and suffixes
 * then live only in their TT layer's forward and backward, not from forward to backward.
 */
export function emitMerges(
  b: ProgramBuilder,
  name: string,
  shape: TTLayerShape,
  p: TTRegions,
  role: 'activation' | 'scratch',
): { lefts: number[]; rights: number[] } {
  const d = ttLayerDims(shape);
  const dIn = d.dIn;
  return {
    lefts: emitLeftMerge(b, name, p.cores.slice(0, dIn), d.modes.slice(0, dIn), d.ranks.slice(0, dIn + 1), role),
    rights: emitRightMerge(b, name, p.cores.slice(dIn), d.modes.slice(dIn), d.ranks.slice(dIn), role),
  };
}

/** Y (K x N, at base Y) = X (K x M, row-major at X) W + b. */
export function emitTTForward(
  b: ProgramBuilder,
  name: string,
  shape: TTLayerShape,
  p: TTRegions,
  X: number,
  K: number,
  Y: number,
): TTForwardTrace {
  const { M, N, mid } = ttLayerDims(shape);
  const { lefts, rights } = emitMerges(b, name, shape, p, 'activation');
  const Z = b.layout.alloc(`${name}.Z`, K * mid, 'activation');
  b.gemm(`${name} Z = X L`, K, mid, M, rowMajor(X, M), rowMajor(lefts.at(-1)!, mid), rowMajor(Z, mid));
  b.gemm(`${name} Y = Z R`, K, N, mid, rowMajor(Z, mid), rowMajor(rights[0]!, N), rowMajor(Y, N));
  b.vector({
    op: 'add',
    label: `${name} Y += b`,
    m: K,
    n: N,
    a: rowMajor(Y, N),
    b: broadcastRow(p.bias),
    y: rowMajor(Y, N),
  });
  return { shape, K, X, lefts, rights, Z, Y };
}
