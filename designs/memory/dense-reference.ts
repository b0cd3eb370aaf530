// The uncompressed reference: what training the same model with dense FP32 weights needs, counted as
// parameters + gradients + optimizer state + the activations the backward pass keeps (the same
// activations as the tensorized model's inventory, without the TT-only intermediates Z and scratch).
import type { TransformerConfig } from '../transformer/config.js';
import { GROUPS, optimizerStates, transformerInventory, type InventoryOptions } from './transformer-inventory.js';

export interface DenseTrainingMemory {
  /** Parameter count of the dense model. */
  params: number;
  /** Elements of the saved activations. */
  activations: number;
  /** Optimizer state buffers per parameter (Adam 2, momentum 1, SGD 0). */
  optimizerBuffers: number;
  bytes: { params: number; grads: number; optimizer: number; activations: number; total: number };
  /** Model size in MB (1e6 bytes) of the FP32 parameters, as the paper quotes it (36.7 to 93.5 MB). */
  modelMB: number;
  totalMiB: number;
}

/** Dense parameter count: embedding, per layer 4 attention projections + FFN + 2 LayerNorms, heads. */
export function denseParamCount(cfg: TransformerConfig): number {
  const D = cfg.dModel;
  const F = cfg.dFF;
  const layer = 4 * (D * D + D) + (D * F + F) + (F * D + D) + 2 * 2 * D;
  const heads = 2 * (D * D + D) + (D * cfg.intents + cfg.intents) + 2 * D + (D * cfg.slots + cfg.slots);
  return cfg.vocab * D + cfg.layers * layer + heads;
}

export function denseTrainingMemory(cfg: TransformerConfig, opts: InventoryOptions): DenseTrainingMemory {
  const params = denseParamCount(cfg);
  const activations = transformerInventory(cfg, opts)
    .tensors.filter((t) => t.group === GROUPS.activation)
    .reduce((s, t) => s + t.words, 0);
  const optimizerBuffers = optimizerStates(opts.optimizer).length;
  const b = opts.floatBits / 8;
  const bytes = {
    params: params * b,
    grads: params * b,
    optimizer: optimizerBuffers * params * b,
    activations: activations * b,
    total: 0,
  };
  bytes.total = bytes.params + bytes.grads + bytes.optimizer + bytes.activations;
  return { params, activations, optimizerBuffers, bytes, modelMB: bytes.params / 1e6, totalMiB: bytes.total / 2 ** 20 };
}
