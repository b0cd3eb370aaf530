// The whole model's program for one sample: parameter regions in the order of params.ts's tensors()
// (same names), the embedding, every encoder layer and both heads with their cross-entropy gradients.
// The host loads the parameters once (loadParams) and writes each sample's labels (writeHostInputs).
import type { TransformerConfig } from '../transformer/config.js';
import type { Sample } from '../transformer/model.js';
import { type ModelParams, tensors } from '../transformer/params.js';
import { ttmDims } from '../tt/tt-shape.js';
import { ProgramBuilder } from './builder.js';
import { allocInputRecord } from './input-record.js';
import { checkConfig, checkTokens } from './compile-checks.js';
import { emitEmbedding } from './compile-embedding.js';
import { emitModelBackward } from './compile-backward.js';
import {
  type HeadRegions,
  type HeadTrace,
  HOST_INTENT_LABEL,
  HOST_SLOT_CE,
  HOST_SLOT_LABELS,
  emitHeadsForward,
} from './compile-heads.js';
import type { FfnSchedule } from './compile-ffn.js';
import { type LayerRegions, type LayerTrace, emitLayerForward } from './compile-layer.js';
import { allocTT } from './compile-tt.js';
import { programConstants } from './compile-constants.js';
import { type OptimizerKind, allocOptimizerState, emitUpdate, emitZeroGradients } from './compile-update.js';
import type { ProgramInstruction } from './isa.js';
import { FixedLayout, type MemoryLayout } from './layout.js';
import { type LiveRange, reuseMemory } from './reuse.js';

export interface ModelRegions extends HeadRegions {
  embedding: number[];
  position: number;
  layers: LayerRegions[];
}

/** Parameter regions named as tensors() names them ('layer0.wq.core1', 'slot.W', ...). */
export function allocModelParams(
  b: ProgramBuilder,
  cfg: TransformerConfig,
  role: 'param' | 'grad' = 'param',
): ModelRegions {
  const L = b.layout;
  const pre = role === 'param' ? '' : 'grad.';
  const d = cfg.dModel;
  const embedding = ttmDims(cfg.embedding).coreWords.map((w, k) => L.alloc(`${pre}embedding.core${k}`, w, role));
  const position = L.alloc(`${pre}position`, cfg.maxTokens * d, role);
  const vec = (name: string, n: number) => L.alloc(`${pre}${name}`, n, role);
  const layers = Array.from({ length: cfg.layers }, (_, i): LayerRegions => {
    const n = `${pre}layer${i}`;
    const wq = allocTT(b, `${n}.wq`, cfg.attn, role),
      wk = allocTT(b, `${n}.wk`, cfg.attn, role),
      wv = allocTT(b, `${n}.wv`, cfg.attn, role),
      wo = allocTT(b, `${n}.wo`, cfg.attn, role);
    const ln1Gamma = L.alloc(`${n}.ln1.gamma`, d, role),
      ln1Beta = L.alloc(`${n}.ln1.beta`, d, role);
    const w1 = allocTT(b, `${n}.w1`, cfg.ffn1, role),
      w2 = allocTT(b, `${n}.w2`, cfg.ffn2, role);
    const ln2Gamma = L.alloc(`${n}.ln2.gamma`, d, role),
      ln2Beta = L.alloc(`${n}.ln2.beta`, d, role);
    return { wq, wk, wv, wo, ln1Gamma, ln1Beta, w1, w2, ln2Gamma, ln2Beta };
  });
  const intentPooler = allocTT(b, `${pre}intent.pooler`, cfg.intentPooler, role);
  const intentW = vec('intent.W', cfg.intents * d),
    intentB = vec('intent.b', cfg.intents);
  const slotPooler = allocTT(b, `${pre}slot.pooler`, cfg.slotPooler, role);
  const slotLnGamma = vec('slot.ln.gamma', d),
    slotLnBeta = vec('slot.ln.beta', d);
  const slotW = vec('slot.W', cfg.slots * d),
    slotB = vec('slot.b', cfg.slots);
  return {
    embedding,
    position,
    layers,
    intentPooler,
    intentW,
    intentB,
    slotPooler,
    slotLnGamma,
    slotLnBeta,
    slotW,
    slotB,
  };
}

export interface ForwardTrace {
  /** X0 (embedding + position), then each layer's input; the last layer's output is `out`. */
  X0: number;
  layers: LayerTrace[];
  out: number;
  heads: HeadTrace;
}

/** What the host needs to run a sample's program (no forward trace: its addresses may be reused). */
export type SampleProgram = Omit<CompiledSample, 'forward'> & {
  /** With lifetime reuse (reuse.ts): every non-persistent region's live range, by name. */
  live?: Map<string, LiveRange>;
  /** With lifetime reuse: the words the image would need without it. */
  wordsWithoutReuse?: number;
};

export interface CompiledSample {
  cfg: TransformerConfig;
  T: number;
  program: ProgramInstruction[];
  layout: MemoryLayout;
  stages: { name: string; start: number }[];
  params: ModelRegions;
  forward: ForwardTrace;
  /**
   * Words [0, persistentWords) hold parameters, gradients, optimizer state, the host's per-step block and
   * the constants: the same regions at the same addresses in every program of this configuration and
   * optimizer, whatever the sample. The rest (activations, labels) belongs to this sample.
   */
  persistentWords: number;
  optimizer?: OptimizerKind;
}

export interface CompileOptions {
  /** Also backward: gradients zeroed, then every parameter's gradient in the 'grad.*' regions. */
  backward?: boolean;
  /** Also the update of every parameter (implies backward); Adam's moments in 'opt.m.*' / 'opt.v.*'. */
  optimizer?: OptimizerKind;
  /** How the FFN is cut into blocks of tokens (compile-ffn.ts; default DEFAULT_FFN_SCHEDULE). */
  ffn?: FfnSchedule;
  /**
   * Part of the one program (compile-one.ts): T-row blocks planned for maxTokens, the input record
   * (input-record.ts) in the persistent block, the embedding gathering by the token-id words; with
   * `plan`, every region placed as in that layout (the maxTokens program's).
   */
  oneProgram?: { plan?: MemoryLayout };
}

/**
 * The program of one sample's tokens: forward with both cross-entropy gradients; with `backward` the
 * gradient regions zeroed and every parameter's gradient added into them (named 'grad.' + tensors()
 * name); with `optimizer` then the update of every parameter.
 */
export function compileSampleForward(
  cfg: TransformerConfig,
  tokens: ArrayLike<number>,
  opts: CompileOptions = {},
): CompiledSample {
  checkConfig(cfg);
  checkTokens(cfg, tokens);
  const T = tokens.length;
  const d = cfg.dModel;
  const one = opts.oneProgram;
  const b = new ProgramBuilder(
    one ? { rowCapacity: cfg.maxTokens, ...(one.plan ? { layout: new FixedLayout(one.plan) } : {}) } : {},
  );
  const params = allocModelParams(b, cfg);
  const paramRegions = b.layout.regions.filter((r) => r.role === 'param');
  const backward = opts.backward || opts.optimizer !== undefined;
  const grads = backward ? allocModelParams(b, cfg, 'grad') : undefined;
  if (opts.optimizer) allocOptimizerState(b, opts.optimizer, paramRegions);
  if (one) b.opts.tokenIds = allocInputRecord(b, cfg.maxTokens).tokens;
  for (const c of programConstants(cfg)) b.constant(c);
  b.seal();
  if (grads) {
    b.stage('zero gradients');
    emitZeroGradients(b, paramRegions);
  }
  b.stage('embedding');
  const X0 = b.layout.alloc('fwd.X0', T * d, 'activation');
  const embPrefixes = emitEmbedding(b, cfg, tokens, params.embedding, params.position, X0);
  let X = X0;
  const layers: LayerTrace[] = [];
  params.layers.forEach((lp, i) => {
    b.stage(`layer ${i} forward`);
    const Y = b.layout.alloc(`fwd.layer${i}.Y`, T * d, 'activation');
    layers.push(emitLayerForward(b, `fwd.layer${i}`, cfg, lp, X, T, Y, opts.ffn));
    X = Y;
  });
  const heads = emitHeadsForward(b, cfg, params, X, T);
  const forward: ForwardTrace = { X0, layers, out: X, heads };
  if (grads) emitModelBackward(b, cfg, tokens, params, grads, forward, embPrefixes);
  if (opts.optimizer) {
    b.stage('update');
    emitUpdate(b, opts.optimizer, paramRegions);
  }
  return {
    cfg,
    T,
    program: b.program,
    layout: b.layout,
    stages: b.stages,
    params,
    forward,
    persistentWords: b.persistentWords,
    ...(opts.optimizer ? { optimizer: opts.optimizer } : {}),
  };
}

/**
 * One whole training step of a sample: zero gradients, forward, backward, update; with `reuse` (the
 * default) regions never live at the same time share words (reuse.ts), without it every region keeps
 * its own words (the image the forward trace addresses).
 */
export function compileTrainingStep(
  cfg: TransformerConfig,
  tokens: ArrayLike<number>,
  optimizer: OptimizerKind,
  opts: { reuse?: boolean; ffn?: FfnSchedule } = {},
): SampleProgram {
  const c = compileSampleForward(cfg, tokens, { optimizer, ...(opts.ffn ? { ffn: opts.ffn } : {}) });
  if (opts.reuse === false) return c;
  const r = reuseMemory(c.layout, c.program, c.persistentWords);
  const { forward: _, ...rest } = c;
  return { ...rest, layout: r.layout, program: r.program, live: r.live, wordsWithoutReuse: r.wordsBefore };
}

/** Copies every parameter tensor into its region of the image. */
export function loadParams(layout: MemoryLayout, image: Float32Array, p: ModelParams, prefix = ''): void {
  for (const t of tensors(p)) layout.write(image, `${prefix}${t.name}`, t.data);
}

/** The sample's labels and the slot loss weight r(1/scored), as model.ts computes them. */
export function writeHostInputs(c: SampleProgram, image: Float32Array, s: Sample): void {
  const L = c.layout;
  L.write(image, HOST_INTENT_LABEL, [s.intent]);
  const W = c.T - 1;
  if (W === 0) return;
  const labels = Array.from({ length: W }, (_, i) => (s.slots[i + 1]! >= 0 ? s.slots[i + 1]! : -1));
  const scored = labels.filter((l) => l >= 0).length;
  L.write(image, HOST_SLOT_LABELS, labels);
  L.write(image, HOST_SLOT_CE, [Math.fround(scored > 0 ? 1 / scored : 0), 1, 0]);
}
