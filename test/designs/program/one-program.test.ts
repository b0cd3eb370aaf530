// ONE program compiled for maxTokens (compile-one.ts) runs consecutive samples of every length: the
// length and the token ids come from the input record (input-record.ts) at run time. After every sample
// every parameter, gradient and Adam moment equals the FP32 Trainer's trainStep bit for bit (the
// non-persistent words set to NaN between samples, each reused region poisoned before its first
// instruction, as training.test.ts does for per-length programs). The program at each length is the
// per-length program instruction for instruction (labels, opcodes, extents), and so are its cycles.
import assert from 'node:assert/strict';
import type { FfnSchedule } from '../../../designs/program/compile-ffn.js';
import { compileTrainingStep, loadParams } from '../../../designs/program/compile-model.js';
import { compileOneProgram } from '../../../designs/program/compile-one.js';
import { programCost } from '../../../designs/program/cycle-model.js';
import { poisonOnReuse, stateMismatches } from '../../../designs/program/host.js';
import { HOST_LENGTH, HOST_TOKENS } from '../../../designs/program/input-record.js';
import { ProgramError } from '../../../designs/program/interpreter.js';
import type { ProgramInstruction } from '../../../designs/program/isa.js';
import { programAtLength, runOneProgram, runOneTrainingStep } from '../../../designs/program/run-one.js';
import { defaultAdam, type OptimizerSettings } from '../../../designs/transformer/optimizer.js';
import { convertParams, initParams } from '../../../designs/transformer/params.js';
import { FP32 } from '../../../designs/transformer/precision.js';
import { presetConfig } from '../../../designs/transformer/presets.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { Trainer } from '../../../designs/transformer/trainer.js';
import { randomSample } from './model-trace.js';

const shapeOf = (ins: ProgramInstruction) =>
  `${ins.label} ${ins.op} ${ins.m}x${ins.n}${ins.op === 'gemm' ? `x${ins.k}${ins.accumulate ? '+' : ''}` : ''}`;

describe('program/one-program: one program for every length and token', () => {
  const cases: [string, number, OptimizerSettings, number[], FfnSchedule?, 'mean'?][] = [
    ['tiny', 1, { kind: 'sgd', lr: 0.05 }, [1, 2, 7, 8, 3]],
    ['tiny', 2, { ...defaultAdam(3e-3), warmupSteps: 3 }, [8, 1, 7, 2]],
    ['tiny', 2, defaultAdam(1e-2), [5, 8, 1, 7], { blockTokens: 3, passes: 2 }],
    ['small', 1, defaultAdam(), [1, 2, 31, 32, 17]],
    ['small', 2, { kind: 'sgd', lr: 0.01 }, [17, 32, 1]],
    // The intent head on the mean of the rows: r(1/T) from a per-length table of constants (kByLength).
    ['tiny', 2, defaultAdam(1e-2), [8, 1, 5, 2], undefined, 'mean'],
  ];
  for (const [preset, layers, settings, lengths, ffn, pooling] of cases) {
    const what = `${settings.kind}${settings.warmupSteps ? ' with warmup' : ''}${ffn ? `, FFN ${ffn.blockTokens}/${ffn.passes}` : ''}${pooling ? ', intent on the mean' : ''}`;
    it(`${preset}, ${layers} layer(s), ${what}, lengths ${lengths.join(', ')}: bit-exact after every sample`, () => {
      const cfg = { ...presetConfig(preset, { layers }), ...(pooling ? { intentPooling: pooling } : {}) };
      const one = compileOneProgram(cfg, settings.kind, ffn ? { ffn } : {});
      const trainer = Trainer.create(FP32, cfg, settings, 1, convertParams(FP32, initParams(cfg, 7 + layers)));
      const image = one.layout.newImage();
      loadParams(one.layout, image, trainer.params);
      const rng = new Rng(lengths.length * 13 + layers);
      const samples = lengths.map((T) => randomSample(rng, cfg.vocab, cfg.intents, cfg.slots, T));
      const long = samples.find((s) => s.tokens.length > 4)!;
      long.tokens[4] = long.tokens[1]!; // a repeated token
      samples.forEach((s, i) => {
        image.fill(Number.NaN, one.persistentWords);
        runOneTrainingStep(one, image, s, settings, i + 1, {
          after: poisonOnReuse({ ...one, T: cfg.maxTokens }, image),
        });
        trainer.trainStep(s);
        const { mismatches } = stateMismatches(one, image, {
          params: trainer.params,
          grads: trainer.grads,
          ...trainer.opt,
        });
        const shown = mismatches
          .slice(0, 3)
          .map((x) => `${x.region} word ${x.word}: model ${x.want}, program ${x.got}`);
        assert.deepEqual(shown, [], `after sample ${i + 1} (length ${s.tokens.length})`);
      });
    });
  }

  it('at every length it is the per-length program (labels, opcodes, extents), each instruction at its cycles', () => {
    const cfg = presetConfig('tiny', { layers: 2 });
    const one = compileOneProgram(cfg, 'adam');
    for (let T = 1; T <= cfg.maxTokens; T++) {
      const per = compileTrainingStep(cfg, new Int32Array(T), 'adam');
      const at = programAtLength(one, T);
      assert.deepEqual(at.program.map(shapeOf), per.program.map(shapeOf), `length ${T}`);
      assert.deepEqual(at.stages, per.stages, `stages at length ${T}`);
      // Every instruction costs what it costs per length; the record's labels sit in the small memory
      // (persistent) instead of the lane memory, which frees a lane port, so the total may only drop.
      const [a, p] = [programCost(at), programCost(per)];
      assert.deepEqual(
        a.instructions.map((c) => c.cycles),
        p.instructions.map((c) => c.cycles),
        `cycles at length ${T}`,
      );
      assert.ok(a.total <= p.total && a.total >= p.total - 100, `length ${T}: ${a.total} vs ${p.total}`);
    }
  });

  it('plans the T x T blocks for maxTokens: no bank conflict at any length up to 34 (stride 35)', () => {
    // maxTokens 34 = 2 x 17: a row stride of T or maxTokens would put a T x T block's column on one bank.
    const cfg = { ...presetConfig('small', { layers: 1 }), maxTokens: 34 };
    const one = compileOneProgram(cfg, 'sgd');
    const conflicts = Array.from(
      { length: cfg.maxTokens },
      (_, i) => programCost(programAtLength(one, i + 1)).bankConflicts,
    );
    assert.deepEqual(conflicts, new Array(cfg.maxTokens).fill(0));
  });

  it('refuses a length outside 1..maxTokens and a token outside the table before touching memory (TTF193)', () => {
    const cfg = presetConfig('tiny', { layers: 1 });
    const one = compileOneProgram(cfg, 'sgd');
    const image = one.layout.newImage();
    const before = Float32Array.from(image);
    const run = (length: number, token: number) => {
      one.layout.write(image, HOST_LENGTH, [length]);
      one.layout.read(image, HOST_TOKENS).fill(token);
      before.set(image);
      assert.throws(() => runOneProgram(one, image), ProgramError);
      assert.deepEqual(image, before);
    };
    for (const T of [0, cfg.maxTokens + 1, 2.5, Number.NaN]) run(T, 0);
    for (const v of [-1, cfg.vocab, 1.5]) run(3, v);
  });
});
