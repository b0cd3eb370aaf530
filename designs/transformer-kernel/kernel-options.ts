// What the transformer training kernel is built from, apart from its hardware: the Vitis interface
// (arguments, flags), the record shape, the combined core and its program, and the host map: where in
// the core's data memory the compiled program expects each per-sample input and leaves each output.
// The program is a parameter (combined-core words with a training and an evaluation entry point), so
// the shell is tested with a small program now and runs the whole-model program when it fits.
import type { KernelSpec } from '../../rtl-lib/axi/kernel-spec.js';
import { type CombinedConfig, checkCombinedConfig } from '../engine/combined-core.js';
import type { RecordShape } from './sample-record.js';

export const FLAG_LOAD_PARAMS = 1;
export const FLAG_STORE_PARAMS = 2;
/** Run the evaluation entry point (forward and predictions, no update) and read no lrTable row. */
export const FLAG_EVAL_ONLY = 4;

/** The core stopped with its error flag (a bad program word): the hardware's own status, after the input checks' 1..5. */
export const STATUS_CORE_ERROR = 6;

export const transformerKernelSpec: KernelSpec = {
  name: 'transformer_train',
  args: [
    { name: 'samples', kind: 'scalar', ctype: 'uint' },
    { name: 'flags', kind: 'scalar', ctype: 'uint' },
    { name: 'in', kind: 'pointer', ctype: 'unsigned int*', master: 'gmem' },
    { name: 'out', kind: 'pointer', ctype: 'unsigned int*', master: 'gmem' },
    { name: 'params', kind: 'pointer', ctype: 'float*', master: 'gmem' },
    { name: 'lrTable', kind: 'pointer', ctype: 'float*', master: 'gmem' },
  ],
  masters: [{ name: 'gmem', dataBits: 32 }],
};

/**
 * Data-memory word addresses of the per-sample words (as designs/program lays out the host.* regions;
 * the kernel needs them at fixed addresses, the same for every length). Inputs are written as FP32
 * values (the labels as writeHostInputs writes them), predictions read as FP32 values and converted to
 * integers (toward zero), the loss copied as its bits.
 */
export interface HostMap {
  /** 1 word: the intent label. */
  intentLabel: number;
  /** T - 1 words: the slot labels of positions 1..T-1 (-1 unscored); not written when T = 1. */
  slotLabels: number;
  /** 3 words: fround(1/scored) (0 when nothing is scored), 1, 0; not written when T = 1. */
  slotCE: number;
  /** lrWords words: row s of the lrTable (lr, or Adam's b1, b2, c1, c2, lrT, epsT), copied as bits. */
  optimizer: number;
  lrWords: number;
  /** T words: the token ids (for a program that reads them; the embedding does not yet). */
  tokens?: number;
  /** 1 word: T (for a program with a run-time length). */
  length?: number;
  /** Outputs: the loss word, the intent prediction, the slot predictions of positions 1..T-1. */
  loss: number;
  intentPred: number;
  slotPreds: number;
}

/** The input part of the map (what writeKernelInputs needs). */
export type HostInputMap = Omit<HostMap, 'loss' | 'intentPred' | 'slotPreds'>;

export interface TransformerKernelOptions {
  shape: RecordShape;
  core: CombinedConfig;
  /** The combined-core program words (combined-program.ts). */
  program: readonly bigint[];
  /** Start addresses in the program of the training step and of evaluation. */
  entry: { train: number; eval: number };
  map: HostMap;
  /** The parameter block the load and store flags move: data-memory words [base, base + words). */
  params: { base: number; words: number };
  /** Longest AXI burst. */
  maxBeats?: number;
}

/** Throws a RangeError naming the first address that does not fit the core's data memory or program. */
export function checkKernelOptions(o: TransformerKernelOptions): void {
  checkCombinedConfig(o.core);
  const words = o.core.engineDepth + o.core.vectorDepth;
  const M = o.shape.maxTokens;
  if (M < 1) throw new RangeError(`maxTokens must be at least 1, got ${M}`);
  const m = o.map;
  const spans: [string, number | undefined, number][] = [
    ['intentLabel', m.intentLabel, 1],
    ['slotLabels', m.slotLabels, M - 1],
    ['slotCE', m.slotCE, 3],
    ['optimizer', m.optimizer, m.lrWords],
    ['tokens', m.tokens, M],
    ['length', m.length, 1],
    ['loss', m.loss, 1],
    ['intentPred', m.intentPred, 1],
    ['slotPreds', m.slotPreds, M - 1],
    ['params', o.params.base, o.params.words],
  ];
  for (const [name, at, n] of spans) {
    if (at === undefined) continue;
    if (!Number.isInteger(at) || at < 0 || at + n > words)
      throw new RangeError(`host map: ${name} at ${at} (${n} words) is outside the data memory of ${words} words`);
  }
  if (!Number.isInteger(m.lrWords) || m.lrWords < 1)
    throw new RangeError(`host map: lrWords must be a positive integer, got ${m.lrWords}`);
  if (o.params.words < 1) throw new RangeError('the parameter block needs at least one word');
  for (const [name, pc] of Object.entries(o.entry))
    if (!Number.isInteger(pc) || pc < 0 || pc >= o.program.length)
      throw new RangeError(`entry ${name} at ${pc} is outside the program of ${o.program.length} words`);
}
