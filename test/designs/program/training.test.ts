// Several consecutive training samples of different lengths, each its own program, over ONE memory image
// (parameters, gradients, Adam's moments carried; everything else overwritten with NaN between samples
// so no program can lean on a previous sample's words): after every sample every parameter, gradient and
// Adam moment equals the FP32 Trainer's trainStep bit for bit. The programs reuse memory by lifetime
// (reuse.ts), and each reused region is also filled with NaN right before its first instruction. Tiny and small presets, 1-3 layers, SGD
// and Adam (one with a warmup schedule), lengths 1 to 32.
import assert from 'node:assert/strict';
import type { FfnSchedule } from '../../../designs/program/compile-ffn.js';
import { type SampleProgram, compileTrainingStep, loadParams } from '../../../designs/program/compile-model.js';
import { ProgramBuilder } from '../../../designs/program/builder.js';
import { poisonOnReuse, runTrainingStep, sharedImage, stateMismatches } from '../../../designs/program/host.js';
import { defaultAdam, type OptimizerSettings } from '../../../designs/transformer/optimizer.js';
import { convertParams, initParams, tensors } from '../../../designs/transformer/params.js';
import { FP32 } from '../../../designs/transformer/precision.js';
import { presetConfig } from '../../../designs/transformer/presets.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { Trainer } from '../../../designs/transformer/trainer.js';
import { randomSample } from './model-trace.js';

function check(trainer: Trainer, prog: SampleProgram, image: Float32Array, after: string): void {
  const { mismatches, words } = stateMismatches(prog, image, {
    params: trainer.params,
    grads: trainer.grads,
    ...trainer.opt,
  });
  const shown = mismatches.slice(0, 3).map((x) => `${x.region} word ${x.word}: model ${x.want}, program ${x.got}`);
  assert.deepEqual(shown, [], after);
  assert.ok(words >= tensors(trainer.params).reduce((n, t) => n + t.data.length, 0));
}

describe('program/training: consecutive samples vs the FP32 trainer', () => {
  const adamWarm: OptimizerSettings = { ...defaultAdam(3e-3), warmupSteps: 3 };
  const cases: [string, number, OptimizerSettings, number[], FfnSchedule?][] = [
    ['tiny', 1, { kind: 'sgd', lr: 0.05 }, [5, 1, 8, 3]],
    ['tiny', 1, defaultAdam(1e-2), [5, 1, 8, 3]],
    ['tiny', 2, adamWarm, [8, 2, 6, 1]],
    ['tiny', 3, { kind: 'sgd', lr: 0.02 }, [3, 8, 1]],
    ['tiny', 3, defaultAdam(1e-2), [1, 7, 4]],
    ['small', 1, defaultAdam(), [12, 17, 32, 1]],
    ['small', 2, { kind: 'sgd', lr: 0.01 }, [32, 1, 9]],
    ['small', 3, defaultAdam(), [7, 2, 32]],
    // Other FFN schedules: blocks that do not divide the length, two backward passes.
    ['tiny', 2, defaultAdam(1e-2), [5, 8, 1], { blockTokens: 3, passes: 2 }],
    ['tiny', 1, { kind: 'sgd', lr: 0.05 }, [7, 2], { blockTokens: 2, passes: 1 }],
    ['small', 1, defaultAdam(), [32, 9], { blockTokens: 4, passes: 2 }],
  ];
  for (const [preset, layers, settings, lengths, ffn] of cases) {
    const what = `${settings.warmupSteps ? `${settings.kind} with warmup` : settings.kind}${ffn ? `, FFN blocks of ${ffn.blockTokens} in ${ffn.passes} pass(es)` : ''}`;
    it(`${preset}, ${layers} layer(s), ${what}, lengths ${lengths.join(', ')}: parameters and moments bit-exact after every sample`, () => {
      const cfg = presetConfig(preset, { layers });
      const params = convertParams(FP32, initParams(cfg, 11 + layers));
      const trainer = Trainer.create(FP32, cfg, settings, 1, params);
      const initial = tensors(trainer.params).map((t) => Float32Array.from(t.data));
      const rng = new Rng(layers * 31 + lengths.length);
      const samples = lengths.map((T) => randomSample(rng, cfg.vocab, cfg.intents, cfg.slots, T));
      samples[0]!.tokens[Math.min(3, lengths[0]! - 1)] = samples[0]!.tokens[0]!; // a repeated token
      const progs = samples.map((s) => compileTrainingStep(cfg, s.tokens, settings.kind, ffn ? { ffn } : {}));
      const image = sharedImage(progs);
      loadParams(progs[0]!.layout, image, trainer.params);
      const persistent = progs[0]!.persistentWords;
      samples.forEach((s, i) => {
        image.fill(Number.NaN, persistent);
        runTrainingStep(progs[i]!, image, s, settings, i + 1, { after: poisonOnReuse(progs[i]!, image) });
        trainer.trainStep(s);
        check(trainer, progs[i]!, image, `after sample ${i + 1} (length ${s.tokens.length})`);
      });
      // Every tensor moved (a program that skipped an update would fail above only if the trainer moved it).
      const still = tensors(trainer.params).filter((t, k) => t.data.every((x, j) => x === initial[k]![j]));
      assert.deepEqual(
        still.map((t) => t.name),
        [],
      );
    });
  }

  // The intent head on the mean of the rows (intentPooling 'mean', an ATIS recipe candidate, issue #20).
  for (const [preset, layers, lengths] of [
    ['tiny', 2, [5, 1, 8, 3]],
    ['small', 1, [12, 1, 32]],
  ] as const)
    it(`${preset}, ${layers} layer(s), intent head on the mean of the rows, lengths ${lengths.join(', ')}: bit-exact after every sample`, () => {
      const cfg = { ...presetConfig(preset, { layers }), intentPooling: 'mean' as const, intentLabelSmoothing: 0.1 };
      const settings = defaultAdam(1e-2);
      const trainer = Trainer.create(FP32, cfg, settings, 1, convertParams(FP32, initParams(cfg, 5)));
      const rng = new Rng(lengths.length * 7 + layers);
      const samples = lengths.map((T) => randomSample(rng, cfg.vocab, cfg.intents, cfg.slots, T));
      const progs = samples.map((s) => compileTrainingStep(cfg, s.tokens, settings.kind));
      assert.ok(progs[0]!.program.some((i) => 'label' in i && i.label === 'intent mean: x 1/T'));
      const image = sharedImage(progs);
      loadParams(progs[0]!.layout, image, trainer.params);
      samples.forEach((s, i) => {
        image.fill(Number.NaN, progs[0]!.persistentWords);
        runTrainingStep(progs[i]!, image, s, settings, i + 1, { after: poisonOnReuse(progs[i]!, image) });
        trainer.trainStep(s);
        check(trainer, progs[i]!, image, `after sample ${i + 1} (length ${s.tokens.length})`);
      });
    });

  it("fails without the gradient zeroing (the second sample would add onto the first one's gradients)", () => {
    const cfg = presetConfig('tiny', { layers: 1 });
    const settings: OptimizerSettings = { kind: 'sgd', lr: 0.05 };
    const trainer = Trainer.create(FP32, cfg, settings, 1, convertParams(FP32, initParams(cfg, 3)));
    const rng = new Rng(9);
    const samples = [4, 6].map((T) => randomSample(rng, cfg.vocab, cfg.intents, cfg.slots, T));
    const progs = samples.map((s) => compileTrainingStep(cfg, s.tokens, 'sgd'));
    for (const p of progs) p.program = p.program.filter((ins) => !ins.label?.startsWith('zero grad.'));
    const image = sharedImage(progs);
    loadParams(progs[0]!.layout, image, trainer.params);
    samples.forEach((s, i) => {
      runTrainingStep(progs[i]!, image, s, settings, i + 1);
      trainer.trainStep(s);
    });
    assert.throws(() => check(trainer, progs[1]!, image, 'after sample 2'), /after sample 2/);
  });

  it('refuses mismatched optimizers, step 0, a short image and an undeclared constant', () => {
    const cfg = presetConfig('tiny', { layers: 1 });
    const s = randomSample(new Rng(1), cfg.vocab, cfg.intents, cfg.slots, 3);
    const sgd = compileTrainingStep(cfg, s.tokens, 'sgd'),
      adam = compileTrainingStep(cfg, s.tokens, 'adam');
    const image = sharedImage([adam]);
    assert.throws(
      () => runTrainingStep(adam, image, s, { kind: 'sgd', lr: 1 }, 1),
      /compiled for adam, settings are sgd/,
    );
    assert.throws(() => runTrainingStep(adam, image, s, defaultAdam(), 0), /steps count from 1/);
    assert.throws(() => runTrainingStep(adam, image.subarray(0, 10), s, defaultAdam(), 1), /image of 10 words/);
    assert.throws(() => sharedImage([sgd, adam]), /place the persistent regions differently/);
    const b = new ProgramBuilder();
    b.seal();
    assert.throws(() => b.constant({ name: 'const.late', values: [1] }), /not declared before seal/);
  });
});
