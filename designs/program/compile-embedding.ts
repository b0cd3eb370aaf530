// The embedding of a sample as program instructions: for each token the TTM row is the left merge of
// the core slices G_k[:, v_k, :, :] (ttm-embedding32.ts), read in place as strided views of the cores
// (slice row a at (a V_k + v_k) D_k r_{k+1}), the last GEMM writing straight into row t of X; then one
// vector add of the positions: X[t] = r(row_t + P[t]). The slice offsets depend on the tokens, so this
// part of the program is per sample (docs/program.md, "Length and tokens").
import type { TransformerConfig } from '../transformer/config.js';
import { mixedRadixDigits } from '../tt/tt-shape.js';
import type { ProgramBuilder } from './builder.js';
import { type View, rowMajor } from './isa.js';

export function emitEmbedding(
  b: ProgramBuilder,
  cfg: TransformerConfig,
  tokens: ArrayLike<number>,
  cores: number[],
  position: number,
  X: number,
): number[][] {
  const { rowShape, colShape, ranks } = cfg.embedding;
  const d = cfg.dModel;
  const T = tokens.length;
  const nCores = rowShape.length;
  const prefixesPerToken: number[][] = [];
  for (let t = 0; t < T; t++) {
    const digits = mixedRadixDigits(tokens[t]!, rowShape);
    // Slice k as an r_k x (D_k r_{k+1}) matrix inside core k.
    const slice = (k: number): View => {
      const Dr = colShape[k]! * ranks[k + 1]!;
      return { off: cores[k]! + digits[k]! * Dr, row: rowShape[k]! * Dr, col: 1 };
    };
    const rowOut = rowMajor(X + t * d, d);
    if (nCores === 1) {
      b.vector({ op: 'copy', label: `emb row ${t}`, m: 1, n: d, a: slice(0), y: rowOut });
      prefixesPerToken.push([slice(0).off]);
      continue;
    }
    let prefix = slice(0).off; // P_0 = the core-0 slice, contiguous (r_0 = 1)
    const prefixes = [prefix];
    prefixesPerToken.push(prefixes);
    let rows = colShape[0]!;
    for (let k = 1; k < nCores; k++) {
      const cols = colShape[k]! * ranks[k + 1]!;
      const out = k === nCores - 1 ? X + t * d : b.layout.alloc(`fwd.emb.t${t}.left${k}`, rows * cols, 'scratch');
      b.gemm(
        `emb row ${t} P${k} = P${k - 1} G${k}[v]`,
        rows,
        cols,
        ranks[k]!,
        rowMajor(prefix, ranks[k]!),
        slice(k),
        rowMajor(out, cols),
      );
      prefix = out;
      prefixes.push(out);
      rows *= colShape[k]!;
    }
  }
  b.vector({
    op: 'add',
    label: 'X0 = emb + position',
    m: T,
    n: d,
    a: rowMajor(X, d),
    b: rowMajor(position, d),
    y: rowMajor(X, d),
  });
  return prefixesPerToken;
}
