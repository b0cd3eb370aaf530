// The kernel writes what the whole-model program's host side writes: for programs compiled at several
// lengths (SGD and Adam with warm-up and decay), the kernel's per-sample writes (writeKernelInputs,
// from the input record and an lrTable row) give the same image, word for word, as writeHostInputs +
// writeStepConstants. For the one program of every length (compile-one.ts), the kernel's writes of
// its input record make it train bit-exact with the FP32 trainer.
import assert from 'node:assert/strict';
import { compileTrainingStep, writeHostInputs } from '../../../designs/program/compile-model.js';
import { writeStepConstants } from '../../../designs/program/compile-update.js';
import { writeKernelInputs } from '../../../designs/transformer-kernel/kernel-reference.js';
import { lrTableRows, oneProgramInputMap, programInputMap } from '../../../designs/transformer-kernel/program-map.js';
import { loadParams } from '../../../designs/program/compile-model.js';
import { compileOneProgram } from '../../../designs/program/compile-one.js';
import { stateMismatches } from '../../../designs/program/host.js';
import { runOneProgram } from '../../../designs/program/run-one.js';
import { convertParams, initParams } from '../../../designs/transformer/params.js';
import { FP32 } from '../../../designs/transformer/precision.js';
import { Trainer } from '../../../designs/transformer/trainer.js';
import { randomSample } from '../program/model-trace.js';
import { encodeInputRecords } from '../../../designs/transformer-kernel/sample-record.js';
import { tinyConfig } from '../../../designs/transformer/config.js';
import { defaultAdam, type OptimizerSettings, settingsForEpoch } from '../../../designs/transformer/optimizer.js';
import { Rng } from '../../../designs/transformer/rng.js';

describe('designs/transformer-kernel/program-map (the kernel writes where the program reads)', () => {
  const cfg = tinyConfig({ layers: 1 });
  const settings: OptimizerSettings[] = [
    { kind: 'sgd', lr: 0.05, warmupSteps: 2 },
    { ...defaultAdam(3e-3), warmupSteps: 3, lrDecay: 0.5 },
  ];
  for (const s of settings)
    for (const T of [1, 2, 5, 8])
      it(`${s.kind}, length ${T}: the kernel's writes equal writeHostInputs + writeStepConstants`, () => {
        const rng = new Rng(T * 7 + s.kind.length);
        const tokens = Array.from({ length: T }, () => Math.floor(rng.next() * cfg.vocab));
        const slots = Array.from({ length: T }, (_, t) =>
          t === 0 ? -1 : Math.floor(rng.next() * (cfg.slots + 1)) - 1,
        );
        const sample = { tokens: Int32Array.from(tokens), slots: Int32Array.from(slots), intent: T % cfg.intents };
        const prog = compileTrainingStep(cfg, tokens, s.kind);
        const step = { t: 2 + T, epoch: T % 3 };

        const want = prog.layout.newImage();
        writeHostInputs(prog, want, sample);
        writeStepConstants(prog.layout, want, settingsForEpoch(s, step.epoch), step.t);

        const got = prog.layout.newImage();
        const map = programInputMap(prog);
        const records = encodeInputRecords(cfg, [sample]);
        writeKernelInputs(map, cfg.maxTokens, new Uint32Array(got.buffer), records, 0, lrTableRows(s, [step]));
        const w = new Uint32Array(want.buffer);
        const g = new Uint32Array(got.buffer);
        const i = w.findIndex((x, j) => x !== g[j]);
        assert.equal(i, -1, i < 0 ? '' : `word ${i}: kernel ${g[i]!.toString(16)}, host ${w[i]!.toString(16)}`);
        assert.ok(
          w.some((x, j) => x !== new Uint32Array(prog.layout.newImage().buffer)[j]),
          'the host wrote something',
        );
      });

  it('the one program of every length: the kernel writes its input record, the program runs bit-exact with the trainer', () => {
    const one = compileOneProgram(cfg, 'adam');
    const map = oneProgramInputMap(one);
    const adam: OptimizerSettings = { ...defaultAdam(1e-2), warmupSteps: 2 };
    const trainer = Trainer.create(FP32, cfg, adam, 1, convertParams(FP32, initParams(cfg, 4)));
    const image = one.layout.newImage();
    loadParams(one.layout, image, trainer.params);
    const rng = new Rng(5);
    [1, 2, cfg.maxTokens - 1, cfg.maxTokens, 4].forEach((T, i) => {
      const sample = randomSample(rng, cfg.vocab, cfg.intents, cfg.slots, T);
      image.fill(Number.NaN, one.persistentWords);
      const step = { t: i + 1 };
      writeKernelInputs(
        map,
        cfg.maxTokens,
        new Uint32Array(image.buffer),
        encodeInputRecords(cfg, [sample]),
        0,
        lrTableRows(adam, [step]),
      );
      runOneProgram(one, image);
      trainer.trainStep(sample);
      const { mismatches } = stateMismatches(one, image, {
        params: trainer.params,
        grads: trainer.grads,
        ...trainer.opt,
      });
      assert.deepEqual(mismatches.slice(0, 3), [], `after sample ${i + 1} (length ${T})`);
    });
  });
});
