// The tensorized transformer's configuration: one source for the numeric models, the memory planner
// and the hardware. Defaults follow ../shared/docs/accelerator.md (the authors' FPGA prototype).

/** A tensor-train linear layer W (M x N): M = prod(inShape), N = prod(outShape). */
export interface TTLayerShape {
  inShape: number[];
  outShape: number[];
  /** TT ranks r_0..r_2d, length 2d+1, r_0 = r_2d = 1. */
  ranks: number[];
}

/** A TTM embedding E (V x D): V = prod(rowShape), D = prod(colShape), cores [r_{k-1}, V_k, D_k, r_k]. */
export interface TTMEmbeddingShape {
  rowShape: number[];
  colShape: number[];
  /** r_0..r_d, length d+1, r_0 = r_d = 1. */
  ranks: number[];
}

export interface TransformerConfig {
  vocab: number;
  maxTokens: number;
  dModel: number;
  heads: number;
  dFF: number;
  layers: number;
  intents: number;
  slots: number;
  lnEps: number;
  embedding: TTMEmbeddingShape;
  attn: TTLayerShape;
  ffn1: TTLayerShape;
  ffn2: TTLayerShape;
  intentPooler: TTLayerShape;
  slotPooler: TTLayerShape;
  /** Label smoothing of the intent cross-entropy's training target (default 0: one-hot). */
  intentLabelSmoothing?: number;
  /**
   * The intent head's input: 'first' (default) the classification token's row X[0]; 'mean' the mean of
   * all T rows, r(r(sum_t X[t]) * r(1/T)) with the rows summed ascending from +0 (sumRows, then scale).
   */
  intentPooling?: IntentPooling;
}

export type IntentPooling = 'first' | 'mean';

/** Uniform interior ranks: [1, r, r, ..., r, 1] for a train of `cores` cores. */
export function uniformRanks(cores: number, rank: number): number[] {
  return Array.from({ length: cores + 1 }, (_, i) => (i === 0 || i === cores ? 1 : rank));
}

export function ttLayer(inShape: number[], outShape: number[], rank: number): TTLayerShape {
  return { inShape, outShape, ranks: uniformRanks(inShape.length + outShape.length, rank) };
}

export function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

/** The paper's configuration: d_model 768, 12 heads, d_ff 3072, 32 tokens, TT ranks `rank`. */
export function paperConfig(opts: { layers?: number; rank?: number; embeddingRank?: number } = {}): TransformerConfig {
  const rank = opts.rank ?? 10;
  const embRank = opts.embeddingRank ?? rank;
  const attn = ttLayer([12, 8, 8], [8, 8, 12], rank);
  return {
    vocab: 800,
    maxTokens: 32,
    dModel: 768,
    heads: 12,
    dFF: 3072,
    layers: opts.layers ?? 2,
    intents: 22,
    slots: 121,
    lnEps: 1e-12,
    embedding: { rowShape: [5, 5, 4, 4, 2], colShape: [3, 4, 4, 4, 4], ranks: uniformRanks(5, embRank) },
    attn,
    ffn1: ttLayer([12, 8, 8], [12, 16, 16], rank),
    ffn2: ttLayer([16, 16, 12], [8, 8, 12], rank),
    intentPooler: attn,
    slotPooler: attn,
  };
}

/** A small configuration with the same structure, for fast tests and gradient checks. */
export function tinyConfig(opts: { layers?: number; rank?: number } = {}): TransformerConfig {
  const rank = opts.rank ?? 3;
  const attn = ttLayer([2, 4], [4, 2], rank);
  return {
    vocab: 40,
    maxTokens: 8,
    dModel: 8,
    heads: 2,
    dFF: 16,
    layers: opts.layers ?? 1,
    intents: 5,
    slots: 7,
    lnEps: 1e-12,
    embedding: { rowShape: [5, 8], colShape: [2, 4], ranks: uniformRanks(2, rank) },
    attn,
    ffn1: ttLayer([2, 4], [4, 4], rank),
    ffn2: ttLayer([4, 4], [4, 2], rank),
    intentPooler: attn,
    slotPooler: attn,
  };
}

/** Throws a readable error when a configuration is inconsistent. */
export function validateConfig(c: TransformerConfig): void {
  const fail = (msg: string): never => {
    throw new Error(`invalid transformer config: ${msg}`);
  };
  const checkTT = (name: string, s: TTLayerShape, m: number, n: number) => {
    if (product(s.inShape) !== m) fail(`${name}: prod(inShape) = ${product(s.inShape)}, expected ${m}`);
    if (product(s.outShape) !== n) fail(`${name}: prod(outShape) = ${product(s.outShape)}, expected ${n}`);
    const cores = s.inShape.length + s.outShape.length;
    if (s.ranks.length !== cores + 1 || s.ranks[0] !== 1 || s.ranks[cores] !== 1)
      fail(`${name}: ranks must have length ${cores + 1} and end in 1`);
  };
  if (c.dModel % c.heads !== 0) fail(`dModel ${c.dModel} is not a multiple of heads ${c.heads}`);
  checkTT('attn', c.attn, c.dModel, c.dModel);
  checkTT('ffn1', c.ffn1, c.dModel, c.dFF);
  checkTT('ffn2', c.ffn2, c.dFF, c.dModel);
  checkTT('intentPooler', c.intentPooler, c.dModel, c.dModel);
  checkTT('slotPooler', c.slotPooler, c.dModel, c.dModel);
  if (product(c.embedding.rowShape) < c.vocab)
    fail(`embedding rows ${product(c.embedding.rowShape)} < vocab ${c.vocab}`);
  if (product(c.embedding.colShape) !== c.dModel)
    fail(`embedding cols ${product(c.embedding.colShape)} != dModel ${c.dModel}`);
  const e = c.intentLabelSmoothing;
  if (e !== undefined && !(e >= 0 && e < 1)) fail(`intentLabelSmoothing ${e} is not in [0, 1)`);
  const ip = c.intentPooling;
  if (ip !== undefined && ip !== 'first' && ip !== 'mean') fail(`intentPooling '${ip}' is not 'first' or 'mean'`);
}
