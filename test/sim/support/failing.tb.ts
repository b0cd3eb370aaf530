// A testbench file whose second testbench fails: for the CLI and regression runner tests.
import { defineTestbench } from '../../../sim/testbench-file.js';
import { Playground } from './playground.js';

export const testbenches = [
  defineTestbench({
    name: 'passes',
    design: () => new Playground(),
    async run(sim) {
      await sim.reset();
      sim.expect('count', 0);
    },
  }),
  defineTestbench({
    name: 'fails',
    design: () => new Playground(),
    async run(sim) {
      await sim.reset();
      sim.poke('x', 5);
      await sim.step(1);
      sim.expect('fbits', 6);
      await sim.step(1);
    },
  }),
];
