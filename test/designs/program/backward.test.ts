// The compiled forward + backward program equals the FP32 model's forwardBackward bit for bit: every
// parameter gradient (TTM embedding cores, positions, every TT core and bias, LayerNorms, both dense
// classifiers), tiny preset 1 and 2 layers at lengths 1, 5, 8 (a repeated token included), small 2 layers at 32.
import assert from 'node:assert/strict';
import { compileSampleForward, loadParams, writeHostInputs } from '../../../designs/program/compile-model.js';
import { runProgram } from '../../../designs/program/interpreter.js';
import { TransformerModel } from '../../../designs/transformer/model.js';
import { convertParams, initParams, tensors, zerosLike } from '../../../designs/transformer/params.js';
import { FP32 } from '../../../designs/transformer/precision.js';
import { presetConfig } from '../../../designs/transformer/presets.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { firstMismatch, randomSample } from './model-trace.js';

describe('program/backward: compiled gradients vs the FP32 model', () => {
  const cases: [string, number, number[]][] = [
    ['tiny', 1, [1, 5, 8]],
    ['tiny', 2, [1, 5, 8]],
    ['small', 2, [32]],
  ];
  for (const [preset, layers, lengths] of cases) {
    const cfg = presetConfig(preset, { layers });
    for (const T of lengths) {
      it(`${preset}, ${layers} layer(s), length ${T}: every parameter gradient bit-exact`, () => {
        const params = convertParams(FP32, initParams(cfg, 5 + layers));
        for (const t of tensors(params))
          if (/gamma|beta|bias|\.b$/.test(t.name))
            for (let i = 0; i < t.data.length; i++) t.data[i] = Math.fround(t.data[i]! + 0.3 * Math.cos(2 + i));
        const s = randomSample(new Rng(T * 13 + layers), cfg.vocab, cfg.intents, cfg.slots, T);
        if (T >= 5) s.tokens[4] = s.tokens[1]!; // a repeated token accumulates into the same slices
        const model = new TransformerModel(FP32, cfg, params);
        const grads = zerosLike(FP32, params);
        model.forwardBackward(s, grads);
        const prog = compileSampleForward(cfg, s.tokens, { backward: true });
        const image = prog.layout.newImage();
        loadParams(prog.layout, image, params);
        writeHostInputs(prog, image, s);
        runProgram(prog.program, image);
        let nonZero = 0;
        for (const t of tensors(grads)) {
          const got = prog.layout.read(image, `grad.${t.name}`);
          const bad = firstMismatch(t.data as Float32Array, got);
          assert.equal(bad, undefined, `grad ${t.name}: ${bad}`);
          if (t.data.some((x) => x !== 0)) nonZero++;
        }
        assert.ok(nonZero > tensors(grads).length / 2, `only ${nonZero} non-zero gradients`);
      });
    }
  }
});
