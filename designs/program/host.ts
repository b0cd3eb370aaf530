// What the host does around each sample's program when samples follow one another over one memory
// image: the persistent words (parameters, gradients, optimizer state, constants) stay where they are,
// the host writes the sample's labels and the step's optimizer scalars, and the chip runs the program.
import { type OptimizerSettings, settingsForEpoch } from '../transformer/optimizer.js';
import type { Sample } from '../transformer/model.js';
import { type ModelParams, tensors } from '../transformer/params.js';
import { type SampleProgram, writeHostInputs } from './compile-model.js';
import { writeStepConstants } from './compile-update.js';
import { type RunOptions, runProgram } from './interpreter.js';

/** Throws unless `b` places every persistent region exactly as `a` does (same config and optimizer). */
export function checkSamePersistent(a: SampleProgram, b: SampleProgram): void {
  const persistent = (c: SampleProgram) =>
    c.layout.regions
      .filter((r) => r.base < c.persistentWords)
      .map((r) => `${r.name}@${r.base}+${r.words}`)
      .join(',');
  if (a.persistentWords !== b.persistentWords || persistent(a) !== persistent(b))
    throw new Error(
      `programs of lengths ${a.T} and ${b.T} place the persistent regions differently: compile both with the same configuration and optimizer`,
    );
}

/** A memory image for all these programs (the largest one's words), with the constants in place. */
export function sharedImage(progs: readonly SampleProgram[]): Float32Array {
  const first = progs[0];
  if (!first) throw new Error('no programs');
  for (const p of progs) checkSamePersistent(first, p);
  const largest = progs.reduce((x, p) => (p.layout.words > x.layout.words ? p : x));
  return largest.layout.newImage();
}

export interface StepOptions extends RunOptions {
  /** Epoch (0-based) for the learning-rate decay, as the trainer's settingsForEpoch. */
  epoch?: number;
}

/**
 * One training step on the image: the sample's labels, step t's optimizer scalars (t counts from 1,
 * as OptimizerState.step after its increment), then the program (zero gradients, forward, backward,
 * update). The image must be at least the program's size.
 */
export function runTrainingStep(
  c: SampleProgram,
  image: Float32Array,
  s: Sample,
  settings: OptimizerSettings,
  t: number,
  opts: StepOptions = {},
): void {
  if (c.optimizer !== settings.kind)
    throw new Error(`program compiled for ${c.optimizer ?? 'no optimizer'}, settings are ${settings.kind}`);
  if (image.length < c.layout.words)
    throw new Error(`image of ${image.length} words, the program needs ${c.layout.words}`);
  writeHostInputs(c, image, s);
  writeStepConstants(c.layout, image, settingsForEpoch(settings, opts.epoch ?? 0), t);
  runProgram(c.program, image, opts);
}

export interface StateMismatch {
  region: string;
  word: number;
  want: number;
  got: number;
}

/**
 * Every parameter tensor (and, when given, the sample's gradients and Adam's m and v) against the image's regions, bit for bit
 * (Object.is on the FP32 words: -0 and +0 differ, NaN equals NaN). Returns the first mismatching word
 * of each differing region and the number of words compared.
 */
export function stateMismatches(
  c: Pick<SampleProgram, 'layout'>,
  image: Float32Array,
  state: { params: ModelParams; grads?: ModelParams; m?: ModelParams | undefined; v?: ModelParams | undefined },
): { mismatches: StateMismatch[]; words: number } {
  const groups: [string, ModelParams | undefined][] = [
    ['', state.params],
    ['grad.', state.grads],
    ['opt.m.', state.m],
    ['opt.v.', state.v],
  ];
  const mismatches: StateMismatch[] = [];
  let words = 0;
  for (const [prefix, p] of groups) {
    if (!p) continue;
    for (const t of tensors(p)) {
      const region = prefix + t.name;
      const got = c.layout.read(image, region);
      if (got.length !== t.data.length)
        throw new Error(`region '${region}': ${got.length} words, model ${t.data.length}`);
      const i = t.data.findIndex((x, j) => !Object.is(Math.fround(x), got[j]));
      if (i >= 0) mismatches.push({ region, word: i, want: t.data[i]!, got: got[i]! });
      words += got.length;
    }
  }
  return { mismatches, words };
}

/**
 * For checks: an `after` hook that fills each shared region with NaN just before its first
 * instruction, so a region that reuses words cannot read what their previous owner left there.
 */
export function poisonOnReuse(prog: SampleProgram, image: Float32Array): (index: number) => void {
  const starting = new Map<number, { base: number; words: number }[]>();
  for (const [name, l] of prog.live ?? []) {
    if (l.first < 1) continue;
    const list = starting.get(l.first - 1) ?? [];
    list.push(prog.layout.region(name));
    starting.set(l.first - 1, list);
  }
  return (index) => {
    for (const r of starting.get(index) ?? []) image.fill(Number.NaN, r.base, r.base + r.words);
  };
}
