// Batch-1 training of the transformer: shuffle, forward, backward, update per sample; evaluation;
// a loss curve; and the complete training state as a checkpoint (parameters, optimizer moments, step,
// epoch, random state, history), so a resumed run continues exactly where the saved one stopped.
import type { TransformerConfig } from './config.js';
import { emaUpdate, initEma } from './ema.js';
import { addSentence, emptyCounts, finishMetrics, type EvalMetrics } from './metrics.js';
import { TransformerModel, type ForwardResult, type Sample } from './model.js';
import {
  initOptimizerState,
  optimizerStep,
  settingsForEpoch,
  type OptimizerSettings,
  type OptimizerState,
} from './optimizer.js';
import { convertParams, initParams, tensors, zerosLike, type ModelParams } from './params.js';
import { precisionByName, type Arr, type Precision, type PrecisionName } from './precision.js';
import { Rng } from './rng.js';

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  seconds: number;
  /** CPU seconds of this process during the epoch (absent in checkpoints written before it existed). */
  cpuSeconds?: number;
  msPerSample: number;
  eval: Record<string, EvalMetrics>;
}

export interface CurvePoint {
  step: number;
  loss: number;
}

export interface ProgressInfo {
  epoch: number;
  done: number;
  total: number;
  meanLoss: number;
  msPerSample: number;
}

export interface TrainerMeta {
  format: 'ttforge-train';
  precision: PrecisionName;
  config: TransformerConfig;
  optimizer: OptimizerSettings;
  seed: number;
  step: number;
  /** Completed epochs. */
  epoch: number;
  rngState: number;
  history: EpochRecord[];
  curve: CurvePoint[];
  /** Whatever the caller stores with the run (token table, label tables, data source). */
  extra: unknown;
}

export class Trainer {
  readonly model: TransformerModel;
  readonly grads: ModelParams;
  step = 0;
  epoch = 0;
  history: EpochRecord[] = [];
  curve: CurvePoint[] = [];
  /** The parameters' moving average when `optimizer.emaDecay` is set; evaluation uses it. */
  readonly ema: ModelParams | undefined;

  private constructor(
    readonly P: Precision,
    readonly cfg: TransformerConfig,
    readonly optimizer: OptimizerSettings,
    readonly seed: number,
    params: ModelParams,
    public opt: OptimizerState,
    readonly rng: Rng,
  ) {
    this.model = new TransformerModel(P, cfg, params);
    this.grads = zerosLike(P, params);
    this.ema = optimizer.emaDecay ? initEma(P, params) : undefined;
  }

  /** Fresh parameters from `seed` (float64 init, rounded once for fp32). */
  static create(
    P: Precision,
    cfg: TransformerConfig,
    optimizer: OptimizerSettings,
    seed: number,
    params?: ModelParams,
  ): Trainer {
    const p = convertParams(P, params ?? initParams(cfg, seed));
    return new Trainer(P, cfg, optimizer, seed, p, initOptimizerState(P, optimizer, p), new Rng(seed ^ 0x5eed));
  }

  get params(): ModelParams {
    return this.model.params;
  }

  /** One sample: zero gradients, forward, backward, update. */
  trainStep(s: Sample): ForwardResult {
    for (const t of tensors(this.grads)) t.data.fill(0);
    const res = this.model.forwardBackward(this.withWordDropout(s), this.grads);
    optimizerStep(this.P, settingsForEpoch(this.optimizer, this.epoch), this.opt, this.model.params, this.grads);
    this.step++;
    if (this.ema) emaUpdate(this.P, this.optimizer.emaDecay!, this.step, this.ema, this.model.params);
    return res;
  }

  /** The sample with words replaced by UNK at the configured rate (the sample itself when off). */
  private withWordDropout(s: Sample): Sample {
    const p = this.optimizer.wordDropout;
    return p ? { ...s, tokens: dropWords(s.tokens, p, this.optimizer.unkToken ?? 1, this.rng) } : s;
  }

  /** One pass over `samples` in a shuffled order; records a curve point every `curveEvery` steps. */
  trainEpoch(
    samples: readonly Sample[],
    opts: { curveEvery?: number; progressEvery?: number; onProgress?: (p: ProgressInfo) => void } = {},
  ): { meanLoss: number; seconds: number; cpuSeconds: number } {
    const order = this.rng.shuffle(samples.map((_, i) => i));
    const every = opts.curveEvery ?? 100;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let total = 0,
      chunk = 0,
      chunkN = 0;
    order.forEach((idx, n) => {
      const loss = this.trainStep(samples[idx]!).loss;
      total += loss;
      chunk += loss;
      chunkN++;
      if (chunkN === every || n === order.length - 1) {
        this.curve.push({ step: this.step, loss: chunk / chunkN });
        chunk = 0;
        chunkN = 0;
      }
      if (opts.onProgress && ((n + 1) % (opts.progressEvery ?? 500) === 0 || n === order.length - 1)) {
        const ms = performance.now() - t0;
        opts.onProgress({
          epoch: this.epoch + 1,
          done: n + 1,
          total: order.length,
          meanLoss: total / (n + 1),
          msPerSample: ms / (n + 1),
        });
      }
    });
    this.epoch++;
    const cpu = process.cpuUsage(cpu0);
    return {
      meanLoss: total / Math.max(1, samples.length),
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }

  /**
   * Metrics over `samples` with the averaged parameters when there are any (`averaged` false: the
   * training weights); with `slotLabels`, also the span-level slot F1.
   */
  evaluate(samples: readonly Sample[], oClass: number, slotLabels?: readonly string[], averaged = true): EvalMetrics {
    const c = emptyCounts();
    const model = averaged && this.ema ? new TransformerModel(this.P, this.cfg, this.ema) : this.model;
    for (const s of samples) addSentence(c, oClass, s, model.forward(s), slotLabels);
    return finishMetrics(c);
  }

  /** The complete training state. */
  checkpoint(extra: unknown): { meta: TrainerMeta; arrays: { name: string; data: Arr }[] } {
    const arrays = tensors(this.params).map((t) => ({ name: `param.${t.name}`, data: t.data }));
    if (this.opt.m && this.opt.v) {
      arrays.push(...tensors(this.opt.m).map((t) => ({ name: `adam.m.${t.name}`, data: t.data })));
      arrays.push(...tensors(this.opt.v).map((t) => ({ name: `adam.v.${t.name}`, data: t.data })));
    }
    if (this.ema) arrays.push(...tensors(this.ema).map((t) => ({ name: `ema.${t.name}`, data: t.data })));
    return {
      meta: {
        format: 'ttforge-train',
        precision: this.P.name,
        config: this.cfg,
        optimizer: this.optimizer,
        seed: this.seed,
        step: this.step,
        epoch: this.epoch,
        rngState: this.rng.state,
        history: this.history,
        curve: this.curve,
        extra,
      },
      arrays,
    };
  }

  static restore(meta: TrainerMeta, arrays: Map<string, Arr>): Trainer {
    if (meta.format !== 'ttforge-train') throw new Error('checkpoint is not a training checkpoint');
    const P = precisionByName(meta.precision);
    const t = Trainer.create(P, meta.config, meta.optimizer, meta.seed);
    const fill = (prefix: string, p: ModelParams) => {
      for (const x of tensors(p)) {
        const src = arrays.get(prefix + x.name);
        if (!src || src.length !== x.data.length)
          throw new Error(`checkpoint lacks ${prefix}${x.name} or has the wrong size`);
        x.data.set(src);
      }
    };
    fill('param.', t.params);
    if (t.opt.m && t.opt.v) {
      fill('adam.m.', t.opt.m);
      fill('adam.v.', t.opt.v);
    }
    if (t.ema) fill('ema.', t.ema);
    t.opt.step = meta.step;
    t.step = meta.step;
    t.epoch = meta.epoch;
    t.rng.state = meta.rngState;
    t.history = meta.history;
    t.curve = meta.curve;
    return t;
  }
}

/** A copy of `tokens` with each word after the classification token replaced by `unk` with probability p. */
export function dropWords(tokens: Int32Array, p: number, unk: number, rng: Rng): Int32Array {
  const out = Int32Array.from(tokens);
  for (let t = 1; t < out.length; t++) if (rng.next() < p) out[t] = unk;
  return out;
}
