// The compiled forward program run in the instruction-set interpreter equals the FP32 model bit for
// bit: every tensor the model computes (embedding, each TT merge, Z and Y, attention probabilities,
// LayerNorm xhat and rstd, GELU, both heads and both cross-entropy gradients), tiny preset, 1 and 2
// layers, lengths 1, 5 and the maximum; small preset, 2 layers, lengths 12 and 32 (the maximum).
import assert from 'node:assert/strict';
import type { FfnSchedule } from '../../../designs/program/compile-ffn.js';
import { compileSampleForward, loadParams, writeHostInputs } from '../../../designs/program/compile-model.js';
import { runProgram } from '../../../designs/program/interpreter.js';
import { TransformerModel } from '../../../designs/transformer/model.js';
import { convertParams, initParams, tensors } from '../../../designs/transformer/params.js';
import { FP32 } from '../../../designs/transformer/precision.js';
import { presetConfig } from '../../../designs/transformer/presets.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { expectedForward, firstMismatch, randomSample } from './model-trace.js';

describe('program/forward: compiled forward program vs the FP32 model', () => {
  const cases: [string, number, number[], FfnSchedule?][] = [
    ['tiny', 1, [1, 5, 8]],
    ['tiny', 2, [1, 5, 8]],
    ['small', 2, [12, 17, 32]],
    ['tiny', 2, [7], { blockTokens: 3, passes: 2 }],
  ];
  for (const [preset, layers, lengths, ffn] of cases) {
    const cfg = presetConfig(preset, { layers });
    for (const T of lengths) {
      it(`${preset}, ${layers} layer(s), length ${T}${ffn ? `, FFN blocks of ${ffn.blockTokens}` : ''}: every forward tensor bit-exact`, () => {
        const params = convertParams(FP32, initParams(cfg, 11 + layers));
        // Non-trivial LayerNorm and bias values, so no term is a special case.
        for (const t of tensors(params))
          if (/gamma|beta|bias|\.b$/.test(t.name))
            for (let i = 0; i < t.data.length; i++) t.data[i] = Math.fround(t.data[i]! + 0.3 * Math.sin(1 + i));
        const model = new TransformerModel(FP32, cfg, params);
        const s = randomSample(new Rng(T * 7 + layers), cfg.vocab, cfg.intents, cfg.slots, T);
        const prog = compileSampleForward(cfg, s.tokens, ffn ? { ffn } : {});
        const image = prog.layout.newImage();
        loadParams(prog.layout, image, params);
        writeHostInputs(prog, image, s);
        runProgram(prog.program, image);
        const expected = expectedForward(model, s, prog);
        assert.ok(expected.length > (T > 1 ? 40 : 30) * layers, `only ${expected.length} tensors checked`);
        for (const e of expected) {
          const got = image.subarray(e.base, e.base + e.want.length);
          const bad = firstMismatch(e.want, got);
          assert.equal(bad, undefined, `${e.name}: ${bad}`);
        }
        // Not vacuous: the checked gradients are not all zero.
        assert.ok(expected.find((e) => e.name === 'intent.dLogits')!.want.some((x) => x !== 0));
      });
    }
  }
});
