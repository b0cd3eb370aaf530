// The FP32 level's nonlinear units are the chip's: FP32.exp/tanh/rsqrt/sqrt/div give the bits of the fp32
// units' bit-level models (fpModel(fp32), the code the Verilog comes from) on the arguments the model
// feeds them (softmax exponents <= 0, GELU and intent-head tanh arguments, LayerNorm variances, Adam's
// moments). The fast models themselves are checked far more widely in test/rtl-lib/fp/fast/.
import assert from 'node:assert/strict';
import { FP32 } from '../../../designs/transformer/precision.js';
import { bits32 } from '../../../rtl-lib/fp/fast/f32-view.js';
import { fp32 } from '../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';

const model = fpModel(fp32);
const N = 2000;
let state = 0x2545f491;
const rand = (): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};
const f32 = (x: number) => Math.fround(x);
const unary = (name: string, fast: (x: number) => number, bitLevel: (x: bigint) => bigint, arg: () => number) => {
  it(`${name}: ${N} model-like arguments, bit for bit`, () => {
    for (let i = 0; i < N; i++) {
      const x = f32(arg());
      const want = Number(bitLevel(BigInt(bits32(x))));
      assert.equal(bits32(fast(x)), want, `${name}(${x})`);
    }
  });
};

describe("transformer FP32 level: the nonlinear units are the chip's", () => {
  unary('exp', FP32.exp, model.exp, () => -30 * rand() ** 2);
  unary('tanh', FP32.tanh, model.tanh, () => (rand() - 0.5) * 12 * rand());
  unary('rsqrt', FP32.rsqrt, model.rsqrt, () => 1e-6 + 4 * rand() ** 3);
  unary('sqrt', FP32.sqrt, model.sqrt, () => 1e-9 * rand() ** 4);
  it(`div: ${N} model-like argument pairs, bit for bit`, () => {
    for (let i = 0; i < N; i++) {
      const a = f32((rand() - 0.5) * 1e-3 * rand());
      const b = f32(1e-6 + 1e-4 * rand());
      const want = Number(model.div(BigInt(bits32(a)), BigInt(bits32(b))));
      assert.equal(bits32(FP32.div(a, b)), want, `div(${a}, ${b})`);
    }
  });
  it('differs from the float64 function rounded once somewhere (the units are not correctly rounded)', () => {
    let differ = 0;
    for (let i = 0; i < N; i++) {
      const x = f32((rand() - 0.5) * 8);
      if (FP32.tanh(x) !== f32(Math.tanh(x))) differ++;
    }
    assert.ok(differ > 0, 'tanh equals fround(Math.tanh) everywhere: the placeholder is back');
  });
});
