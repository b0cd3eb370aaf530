// A TT linear layer's backward as program instructions, in tt-linear32.ts's order except that the
// independent dX comes after dL: the merges again, T = dY R^T, dR = Z^T dY, dL = X^T T, dX = T L^T, the core gradients through both merges (chain32.ts), the bias
// gradient as column sums of dY; each gradient then added into its grad region, r(g + d), as the
// model's accumulateTT does.
import type { TTLayerShape } from '../transformer/config.js';
import { ttLayerDims } from '../tt/tt-shape.js';
import type { ProgramBuilder } from './builder.js';
import { type TTForwardTrace, type TTRegions, emitMerges } from './compile-tt.js';
import { type View, rowMajor } from './isa.js';

const tr = (off: number, cols: number): View => ({ off, row: 1, col: cols });

/** dX (K x M, at base dX) from dY (K x N at dY); gradients added into g. */
export function emitTTBackward(
  b: ProgramBuilder,
  name: string,
  p: TTRegions,
  g: TTRegions,
  fwd: TTForwardTrace,
  dY: number,
  dX: number,
): void {
  // The merges again, from the same cores (emitMerges says why).
  const f: TTForwardTrace = { ...fwd, ...emitMerges(b, `${name}.re`, fwd.shape, p, 'scratch') };
  const d = ttLayerDims(f.shape);
  const { M, N, mid } = d;
  const K = f.K;
  const L = f.lefts.at(-1)!,
    R = f.rights[0]!;
  const tmp = (what: string, words: number) => b.layout.alloc(`${name}.${what}`, words, 'scratch');
  const T = tmp('T', K * mid);
  b.gemm(`${name} T = dY R^T`, K, mid, N, rowMajor(dY, N), tr(R, N), rowMajor(T, mid));
  const dR = tmp('dR', mid * N),
    dL = tmp('dL', M * mid);
  b.gemm(`${name} dR = Z^T dY`, mid, N, K, tr(f.Z, mid), rowMajor(dY, N), rowMajor(dR, N));
  b.gemm(`${name} dL = X^T T`, M, mid, K, tr(f.X, M), rowMajor(T, mid), rowMajor(dL, mid));
  // dX after dL (independent GEMMs, same bits): X's last read comes before dX's first write, so the
  // two can share words (W2's input G and its gradient dG are each K x dFF).
  b.gemm(`${name} dX = T L^T`, K, M, mid, rowMajor(T, mid), tr(L, mid), rowMajor(dX, M));
  emitCoreGradients(b, name, f.shape, p, g, f.lefts, f.rights, dL, dR);
  const dB = tmp('dBias', N);
  b.vector({ op: 'sumRows', label: `${name} dBias`, m: K, n: N, a: rowMajor(dY, N), y: rowMajor(dB, N) });
  addInto(b, g.bias, dB, N, `${name} grad bias`);
}

/** r(grad + delta) over a region's words, as the model's accumulateTT adds a TT layer's gradients. */
export function addInto(b: ProgramBuilder, grad: number, delta: number, words: number, label: string): void {
  b.vector({
    op: 'add',
    label,
    m: 1,
    n: words,
    a: rowMajor(grad, words),
    b: rowMajor(delta, words),
    y: rowMajor(grad, words),
  });
}

/**
 * Every core's gradient from dL (M x mid) and dR (mid x N) back through both merges (chain32.ts), each
 * added into its grad region.
 */
export function emitCoreGradients(
  b: ProgramBuilder,
  name: string,
  shape: TTLayerShape,
  p: TTRegions,
  g: TTRegions,
  lefts: number[],
  rights: number[],
  dL: number,
  dR: number,
): void {
  const d = ttLayerDims(shape);
  const { M, N, dIn } = d;
  const tmp = (what: string, words: number) => b.layout.alloc(`${name}.${what}`, words, 'scratch');
  const f = { lefts, rights };
  // Left half: dF_k = P_{k-1}^T gk, then gk = gk F_k^T (k = dIn-1 .. 1); dF_0 = the last gk.
  const sizesL = d.modes.slice(0, dIn),
    ranksL = d.ranks.slice(0, dIn + 1);
  let gk = dL;
  let rows = M;
  for (let k = dIn - 1; k >= 1; k--) {
    rows /= sizesL[k]!;
    const cols = sizesL[k]! * ranksL[k + 1]!;
    const dF = tmp(`dcore${k}`, ranksL[k]! * cols);
    b.gemm(
      `${name} dF${k} = P${k - 1}^T g`,
      ranksL[k]!,
      cols,
      rows,
      tr(f.lefts[k - 1]!, ranksL[k]!),
      rowMajor(gk, cols),
      rowMajor(dF, cols),
    );
    const next = tmp(`gL${k}`, rows * ranksL[k]!);
    b.gemm(
      `${name} g = g F${k}^T`,
      rows,
      ranksL[k]!,
      cols,
      rowMajor(gk, cols),
      tr(p.cores[k]!, cols),
      rowMajor(next, ranksL[k]!),
    );
    addInto(b, g.cores[k]!, dF, d.coreWords[k]!, `${name} grad core${k}`);
    gk = next;
  }
  addInto(b, g.cores[0]!, gk, d.coreWords[0]!, `${name} grad core0`);
  // Right half: dF_k = gk Q_{k+1}^T, then gk = F_k^T gk (k = 0 .. n-2); dF_{n-1} = the last gk.
  const sizesR = d.modes.slice(dIn),
    ranksR = d.ranks.slice(dIn),
    n = sizesR.length;
  gk = dR;
  let cols = N;
  for (let k = 0; k < n - 1; k++) {
    cols /= sizesR[k]!;
    const rowsK = ranksR[k]! * sizesR[k]!;
    const core = dIn + k;
    const dF = tmp(`dcore${core}`, rowsK * ranksR[k + 1]!);
    b.gemm(
      `${name} dF${core} = g Q^T`,
      rowsK,
      ranksR[k + 1]!,
      cols,
      rowMajor(gk, cols),
      tr(f.rights[k + 1]!, cols),
      rowMajor(dF, ranksR[k + 1]!),
    );
    const next = tmp(`gR${k}`, ranksR[k + 1]! * cols);
    b.gemm(
      `${name} g = F${core}^T g`,
      ranksR[k + 1]!,
      cols,
      rowsK,
      tr(p.cores[core]!, ranksR[k + 1]!),
      rowMajor(gk, cols),
      rowMajor(next, cols),
    );
    addInto(b, g.cores[core]!, dF, d.coreWords[core]!, `${name} grad core${core}`);
    gk = next;
  }
  addInto(b, g.cores[d.cores - 1]!, gk, d.coreWords[d.cores - 1]!, `${name} grad core${d.cores - 1}`);
}
