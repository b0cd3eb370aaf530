// Every tensor that one training step of the tensorized transformer keeps on chip, derived from the
// configuration: TT and TTM cores, dense parameters (biases, LayerNorm, classifiers), their gradients,
// the optimizer state, every activation the backward pass needs (with the TT intermediates Z and the
// LayerNorm statistics), the activation gradients in flight, and the TT contraction scratch buffers.
// Lifetimes are spans of the training schedule (training-schedule.ts). See docs/memory.md.
import { product, type TTLayerShape, type TransformerConfig } from '../transformer/config.js';
import type { MemTensor, MemoryDesign } from '../../rtl-lib/mem/plan/tensor.js';
import { stageSpan } from '../../rtl-lib/mem/plan/tensor.js';
import { bp, fp, trainingStages, updateStage, type LayerSubstage, type UpdateSchedule } from './training-schedule.js';
import { middleRank, partialMergeWords, ttCoreShapes, ttmCoreShapes, ttmPartialWords } from './tt-shapes.js';

export type Optimizer = 'sgd' | 'momentum' | 'adam';

export interface InventoryOptions {
  optimizer: Optimizer;
  update: UpdateSchedule;
  /** Elements per cycle the compute array reads from a matrix operand (activations, scratch, classifiers). */
  lanes: number;
  /** One memory per TT core (parallel access from both ends of the train) or one per TT layer. */
  coreStorage: 'per-core' | 'per-layer';
  /** Bits of a floating-point element. */
  floatBits: number;
}

export const DEFAULT_INVENTORY: InventoryOptions = {
  optimizer: 'adam',
  update: 'end',
  lanes: 16,
  coreStorage: 'per-core',
  floatBits: 32,
};

/** Optimizer state buffers per parameter element. */
export function optimizerStates(o: Optimizer): string[] {
  return o === 'adam' ? ['adam-m', 'adam-v'] : o === 'momentum' ? ['momentum'] : [];
}

/** Group names, also used by the dense reference and the reports. */
export const GROUPS = {
  ttCore: 'tt-core',
  denseParam: 'dense-param',
  ttCoreGrad: 'tt-core-grad',
  denseGrad: 'dense-grad',
  activation: 'activation',
  ttZ: 'tt-z',
  bpGradient: 'bp-gradient',
  scratch: 'tt-scratch',
  io: 'io',
} as const;

const bitsFor = (values: number) => Math.max(1, Math.ceil(Math.log2(values)));

export function transformerInventory(cfg: TransformerConfig, opts: InventoryOptions = DEFAULT_INVENTORY): MemoryDesign {
  const stages = trainingStages(cfg, opts.update);
  const K = cfg.maxTokens;
  const D = cfg.dModel;
  const F = cfg.dFF;
  const H = cfg.heads;
  const tensors: MemTensor[] = [];
  const span = (from: string, to: string) => stageSpan(stages, from, to);

  /** A floating-point tensor; `matrix` ones are read `lanes` elements per cycle. */
  const add = (name: string, group: string, shape: number[], live: string[], matrix: boolean) => {
    tensors.push({
      name,
      group,
      shape,
      words: product(shape),
      width: opts.floatBits,
      live,
      parallel: matrix ? opts.lanes : 1,
      maxPack: 2,
    });
  };

  /** A parameter, its gradient (from the first backward stage that writes it to the update) and its optimizer state. */
  const param = (
    name: string,
    kind: 'tt' | 'dense',
    shape: number[],
    gradFrom: string,
    block: 'emb' | 'heads' | number,
    matrix = false,
  ) => {
    add(name, kind === 'tt' ? GROUPS.ttCore : GROUPS.denseParam, shape, stages, matrix);
    add(
      `${name}.grad`,
      kind === 'tt' ? GROUPS.ttCoreGrad : GROUPS.denseGrad,
      shape,
      span(gradFrom, updateStage(block, opts.update)),
      matrix,
    );
    for (const st of optimizerStates(opts.optimizer)) add(`${name}.${st}`, st, shape, stages, matrix);
  };

  /** A TT linear layer: cores, bias, Z, and the contraction scratch of its forward and backward stages. */
  const ttLinear = (
    name: string,
    tt: TTLayerShape,
    rows: number,
    fpStage: string,
    bpStage: string,
    block: 'heads' | number,
  ) => {
    const cores = ttCoreShapes(tt);
    if (opts.coreStorage === 'per-core') cores.forEach((c, k) => param(`${name}.G${k + 1}`, 'tt', c, bpStage, block));
    else param(`${name}.G`, 'tt', [cores.reduce((s, c) => s + product(c), 0)], bpStage, block);
    const M = product(tt.inShape);
    const N = product(tt.outShape);
    const r = middleRank(tt);
    param(`${name}.b`, 'dense', [N], bpStage, block);
    add(`${name}.Z`, GROUPS.ttZ, [rows, r], span(fpStage, bpStage), false);
    add(`${name}.Lm`, GROUPS.scratch, [M, r], [fpStage, bpStage], true);
    add(`${name}.Rm`, GROUPS.scratch, [r, N], [fpStage, bpStage], true);
    add(`${name}.T`, GROUPS.scratch, [rows, r], [bpStage], false);
    add(`${name}.dLm`, GROUPS.scratch, [M, r], [bpStage], true);
    add(`${name}.dRm`, GROUPS.scratch, [r, N], [bpStage], true);
    add(`${name}.partial`, GROUPS.scratch, [partialMergeWords(tt)], [bpStage], false);
  };

  // Embedding (TTM): cores, the token ids, the per-token chain partials and the output E.
  ttmCoreShapes(cfg.embedding).forEach((c, k) => param(`emb.G${k + 1}`, 'tt', c, 'emb.BP', 'emb'));
  tensors.push({
    name: 'emb.tokens',
    group: GROUPS.io,
    shape: [K],
    words: K,
    width: bitsFor(cfg.vocab),
    live: span('emb.FP', 'emb.BP'),
  });
  add('emb.partial', GROUPS.scratch, [ttmPartialWords(cfg.embedding)], ['emb.FP', 'emb.BP'], false);
  add('emb.E', GROUPS.activation, [K, D], span('emb.FP', bp(0, 'qkv')), true);
  add('emb.dE', GROUPS.bpGradient, [K, D], span(bp(0, 'qkv'), 'emb.BP'), true);

  for (let l = 0; l < cfg.layers; l++) {
    const p = `L${l}`;
    const sub = (s: LayerSubstage) => [fp(l, s), bp(l, s)] as const;
    // Parameters with their TT machinery.
    for (const w of ['q', 'k', 'v'] as const) ttLinear(`${p}.W${w}`, cfg.attn, K, ...sub('qkv'), l);
    ttLinear(`${p}.Wo`, cfg.attn, K, ...sub('o'), l);
    ttLinear(`${p}.W1`, cfg.ffn1, K, ...sub('ffn1'), l);
    ttLinear(`${p}.W2`, cfg.ffn2, K, ...sub('ffn2'), l);
    param(`${p}.ln1`, 'dense', [2, D], bp(l, 'o'), l);
    param(`${p}.ln2`, 'dense', [2, D], bp(l, 'ffn2'), l);
    // Activations kept for the backward pass: produced in a forward sub-stage, last read in a backward one.
    const act = (n: string, shape: number[], from: LayerSubstage, to: LayerSubstage, matrix = true) =>
      add(`${p}.${n}`, GROUPS.activation, shape, span(fp(l, from), bp(l, to)), matrix);
    for (const n of ['Q', 'K', 'V']) act(n, [K, D], 'qkv', 'attn');
    act('S', [H, K, K], 'attn', 'attn');
    act('A', [K, D], 'attn', 'o');
    act('O', [K, D], 'o', 'o');
    act('ln1.stats', [K, 2], 'o', 'o', false);
    act('O1', [K, F], 'ffn1', 'ffn1');
    act('G', [K, F], 'ffn1', 'ffn2');
    act('Y', [K, D], 'ffn2', 'ffn2');
    act('ln2.stats', [K, 2], 'ffn2', 'ffn2', false);
    // Activation gradients in flight during the backward pass.
    const grad = (n: string, shape: number[], from: string, to: string) =>
      add(`${p}.${n}`, GROUPS.bpGradient, shape, span(from, to), true);
    grad('dY', [K, D], l === cfg.layers - 1 ? 'heads.BP' : bp(l + 1, 'qkv'), bp(l, 'ffn2'));
    grad('dP2', [K, D], bp(l, 'ffn2'), bp(l, 'o'));
    grad('dG', [K, F], bp(l, 'ffn2'), bp(l, 'ffn1'));
    grad('dO', [K, D], bp(l, 'ffn1'), bp(l, 'qkv'));
    grad('dA', [K, D], bp(l, 'o'), bp(l, 'attn'));
    grad('dS', [H, K, K], bp(l, 'attn'), bp(l, 'attn'));
    for (const n of ['dQ', 'dK', 'dV']) grad(n, [K, D], bp(l, 'attn'), bp(l, 'qkv'));
  }

  // Heads: intent (token 0 -> TT -> tanh -> dense) and slots (tokens 1.. -> TT -> GELU -> LN -> dense).
  const heads = span('heads.FP', 'heads.BP');
  ttLinear('head.int.pool', cfg.intentPooler, 1, 'heads.FP', 'heads.BP', 'heads');
  ttLinear('head.slot.pool', cfg.slotPooler, K - 1, 'heads.FP', 'heads.BP', 'heads');
  param('head.int.W', 'dense', [D, cfg.intents], 'heads.BP', 'heads', true);
  param('head.int.b', 'dense', [cfg.intents], 'heads.BP', 'heads');
  param('head.slot.ln', 'dense', [2, D], 'heads.BP', 'heads');
  param('head.slot.W', 'dense', [D, cfg.slots], 'heads.BP', 'heads', true);
  param('head.slot.b', 'dense', [cfg.slots], 'heads.BP', 'heads');
  add('head.int.P', GROUPS.activation, [D], heads, false);
  add('head.int.prob', GROUPS.activation, [cfg.intents], heads, false);
  add('head.slot.U', GROUPS.activation, [K - 1, D], heads, true);
  add('head.slot.N', GROUPS.activation, [K - 1, D], heads, true);
  add('head.slot.ln.stats', GROUPS.activation, [K - 1, 2], heads, false);
  add('head.slot.prob', GROUPS.activation, [K - 1, cfg.slots], heads, true);
  add('head.dPool', GROUPS.bpGradient, [K, D], ['heads.BP'], true);
  tensors.push({
    name: 'head.labels',
    group: GROUPS.io,
    shape: [K],
    words: K,
    width: bitsFor(Math.max(cfg.intents, cfg.slots)),
    live: heads,
  });

  return { name: inventoryName(cfg, opts), stages, tensors };
}

export function inventoryName(cfg: TransformerConfig, opts: InventoryOptions): string {
  return `L${cfg.layers}-r${middleRank(cfg.attn)}-${opts.optimizer}`;
}
