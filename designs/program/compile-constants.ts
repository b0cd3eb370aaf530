// The program's constants (FP32 words every image starts with), named and valued in one place so the
// compiler can declare them all up front, before any activation: they then sit at the same addresses in
// the program of every sample length, and a memory image carried from one sample to the next needs no
// reload (docs/program.md, "Several samples").
import { attentionScale } from '../transformer/attention.js';
import type { TransformerConfig } from '../transformer/config.js';

export interface ConstantBlock {
  name: string;
  values: number[];
}

const f = Math.fround;

/** layerNormFwd's block: 1/d and eps. */
export const lnForwardConstants = (cfg: TransformerConfig): ConstantBlock => ({
  name: `const.ln.d${cfg.dModel}`,
  values: [f(1 / cfg.dModel), f(cfg.lnEps)],
});

/** layerNormBwd's block: 1/d. */
export const lnBackwardConstants = (cfg: TransformerConfig): ConstantBlock => ({
  name: `const.lnb.d${cfg.dModel}`,
  values: [f(1 / cfg.dModel)],
});

/** The attention scale r(1/sqrt(dh)), as attention.ts rounds it. */
export const attentionScaleConstant = (cfg: TransformerConfig): ConstantBlock => {
  const dh = cfg.dModel / cfg.heads;
  return { name: `const.attnScale.dh${dh}`, values: [f(attentionScale(dh))] };
};

/** The intent cross-entropy's weight 1 and the label-smoothed targets qOn, qOff. */
export const intentCeConstants = (cfg: TransformerConfig): ConstantBlock => {
  const e = cfg.intentLabelSmoothing ?? 0,
    nI = cfg.intents;
  return { name: 'const.intentCE', values: [1, f(1 - e + e / nI), f(e / nI)] };
};

/**
 * The mean-pooled intent input's scales r(1/T) for T = 1..maxTokens (word T-1 of the block), declared
 * up front so that every length's program finds them at the same address.
 */
export const intentMeanScales = (cfg: TransformerConfig): ConstantBlock => ({
  name: `const.invT.max${cfg.maxTokens}`,
  values: Array.from({ length: cfg.maxTokens }, (_, i) => f(1 / (i + 1))),
});

/** +0, broadcast by `copy` to zero the gradients before a sample (the trainer's fill(0)). */
export const zeroConstant: ConstantBlock = { name: 'const.zero', values: [0] };

/** Every constant block of a configuration's program. */
export const programConstants = (cfg: TransformerConfig): ConstantBlock[] => [
  lnForwardConstants(cfg),
  lnBackwardConstants(cfg),
  attentionScaleConstant(cfg),
  intentCeConstants(cfg),
  zeroConstant,
  ...(cfg.intentPooling === 'mean' ? [intentMeanScales(cfg)] : []),
];
