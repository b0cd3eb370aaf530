// The nonlinear units' bit-level model must not change when their pipelines change: fingerprints
// (sha256 of every result) over 20k seeded fp32 inputs and every third bf16/fp16 pattern, taken from
// the model before the units got their shallow cut points. A cut only registers values, so any
// difference here is a changed algorithm.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { bf16, fp16, fp32 } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { xorshift32 } from '../../../rtl-lib/fp/hw/unit-check.js';

const expected: Record<string, string> = {
  'fp32 exp': 'f189f9b3e9d96ec3',
  'fp32 tanh': '571ce7c419d5f789',
  'fp32 reciprocal': '477866d9bf6e051e',
  'fp32 rsqrt': 'f75c8568c16e22f1',
  'bf16 exp': 'b448bf2fb6365feb',
  'bf16 tanh': 'b00435cc6f0b17d1',
  'bf16 reciprocal': 'df162dad62ceedd2',
  'bf16 rsqrt': '8f22cadc712577cb',
  'fp16 exp': '28cf3436586f389e',
  'fp16 tanh': '935390397ac56f81',
  'fp16 reciprocal': '6a4dd77ffb89d003',
  'fp16 rsqrt': '2f1242c7c2ce7422',
};

function fp32Inputs(): bigint[] {
  const rnd = xorshift32(2026);
  const out: bigint[] = [];
  // Half uniform patterns, half near 1 (exponent fields 118..137) where the paths change.
  for (let i = 0; i < 20000; i++) {
    const r = BigInt(rnd());
    out.push(i & 1 ? r : (r & 0x807fffffn) | (BigInt(118 + (rnd() % 20)) << 23n));
  }
  return out;
}

describe('rtl-lib/fp nonlinear units: the model is unchanged by pipelining', () => {
  for (const [name, f] of [
    ['fp32', fp32],
    ['bf16', bf16],
    ['fp16', fp16],
  ] as const) {
    it(`${name} exp, tanh, reciprocal, rsqrt give the recorded results`, () => {
      const m = fpModel(f);
      const inputs = f === fp32 ? fp32Inputs() : Array.from({ length: 21846 }, (_, i) => BigInt(3 * i));
      for (const u of ['exp', 'tanh', 'reciprocal', 'rsqrt'] as const) {
        const h = createHash('sha256');
        for (const x of inputs) h.update(`${m[u](x).toString(16)},`);
        assert.equal(h.digest('hex').slice(0, 16), expected[`${name} ${u}`], `${name} ${u}`);
      }
    });
  }
});
