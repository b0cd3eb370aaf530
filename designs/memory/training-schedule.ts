// The stages of one training step (batch 1) of the encoder, in execution order: forward through the
// embedding, every layer and the heads, backward in reverse, then the parameter update (PU) either once
// at the end or right after each block's backward pass. Finer than FP/BP/PU per layer so that lifetimes
// inside a layer (Q/K/V only until the attention's backward pass, ...) are visible to the planner.
import type { TransformerConfig } from '../transformer/config.js';

/** Sub-stages of one encoder layer, forward order. */
export const LAYER_SUBSTAGES = ['qkv', 'attn', 'o', 'ffn1', 'ffn2'] as const;
export type LayerSubstage = (typeof LAYER_SUBSTAGES)[number];

export type UpdateSchedule = 'end' | 'per-layer';

export const fp = (layer: number, sub: LayerSubstage) => `L${layer}.FP.${sub}`;
export const bp = (layer: number, sub: LayerSubstage) => `L${layer}.BP.${sub}`;

export function trainingStages(cfg: TransformerConfig, update: UpdateSchedule): string[] {
  const s = ['emb.FP'];
  for (let l = 0; l < cfg.layers; l++) for (const sub of LAYER_SUBSTAGES) s.push(fp(l, sub));
  s.push('heads.FP', 'heads.BP');
  if (update === 'per-layer') s.push('heads.PU');
  for (let l = cfg.layers - 1; l >= 0; l--) {
    for (const sub of [...LAYER_SUBSTAGES].reverse()) s.push(bp(l, sub));
    if (update === 'per-layer') s.push(`L${l}.PU`);
  }
  s.push('emb.BP', update === 'per-layer' ? 'emb.PU' : 'PU');
  return s;
}

/** The stage in which the parameters of a block ('emb', 'heads' or a layer index) are updated. */
export function updateStage(block: 'emb' | 'heads' | number, update: UpdateSchedule): string {
  if (update === 'end') return 'PU';
  return typeof block === 'number' ? `L${block}.PU` : `${block}.PU`;
}
