// Bad input to the program compiler: each refused with TTF192, naming the field and what to change.
import assert from 'node:assert/strict';
import { compileSampleForward } from '../../../designs/program/compile-model.js';
import { CompileInputError } from '../../../designs/program/compile-checks.js';
import { type TransformerConfig, tinyConfig } from '../../../designs/transformer/config.js';

const refusedSample = (cfg: TransformerConfig, tokens: number[], ...msgs: RegExp[]) =>
  assert.throws(
    () => compileSampleForward(cfg, tokens),
    (e: unknown) => e instanceof CompileInputError && /TTF192/.test(e.message) && msgs.every((m) => m.test(e.message)),
  );

const refused = (cfg: TransformerConfig, ...msgs: RegExp[]) => refusedSample(cfg, [1, 2], ...msgs);

describe('program/bad input', () => {
  const cfg = tinyConfig();
  it('shapes that do not multiply out name the field and the product to reach', () => {
    refused(
      { ...cfg, ffn1: { ...cfg.ffn1, outShape: [4, 3] } },
      /ffn1\.outShape \[4,3\] multiplies to 12, but dFF is 16: change the modes so their product is 16/,
    );
    refused(
      { ...cfg, embedding: { ...cfg.embedding, colShape: [2, 2] } },
      /embedding\.colShape \[2,2\] multiplies to 4, but dModel is 8/,
    );
    refused({ ...cfg, heads: 3 }, /dModel 8 is not a multiple of heads 3/);
  });
  it('ranks that do not chain', () => {
    refused(
      { ...cfg, attn: { ...cfg.attn, ranks: [1, 3, 3, 1] } },
      /attn\.ranks \[1,3,3,1\] do not chain 4 cores: give 5 positive integers/,
    );
    refused({ ...cfg, ffn2: { ...cfg.ffn2, ranks: [1, 3, 0, 3, 1] } }, /ffn2\.ranks/);
    refused(
      { ...cfg, embedding: { ...cfg.embedding, ranks: [2, 3, 1] } },
      /embedding\.ranks \[2,3,1\] do not chain 2 cores/,
    );
  });
  it('a length of 0 or over the maximum, a token outside the table', () => {
    refusedSample(cfg, [], /sample length 0: a sample needs at least one token/);
    refusedSample(
      cfg,
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
      /sample length 9 exceeds maxTokens 8: shorten the sample or raise maxTokens/,
    );
    refusedSample(cfg, [1, 40], /token 1 = 40 is outside the table 0\.\.39/);
  });
});
