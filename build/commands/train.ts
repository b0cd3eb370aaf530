// `ttforge train`: trains the tensorized transformer on ATIS (or the synthetic set) with batch 1,
// printing progress and writing a checkpoint, per-epoch metrics and the loss curve after every epoch.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UserError } from '../../dsl/diagnostics.js';
import { validateConfig, type TransformerConfig } from '../../designs/transformer/config.js';
import { PRESETS } from '../../designs/transformer/presets.js';
import { runTraining } from '../../designs/transformer/train-run.js';
import type { Command } from '../command.js';

const usage = `usage: ttforge train [options]

Trains the TT-compressed transformer (intent + slot heads) with batch 1 and writes, after every epoch,
<out>/checkpoint.bin (atomic), <out>/metrics.json and <out>/loss.svg.

  --data DIR         ATIS directory (train/dev/test with seq.in, seq.out, label; intent_label.txt,
                     slot_label.txt). Without it, a synthetic ATIS-like set is generated.
  --model NAME       ${PRESETS.join(' | ')} (default paper: d 768, 12 heads, d_ff 3072)
  --config FILE      a JSON TransformerConfig (designs/transformer/config.ts: d_model, heads, d_ff, TT
                     shapes and ranks, ...) instead of --model/--layers/--rank; intents and slots
                     are set from the data
  --layers L         encoder layers (default 2)
  --rank R           TT rank (default 10 for paper, 4 small, 3 tiny)
  --epochs E         total epochs (a resumed run continues up to E; default 1)
  --precision P      fp64 (float64 reference) | fp32 (hardware-order model) (default fp64)
  --optimizer O      adam | sgd (default adam)
  --lr X             learning rate (default 1e-3 for adam, 1e-2 for sgd)
  --lr-decay F       multiply the learning rate by F after every epoch (default 1)
  --warmup N         raise the learning rate linearly over the first N steps (default 0)
  --lr-cosine E      after the warmup, lower the rate to 0 along half a cosine over E epochs
                     (a schedule sized to the run; use with --epochs E and without --lr-decay)
  --ema D            evaluate (and checkpoint) a moving average of the parameters, per-step decay D
                     such as 0.999 (default: evaluate the training weights)
  --label-smoothing E  smooth the intent target: 1-E+E/n on the label, E/n elsewhere (default 0)
  --intent-pooling M  the intent head's input: first (the classification token's row, default) |
                     mean (the mean of all rows)
  --word-dropout P   replace each training word by UNK with probability P, anew every step (default 0)
  --seed N           initialisation, shuffling and synthetic data seed (default 1)
  --limit N          train on the first N training sentences only
  --out DIR          output directory (default out/train)
  --resume           continue from <out>/checkpoint.bin when it exists`;

function num(name: string, v: string | undefined, fallback: number, integer = true): number {
  if (v === undefined) return fallback;
  const x = Number(v);
  if (!Number.isFinite(x) || (integer && (!Number.isInteger(x) || x < 0)) || x < 0)
    throw new UserError(
      `--${name}: expected a ${integer ? 'non-negative integer' : 'non-negative number'}, got '${v}'`,
    );
  return x;
}

export const command: Command = {
  name: 'train',
  summary: 'train the TT transformer on ATIS (or synthetic data): progress, loss curve, metrics, checkpoints',
  usage,
  async run(argv) {
    // biome-ignore lint/suspicious/noImplicitAnyLet: the type is parseArgs' own, inferred from its options inside the try
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          data: { type: 'string' },
          config: { type: 'string' },
          model: { type: 'string' },
          layers: { type: 'string' },
          rank: { type: 'string' },
          epochs: { type: 'string' },
          precision: { type: 'string' },
          optimizer: { type: 'string' },
          lr: { type: 'string' },
          'lr-decay': { type: 'string' },
          warmup: { type: 'string' },
          'lr-cosine': { type: 'string' },
          ema: { type: 'string' },
          'label-smoothing': { type: 'string' },
          'word-dropout': { type: 'string' },
          'intent-pooling': { type: 'string' },
          seed: { type: 'string' },
          limit: { type: 'string' },
          out: { type: 'string' },
          resume: { type: 'boolean' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (e) {
      throw new UserError(`${(e as Error).message}\n\n${usage}`);
    }
    const model = values.model ?? 'paper';
    if (!(PRESETS as readonly string[]).includes(model))
      throw new UserError(`--model: expected ${PRESETS.join(', ')}, got '${model}'`);
    const precision = values.precision ?? 'fp64';
    if (precision !== 'fp64' && precision !== 'fp32')
      throw new UserError(`--precision: expected fp64 or fp32, got '${precision}'`);
    const optimizer = values.optimizer ?? 'adam';
    if (optimizer !== 'adam' && optimizer !== 'sgd')
      throw new UserError(`--optimizer: expected adam or sgd, got '${optimizer}'`);
    const layers = num('layers', values.layers, 2);
    if (layers < 1) throw new UserError('--layers: at least 1');
    const rank = num('rank', values.rank, model === 'paper' ? 10 : model === 'small' ? 4 : 3);
    if (rank < 1) throw new UserError('--rank: at least 1');
    let config: TransformerConfig | undefined;
    if (values.config !== undefined) {
      try {
        config = JSON.parse(readFileSync(values.config, 'utf8')) as TransformerConfig;
        validateConfig({ ...config, intents: 1, slots: 1 });
      } catch (e) {
        throw new UserError(`--config ${values.config}: ${(e as Error).message}`);
      }
    }
    const emaDecay = values.ema === undefined ? undefined : num('ema', values.ema, 0, false);
    if (emaDecay !== undefined && !(emaDecay > 0 && emaDecay < 1))
      throw new UserError(`--ema: expected a decay between 0 and 1 such as 0.999, got '${values.ema}'`);
    const smoothing = num('label-smoothing', values['label-smoothing'], 0, false);
    if (smoothing >= 1)
      throw new UserError(
        `--label-smoothing: expected a number in [0, 1) such as 0.1, got '${values['label-smoothing']}'`,
      );
    const wordDropout = num('word-dropout', values['word-dropout'], 0, false);
    if (wordDropout >= 1)
      throw new UserError(
        `--word-dropout: expected a probability below 1 such as 0.1, got '${values['word-dropout']}'`,
      );
    const intentPooling = values['intent-pooling'] ?? 'first';
    if (intentPooling !== 'first' && intentPooling !== 'mean')
      throw new UserError(`--intent-pooling: expected first or mean, got '${intentPooling}'`);
    const limit = values.limit === undefined ? undefined : num('limit', values.limit, 0);
    try {
      const res = runTraining({
        dataDir: values.data,
        preset: model,
        config,
        layers,
        rank,
        epochs: num('epochs', values.epochs, 1),
        precision,
        optimizer,
        lr: num('lr', values.lr, optimizer === 'adam' ? 1e-3 : 1e-2, false),
        lrDecay: num('lr-decay', values['lr-decay'], 1, false),
        warmupSteps: num('warmup', values.warmup, 0),
        cosineEpochs: num('lr-cosine', values['lr-cosine'], 0, false) || undefined,
        emaDecay,
        intentLabelSmoothing: smoothing,
        intentPooling,
        wordDropout,
        seed: num('seed', values.seed, 1),
        outDir: values.out ?? 'out/train',
        resume: values.resume ?? false,
        limit,
        log: (l) => console.log(l),
      });
      console.log(`wrote ${res.files.checkpoint}, ${res.files.metrics}, ${res.files.svg}`);
    } catch (e) {
      if (e instanceof UserError) throw e;
      // Data and checkpoint problems are the user's input, not internal errors.
      const msg = (e as Error).message;
      if (/checkpoint|token table|does not exist|ATIS/.test(msg)) throw new UserError(`train: ${msg}`);
      throw e;
    }
    return 0;
  },
};
