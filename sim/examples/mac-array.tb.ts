// Example testbench file: `npx tsx build/cli.ts sim sim/examples/mac-array.tb.ts --backend builtin`.
import { strict as assert } from 'node:assert';
import { defineTestbench } from '../testbench-file.js';
import { MacArray, macArrayModel } from './mac-array.js';

export const testbenches = [
  defineTestbench({
    name: 'mac array: accumulate, clear, accumulate',
    design: () => new MacArray(4, 4),
    async run(sim) {
      await sim.reset();
      for (let i = 0; i < 4; i++) {
        sim.poke(`a${i}`, i + 1);
        sim.poke(`b${i}`, 10 * (i + 1));
      }
      await sim.step(3);
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) sim.expect(`acc_${i}_${j}`, 3 * (i + 1) * 10 * (j + 1));
      sim.poke('clear', 1);
      await sim.step();
      sim.expect('acc_3_3', 0);
      sim.poke('clear', 0);
      await sim.step(2);
      sim.expect('acc_2_1', 2 * 3 * 20);
    },
  }),
  defineTestbench({
    name: 'mac array: 20,000 random vectors against the model',
    design: () => new MacArray(4, 4),
    async run(sim) {
      const n = 20000;
      let s = 1;
      const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
      const a = [0, 1, 2, 3].map(() => Uint32Array.from({ length: n }, rnd));
      const b = [0, 1, 2, 3].map(() => Uint32Array.from({ length: n }, rnd));
      const clear = Uint32Array.from({ length: n }, (_, i) => (i % 5000 === 4999 ? 1 : 0));
      const stim: Record<string, Uint32Array> = { clear };
      a.forEach((x, i) => {
        stim[`a${i}`] = x;
      });
      b.forEach((x, j) => {
        stim[`b${j}`] = x;
      });
      const r = await sim.vectors(stim);
      const want = macArrayModel(4, 4, a, b, clear);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++) assert.equal(r.raw(`acc_${i}_${j}`)[n - 1], want[i * 4 + j], `acc_${i}_${j}`);
    },
  }),
];
