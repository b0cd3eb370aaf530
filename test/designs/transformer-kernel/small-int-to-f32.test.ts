// The kernel's narrow int-to-FP32 conversion against the 32-bit model, exhaustively: every value of
// 11 bits (two's complement) on the built-in simulator gives the bits of rtl-lib's fromInt32.
import assert from 'node:assert/strict';
import { intToF32Bits } from '../../../designs/transformer-kernel/kernel-reference.js';
import { SmallIntToF32, recordValueBits } from '../../../designs/transformer-kernel/small-int-to-f32.js';
import { simulate } from '../../../sim/simulate.js';

describe('designs/transformer-kernel/small-int-to-f32', () => {
  it('every 11-bit value converts to the bits of the 32-bit conversion of its value', async () => {
    const bits = 11;
    assert.equal(recordValueBits({ vocab: 800, maxTokens: 32, intents: 22, slots: 121 }), bits);
    const sim = await simulate(new SmallIntToF32(bits), { backend: 'builtin', internals: false });
    try {
      const n = 1 << bits;
      const a = Uint32Array.from({ length: n }, (_, i) => i);
      const res = await sim.vectors({ a }, { outputs: ['y'] });
      const y = res.raw('y');
      for (let i = 0; i < n; i++) {
        const value = i >= n / 2 ? i - n : i;
        assert.equal(y[i], intToF32Bits(value), `value ${value}`);
      }
    } finally {
      await sim.close();
    }
  });
});
