// The embedding of a sample as program instructions: for each token the TTM row is the left merge of
// the core slices G_k[:, v_k, :, :] (ttm-embedding32.ts), read in place as strided views of the cores
// (slice row a at (a V_k + v_k) D_k r_{k+1}), the last GEMM writing straight into row t of X; then one
// vector add of the positions: X[t] = r(row_t + P[t]). The slice offsets depend on the tokens, so this
// part of the program is per sample (docs/program.md, "Length and tokens"), unless the builder has
// token-id words: then every slice read is a gather by the token's id (the one program, compile-one.ts).
import type { TransformerConfig } from '../transformer/config.js';
import { mixedRadixDigits } from '../tt/tt-shape.js';
import type { ProgramBuilder } from './builder.js';
import { type View, rowMajor } from './isa.js';

/**
 * With the builder's token ids (one program): the last instruction reads token t's slice of core k at
 * run time, off + digit_k(id) D_k r_{k+1} on `operands` (compiled with token 0, so off is the core's base).
 */
export function gatherSlice(b: ProgramBuilder, cfg: TransformerConfig, k: number, t: number, operands: string[]): void {
  const ids = b.opts.tokenIds;
  if (ids === undefined) return;
  const { rowShape, colShape, ranks } = cfg.embedding;
  const div = rowShape.slice(k + 1).reduce((x, y) => x * y, 1);
  b.gatherLast({ word: ids + t, div, mod: rowShape[k]!, stride: colShape[k]! * ranks[k + 1]!, operands });
}

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
    if (nCores === 1) {
      const digits = mixedRadixDigits(tokens[t]!, rowShape);
      const Dr = colShape[0]! * ranks[1]!;
      const slice0: View = { off: cores[0]! + digits[0]! * Dr, row: rowShape[0]! * Dr, col: 1 };
      b.vector({ op: 'copy', label: `emb row ${t}`, m: 1, n: d, a: slice0, y: rowMajor(X + t * d, d) });
      gatherSlice(b, cfg, 0, t, ['a']);
      prefixesPerToken.push([slice0.off]);
      continue;
    }
    prefixesPerToken.push(emitTokenPrefixes(b, cfg, tokens[t]!, t, cores, `fwd.emb.t${t}`, X + t * d));
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

/**
 * Token t's prefixes P_0 (the core-0 slice, in place) .. P_{n-2} (regions `${name}.left${k}`); with
 * `rowOut` also the last GEMM, P_{n-1}, written there (the token's embedding row). The embedding
 * backward calls it again without `rowOut` (the same GEMMs on the same cores give the same bits), so
 * the forward's prefixes need not live until then.
 */
export function emitTokenPrefixes(
  b: ProgramBuilder,
  cfg: TransformerConfig,
  token: number,
  t: number,
  cores: number[],
  name: string,
  rowOut?: number,
): number[] {
  const { rowShape, colShape, ranks } = cfg.embedding;
  const nCores = rowShape.length;
  const digits = mixedRadixDigits(token, rowShape);
  // Slice k as an r_k x (D_k r_{k+1}) matrix inside core k.
  const slice = (k: number): View => {
    const Dr = colShape[k]! * ranks[k + 1]!;
    return { off: cores[k]! + digits[k]! * Dr, row: rowShape[k]! * Dr, col: 1 };
  };
  let prefix = slice(0).off; // P_0 = the core-0 slice, contiguous (r_0 = 1)
  const prefixes = [prefix];
  let rows = colShape[0]!;
  const last = rowOut === undefined ? nCores - 1 : nCores;
  for (let k = 1; k < last; k++) {
    const cols = colShape[k]! * ranks[k + 1]!;
    const out = k === nCores - 1 ? rowOut! : b.layout.alloc(`${name}.left${k}`, rows * cols, 'scratch');
    b.gemm(
      `emb row ${t} P${k} = P${k - 1} G${k}[v]`,
      rows,
      cols,
      ranks[k]!,
      rowMajor(prefix, ranks[k]!),
      slice(k),
      rowMajor(out, cols),
    );
    if (k === 1) gatherSlice(b, cfg, 0, t, ['a']); // P_0 is the core-0 slice itself
    gatherSlice(b, cfg, k, t, ['b']);
    prefix = out;
    prefixes.push(out);
    rows *= colShape[k]!;
  }
  return prefixes;
}
