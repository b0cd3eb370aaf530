// One training run as the CLI and the ATIS bench drive it: data (a directory or the synthetic set),
// model, resume from a checkpoint, epochs with evaluation, and the files written after every epoch:
//   <out>/checkpoint.bin  complete training state (atomic replace)
//   <out>/metrics.json    configuration and per-epoch metrics
//   <out>/loss.svg        the loss curve
import { fitModelToAtis } from '../atis/paper-data.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AtisCorpus } from '../atis/corpus.js';
import { prepareAtis, type PreparedAtis } from '../atis/dataset.js';
import { loadAtis } from '../atis/load.js';
import { UNK_ID } from '../atis/tokenizer.js';
import { syntheticAtis } from '../atis/synthetic.js';
import { validateConfig, type IntentPooling, type TransformerConfig } from './config.js';
import type { EvalMetrics } from './metrics.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { lossCurveSvg } from './loss-curve-svg.js';
import { defaultAdam, type OptimizerSettings } from './optimizer.js';
import { parameterCount } from './params.js';
import { precisionByName } from './precision.js';
import { presetConfig } from './presets.js';
import { Trainer, type EpochRecord, type TrainerMeta } from './trainer.js';

export interface TrainRunOptions {
  /** ATIS directory; undefined = the synthetic set. */
  dataDir?: string | undefined;
  preset: string;
  /** A full configuration instead of the preset (its intents/slots are refitted to the data). */
  config?: TransformerConfig | undefined;
  layers: number;
  rank: number;
  /** Total epochs to reach (a resumed run continues up to this number). */
  epochs: number;
  precision: string;
  optimizer: 'adam' | 'sgd';
  lr: number;
  /** Per-epoch learning-rate factor (default 1). */
  lrDecay?: number | undefined;
  /** Linear learning-rate warmup over this many steps (default 0: none). */
  warmupSteps?: number | undefined;
  /** Cosine decay of the rate to 0 over this many epochs of the training set (after the warmup). */
  cosineEpochs?: number | undefined;
  /** Evaluate a moving average of the parameters with this per-step decay (default: none). */
  emaDecay?: number | undefined;
  /** Label smoothing of the intent target (default 0). */
  intentLabelSmoothing?: number | undefined;
  /** The intent head's input (default 'first': the classification token's row). */
  intentPooling?: IntentPooling | undefined;
  /** Probability of replacing a training word by UNK (default 0). */
  wordDropout?: number | undefined;
  seed: number;
  outDir: string;
  resume: boolean;
  /** Use only the first N training sentences. */
  limit?: number | undefined;
  /** Stop before an epoch that would end after this many seconds of training (bench time budget). */
  timeBudgetSeconds?: number | undefined;
  /**
   * Which clock the budget counts: 'wall' (default) or 'cpu', this process's CPU time, which on a quiet
   * machine is the wall time of a one-thread trainer and does not shrink when other jobs share the cores.
   */
  budgetClock?: 'wall' | 'cpu' | undefined;
  progressEvery?: number;
  log: (line: string) => void;
}

interface RunExtra {
  source: string;
  tokens: string[];
  intentLabels: string[];
  slotLabels: string[];
  limit: number | null;
}

export interface TrainRunResult {
  trainer: Trainer;
  data: PreparedAtis;
  history: EpochRecord[];
  files: { checkpoint: string; metrics: string; svg: string };
  secondsTraining: number;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
export const formatMetrics = (m: EvalMetrics) =>
  `loss ${m.loss.toFixed(4)} intent ${pct(m.intentAccuracy)} slot-acc ${pct(m.slotAccuracy)} slot-F1 ${pct(m.slotF1)} span-F1 ${pct(m.slotSpanF1)} exact ${pct(m.exactMatch)}`;

export function runTraining(o: TrainRunOptions): TrainRunResult {
  const files = {
    checkpoint: path.join(o.outDir, 'checkpoint.bin'),
    metrics: path.join(o.outDir, 'metrics.json'),
    svg: path.join(o.outDir, 'loss.svg'),
  };
  const corpus: AtisCorpus = o.dataDir ? loadAtis(o.dataDir) : syntheticAtis({ seed: o.seed });
  mkdirSync(o.outDir, { recursive: true });
  let trainer: Trainer;
  let data: PreparedAtis;
  if (o.resume && existsSync(files.checkpoint)) {
    const { meta, arrays } = loadCheckpoint(files.checkpoint);
    const m = meta as TrainerMeta;
    const extra = m.extra as RunExtra;
    if (extra.source !== corpus.source)
      throw new Error(`checkpoint was trained on ${extra.source}, not ${corpus.source}`);
    trainer = Trainer.restore(m, arrays);
    data = prepareAtis(
      { ...corpus, intentLabels: extra.intentLabels, slotLabels: extra.slotLabels },
      { tokens: extra.tokens, maxTokens: m.config.maxTokens },
    );
    o.log(
      `resumed ${files.checkpoint}: ${trainer.epoch} epoch(s), ${trainer.step} steps done; model settings come from the checkpoint`,
    );
  } else {
    if (o.resume) o.log(`no checkpoint at ${files.checkpoint}: starting a new run`);
    const base = o.config ?? presetConfig(o.preset, { layers: o.layers, rank: o.rank });
    const prepared = fitModelToAtis(base, corpus);
    data = prepared.data;
    const fitted = prepared.cfg;
    const cfg: TransformerConfig = { ...fitted };
    if (o.intentLabelSmoothing) cfg.intentLabelSmoothing = o.intentLabelSmoothing;
    if (o.intentPooling && o.intentPooling !== 'first') cfg.intentPooling = o.intentPooling;
    validateConfig(cfg);
    const opt: OptimizerSettings = o.optimizer === 'adam' ? defaultAdam(o.lr) : { kind: 'sgd', lr: o.lr };
    if (o.lrDecay !== undefined && o.lrDecay !== 1) opt.lrDecay = o.lrDecay;
    if (o.warmupSteps) opt.warmupSteps = o.warmupSteps;
    if (o.cosineEpochs) {
      const perEpoch = o.limit ? Math.min(o.limit, data.train.length) : data.train.length;
      opt.cosineSteps = Math.round(o.cosineEpochs * perEpoch);
    }
    if (o.emaDecay) opt.emaDecay = o.emaDecay;
    if (o.wordDropout) {
      opt.wordDropout = o.wordDropout;
      opt.unkToken = UNK_ID;
    }
    trainer = Trainer.create(precisionByName(o.precision), cfg, opt, o.seed);
  }
  const train = o.limit ? data.train.slice(0, o.limit) : data.train;
  const extra: RunExtra = {
    source: corpus.source,
    tokens: data.table.tokens,
    intentLabels: corpus.intentLabels,
    slotLabels: corpus.slotLabels,
    limit: o.limit ?? null,
  };
  const cfg = trainer.cfg;
  o.log(
    `data ${corpus.source}: ${train.length} train / ${data.dev.length} dev / ${data.test.length} test sentences, ${data.table.tokens.length} tokens, ` +
      `${corpus.intentLabels.length} intents, ${corpus.slotLabels.length} slot tags`,
  );
  o.log(
    `model ${o.config ? 'from --config' : o.preset}: ${cfg.layers} layer(s), d ${cfg.dModel}, ${cfg.heads} heads, d_ff ${cfg.dFF}, TT rank ${cfg.attn.ranks[1]}, ` +
      `${parameterCount(trainer.params)} parameters, ${trainer.P.name}, ${trainer.optimizer.kind} lr ${trainer.optimizer.lr}` +
      (trainer.optimizer.lrDecay ? ` x ${trainer.optimizer.lrDecay}^epoch` : '') +
      (trainer.optimizer.warmupSteps ? `, warmup ${trainer.optimizer.warmupSteps} steps` : '') +
      (trainer.optimizer.cosineSteps ? `, cosine decay to 0 at step ${trainer.optimizer.cosineSteps}` : '') +
      (trainer.optimizer.emaDecay ? `, evaluated with a parameter average (decay ${trainer.optimizer.emaDecay})` : '') +
      (cfg.intentLabelSmoothing ? `, intent label smoothing ${cfg.intentLabelSmoothing}` : '') +
      (cfg.intentPooling === 'mean' ? ', intent head on the mean of all rows' : '') +
      (trainer.optimizer.wordDropout ? `, word dropout ${trainer.optimizer.wordDropout}` : ''),
  );

  const budgetSeconds = (h: EpochRecord): number => (o.budgetClock === 'cpu' ? (h.cpuSeconds ?? h.seconds) : h.seconds);
  let secondsTraining = trainer.history.reduce((s, h) => s + budgetSeconds(h), 0);
  while (trainer.epoch < o.epochs) {
    const last = trainer.history.at(-1);
    if (o.timeBudgetSeconds !== undefined && last && secondsTraining + budgetSeconds(last) > o.timeBudgetSeconds) {
      o.log(
        `time budget: another epoch (~${budgetSeconds(last).toFixed(0)} ${o.budgetClock === 'cpu' ? 'CPU ' : ''}s) would exceed ${o.timeBudgetSeconds} s; stopping`,
      );
      break;
    }
    const r = trainer.trainEpoch(train, {
      progressEvery: o.progressEvery ?? 500,
      onProgress: (p) =>
        o.log(
          `epoch ${p.epoch} ${p.done}/${p.total} loss ${p.meanLoss.toFixed(4)} ${p.msPerSample.toFixed(1)} ms/sample`,
        ),
    });
    secondsTraining += o.budgetClock === 'cpu' ? r.cpuSeconds : r.seconds;
    const evalRes: Record<string, EvalMetrics> = {
      dev: trainer.evaluate(data.dev, data.oClass, data.corpus.slotLabels),
      test: trainer.evaluate(data.test, data.oClass, data.corpus.slotLabels),
    };
    const rec: EpochRecord = {
      epoch: trainer.epoch,
      trainLoss: r.meanLoss,
      seconds: r.seconds,
      cpuSeconds: r.cpuSeconds,
      msPerSample: (1000 * r.seconds) / train.length,
      eval: evalRes,
    };
    trainer.history.push(rec);
    o.log(
      `epoch ${rec.epoch} done in ${r.seconds.toFixed(1)} s (${rec.msPerSample.toFixed(1)} ms/sample), train loss ${r.meanLoss.toFixed(4)}`,
    );
    o.log(`  dev  ${formatMetrics(evalRes.dev!)}`);
    o.log(`  test ${formatMetrics(evalRes.test!)}`);
    const ck = trainer.checkpoint(extra);
    saveCheckpoint(files.checkpoint, ck.meta, ck.arrays);
    writeFileSync(
      files.metrics,
      `${JSON.stringify(
        {
          source: corpus.source,
          preset: o.preset,
          precision: trainer.P.name,
          optimizer: trainer.optimizer,
          config: cfg,
          parameters: parameterCount(trainer.params),
          trainSentences: train.length,
          history: trainer.history,
        },
        null,
        2,
      )}\n`,
    );
    const ends = trainer.history.map((h) => h.epoch * train.length);
    writeFileSync(
      files.svg,
      lossCurveSvg(trainer.curve, {
        title: `training loss: ${o.preset}, ${cfg.layers} layer(s), rank ${cfg.attn.ranks[1]}, ${trainer.P.name}`,
        epochEnds: ends,
      }),
    );
  }
  return { trainer, data, history: trainer.history, files, secondsTraining };
}
