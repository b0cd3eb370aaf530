// One PE on the built-in simulator: P interleaved sums in its MAC loop (P = macStages, at least 1), each started from the value its
// shadow FIFO was filled with and drained through the chain, bit-identical to mac32 chains; the bubble
// (+0 times -0) leaves every sum unchanged, signed zeros included.
import assert from 'node:assert/strict';
import { SystolicPe } from '../../../rtl-lib/systolic/systolic-pe.js';
import { simulate } from '../../../sim/simulate.js';
import { mac32 } from '../../../designs/tt/gemm32.js';
import { Rng } from '../../../designs/transformer/rng.js';

const bits = (x: number): bigint => BigInt(new Uint32Array(Float32Array.of(x).buffer)[0]!);
const NEG_ZERO = 0x8000_0000n;

describe('rtl-lib/systolic SystolicPe', function () {
  this.timeout(120_000);
  // P = macStages: the MAC's last stage register closes the loop; a combinational MAC gets its own (P = 1).
  for (const [macStages, P] of [
    [0, 1],
    [1, 1],
    [3, 3],
  ] as const) {
    it(`macStages ${macStages}: ${P} interleaved accumulation(s), filled and drained through the chain`, async () => {
      const sim = await simulate(new SystolicPe(macStages), { backend: 'builtin' });
      try {
        await sim.reset();
        const rng = new Rng(11 + macStages);
        const val = () => (rng.next() < 0.15 ? (rng.next() < 0.5 ? 0 : -0) : Math.fround(rng.next() * 4 - 2));
        for (let trial = 0; trial < 3; trial++) {
          const k = 1 + rng.int(5);
          const init = Array.from({ length: P }, val);
          const a = Array.from({ length: P }, () => Array.from({ length: k }, val));
          const b = Array.from({ length: P }, () => Array.from({ length: k }, val));
          const idle = () => {
            sim.poke('a_in', 0);
            sim.poke('b_in', NEG_ZERO);
            sim.poke('first_in', false);
            sim.poke('shift', false);
          };
          // Fill: the first value pushed ends at the head (slot 0).
          for (const x of init) {
            idle();
            sim.poke('shift', true);
            sim.poke('chain_in', bits(x));
            await sim.step();
          }
          // Issue: slot s of round p; then bubbles until the loop has turned over, then the exchange.
          for (let p = 0; p < k; p++) {
            for (let s = 0; s < P; s++) {
              idle();
              sim.poke('a_in', bits(a[s]![p]!));
              sim.poke('b_in', bits(b[s]![p]!));
              sim.poke('first_in', p === 0);
              await sim.step();
            }
          }
          for (let i = 0; i < 2 * P; i++) {
            idle();
            await sim.step();
          }
          for (let s = 0; s < P; s++) {
            idle();
            sim.poke('first_in', true);
            await sim.step();
          }
          for (let i = 0; i < 2; i++) {
            idle();
            await sim.step();
          }
          for (let s = 0; s < P; s++) {
            const want = a[s]!.reduce((acc, x, p) => mac32(acc, x, b[s]![p]!), init[s]!);
            assert.equal(await sim.peek('chain_out'), bits(want), `trial ${trial} slot ${s}`);
            idle();
            sim.poke('shift', true);
            sim.poke('chain_in', 0);
            await sim.step();
          }
        }
      } finally {
        await sim.close();
      }
    });
  }
});
