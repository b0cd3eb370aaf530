// Testbenches written once and run on every back end (see ../backends.test.ts). Each gets a fresh
// simulation of its design and must pass identically everywhere.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Module } from '../../../dsl/index.js';
import { MacArray, macArrayModel } from '../../../sim/examples/mac-array.js';
import type { Simulation } from '../../../sim/simulation.js';
import { SimulationLimit, SimulationMismatch } from '../../../sim/errors.js';
import { Playground } from './playground.js';
import { AttributedDot } from './attributed-dot.js';
import { fpModel } from '../../../rtl-lib/fp/model.js';
import { fp32 } from '../../../rtl-lib/fp/format.js';
import { f32ToBits } from '../../../rtl-lib/fp/f32-bits.js';

export interface SharedTestbench {
  name: string;
  design: () => Module;
  /** Extra simulate() options. */
  options?: (backend: string) => { vcd?: string; trace?: string[]; float?: string[]; maxCycles?: number };
  run(sim: Simulation, backend: string): Promise<void>;
}

/** Accumulates acc = w[i] * x[i] + acc over the RAM words at 0, 1, ... (the word of an address arrives a cycle later). */
async function dot(sim: Simulation, xs: readonly bigint[]): Promise<bigint> {
  sim.poke('addr', 0);
  await sim.step();
  for (let i = 0; i < xs.length; i++) {
    sim.poke('x', xs[i]!);
    sim.poke('addr', (i + 1) % 4);
    sim.poke('accumulate', 1);
    await sim.step();
  }
  sim.poke('accumulate', 0);
  return sim.peek('acc');
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

export const testbenches: SharedTestbench[] = [
  {
    name: 'counter: reset, poke, step, expect, tick().until',
    design: () => new Playground(),
    async run(sim) {
      await sim.reset(2);
      sim.expect('count', 0);
      sim.poke('limit', 5);
      sim.poke('en', 1);
      await sim.step(2);
      sim.expect('count', 2);
      sim.expect('done', 0);
      const at = await sim.tick().until(async () => (await sim.peek('done')) === 1n);
      assert.equal(at, 2 + 5, 'done rises 5 edges after enabling');
      await sim.step(3);
      assert.equal(await sim.peek('count'), 5n, 'the counter stops at the limit');
      // until() steps before its first test (docs/simulation.md): a condition already true costs one edge.
      const before = sim.cycle;
      assert.equal(await sim.tick().until(() => true), before + 1);
      assert.equal(sim.cycle, before + 1);
    },
  },
  {
    name: 'concurrent processes run in a deterministic order',
    design: () => new Playground(),
    async run(sim) {
      const log: string[] = [];
      await sim.reset();
      const start = sim.cycle;
      const writer = sim.fork(async () => {
        for (let i = 0; i < 4; i++) {
          sim.poke('wen', 1);
          sim.poke('waddr', i);
          sim.poke('wdata', 100 + i);
          log.push(`w${sim.cycle - start}`);
          await sim.step();
        }
        sim.poke('wen', 0);
      });
      const reader = sim.fork(async () => {
        await sim.step(2);
        for (let i = 0; i < 2; i++) {
          sim.poke('raddr', i);
          log.push(`r${sim.cycle - start}`);
          await sim.step();
          log.push(`d${sim.cycle - start}=${await sim.peek('rdata')}`);
        }
      });
      await writer;
      await reader;
      assert.deepEqual(log, ['w0', 'w1', 'w2', 'r2', 'w3', 'd3=100', 'r3', 'd4=101']);
      assert.equal(sim.cycle - start, 4);
    },
  },
  {
    name: 'backdoor memory load and dump, hierarchical internal signals',
    design: () => new Playground(),
    async run(sim) {
      await sim.reset();
      sim.loadMemory('ram', [11n, 22n, 33n, 0xffffffffn], 4);
      sim.poke('raddr', 6);
      await sim.step();
      sim.expect('rdata', 33);
      sim.poke('wen', 1);
      sim.poke('waddr', 1);
      sim.poke('wdata', 0xdeadbeefn);
      sim.poke('x', 3);
      sim.poke('y', 7);
      await sim.step();
      sim.poke('wen', 0);
      const words = await sim.dumpMemory('ram', 8);
      assert.deepEqual(words, [0n, 0xdeadbeefn, 0n, 0n, 11n, 22n, 33n, 0xffffffffn]);
      await sim.step(2);
      assert.equal(await sim.peek('mac.sum'), 3n * 7n * 3n, 'register inside the child instance');
      assert.equal(await sim.peek('mac.a'), 3n, 'child port by path');
      assert.equal(await sim.peek('cnt'), 0n);
    },
  },
  {
    name: 'attributed RAM and FSM state: zero at time 0, load, dump and peek (Fp32Mac: 0 * inf is NaN)',
    design: () => new AttributedDot(),
    async run(sim) {
      const m = fpModel(fp32);
      const inf = f32ToBits(Infinity);
      const one = f32ToBits(1);
      // No reset: the RAM is never written, so its words are the power-on zeros on every back end.
      assert.deepEqual(await sim.dumpMemory('wram.mem'), [0n, 0n, 0n, 0n], 'the RAM starts at zero');
      assert.equal(await sim.peek('ctl_state'), 0n, 'the FSM starts in Idle');
      const nan = m.mac(0n, one, m.mac(0n, inf, 0n));
      assert.equal(
        (await dot(sim, [inf, one])).toString(16),
        nan.toString(16),
        '0 * inf + 0 * 1 is the NaN of the model',
      );
      assert.equal(nan, 0x7fc00000n);
      assert.equal(await sim.peek('ctl_state'), 1n, 'Acc');
      sim.poke('clear', 1);
      await sim.step();
      sim.poke('clear', 0);
      assert.equal(await sim.peek('ctl_state'), 2n, 'Cleared');
      assert.equal(await sim.peek('acc'), 0n);
      const w = [1.5, -2, 0.25].map(f32ToBits);
      sim.loadMemory('wram.mem', w);
      sim.poke('wen', 1);
      sim.poke('waddr', 3);
      sim.poke('wdata', f32ToBits(8));
      await sim.step();
      sim.poke('wen', 0);
      assert.equal(await sim.peek('ctl_state'), 0n, 'back to Idle');
      assert.deepEqual(await sim.dumpMemory('wram.mem'), [...w, f32ToBits(8)], 'backdoor words and the written one');
      const xs = [3, 0.5, 4, -1].map(f32ToBits);
      let want = 0n;
      for (let i = 0; i < xs.length; i++) want = m.mac([...w, f32ToBits(8)][i]!, xs[i]!, want);
      assert.equal(want, f32ToBits(1.5 * 3 - 2 * 0.5 + 0.25 * 4 - 8));
      assert.equal((await dot(sim, xs)).toString(16), want.toString(16));
      assert.equal(await sim.peek('mac.a'), f32ToBits(1.5), 'a port of the MAC by path (the address wrapped to 0)');
    },
  },
  {
    name: 'values wider than 64 bits',
    design: () => new Playground(),
    async run(sim) {
      await sim.reset();
      sim.poke('x', 0xffffffffn);
      sim.poke('y', 0x12345678n);
      await sim.step(3);
      const want = BigInt.asUintN(72, 3n * ((0xffffffffn << 40n) + 0x12345678n));
      assert.equal(await sim.peek('wide'), want);
      sim.expect('wide', want);
      await sim.flush();
    },
  },
  {
    name: 'a mismatch names the first failing cycle, the signal, hex and fp32 values, with a waveform',
    design: () => new Playground(),
    options: () => ({ trace: ['x', 'fbits', 'en'], float: ['fbits'] }),
    async run(sim) {
      await sim.reset();
      sim.poke('x', 0x3fc00000); // 1.5f
      await sim.step(2);
      sim.expect('fbits', 0x3fc00000);
      // The built-in back end reports at the next step, external ones at the next round trip.
      const err = await (async () => {
        sim.expect('fbits', 0x40000000, 'want 2.0');
        await sim.step(1);
        sim.expect('fbits', 0x40400000); // a later failure: not the one reported
        await sim.step(1);
        await sim.flush();
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof SimulationMismatch, `expected a mismatch, got ${String(err)}`);
      const msg = err.message;
      assert.match(msg, /TTF160/);
      assert.match(msg, /at cycle 3, signal 'fbits': want 2.0/);
      assert.match(msg, /expected 0x40000000 \(1073741824\) = fp32 2/);
      assert.match(msg, /actual {3}0x3fc00000 \(1069547520\) = fp32 1.5/);
      assert.match(msg, /fbits +\|0 +\|3fc00000 +=/);
      assert.match(msg, /\^ here/);
    },
  },
  {
    name: 'a condition that never holds stops at the cycle limit and says so',
    design: () => new Playground(),
    async run(sim) {
      await sim.reset();
      sim.poke('limit', 200);
      sim.poke('en', 0);
      await assert.rejects(
        sim.tick().until(async () => (await sim.peek('done')) === 1n, { max: 20, what: 'done' }),
        (e: unknown) => e instanceof SimulationLimit && /TTF161.*waited 20 cycles for done/.test(e.message),
      );
    },
  },
  {
    name: 'vector mode: 4x4 MAC array against its TypeScript model',
    design: () => new MacArray(4, 4),
    async run(sim) {
      const n = 3000;
      const rnd = lcg(7);
      const a = [0, 1, 2, 3].map(() => Uint32Array.from({ length: n }, rnd));
      const b = [0, 1, 2, 3].map(() => Uint32Array.from({ length: n }, rnd));
      const clear = Uint32Array.from({ length: n }, (_, i) => (i % 701 === 0 ? 1 : 0));
      const stim: Record<string, Uint32Array> = { clear };
      a.forEach((x, i) => {
        stim[`a${i}`] = x;
      });
      b.forEach((x, j) => {
        stim[`b${j}`] = x;
      });
      // Expected per-cycle trace of one cell from the model, checked inside vectors().
      const expect00 = new Uint32Array(n);
      for (let c = 0; c < n; c++) {
        expect00[c] = macArrayModel(
          1,
          1,
          [a[0]!.subarray(0, c + 1)],
          [b[0]!.subarray(0, c + 1)],
          clear.subarray(0, c + 1),
        )[0]!;
        if (c > 40) break;
      }
      const r = await sim.vectors(stim, { expect: { acc_0_0: expect00.subarray(0, 40) } });
      const model = macArrayModel(4, 4, a, b, clear);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++) assert.equal(r.raw(`acc_${i}_${j}`)[n - 1], model[i * 4 + j]);
      assert.equal(sim.cycle, n);
    },
  },
  {
    name: "VCD waveform with the user's signal names",
    design: () => new Playground(),
    options: (backend) => ({ vcd: `out/test/sim/wave-${backend}.vcd` }),
    async run(sim, backend) {
      await sim.reset();
      sim.poke('en', 1);
      sim.poke('limit', 3);
      await sim.step(4);
      await sim.close();
      const vcd = readFileSync(`out/test/sim/wave-${backend}.vcd`, 'utf8');
      for (const name of ['count', 'limit', 'cnt', 'sum'])
        assert.match(vcd, new RegExp(`\\$var \\w+ +\\d+ \\S+ ${name}[ \\[]`), `VCD declares ${name}`);
      assert.match(vcd, /\$enddefinitions/);
      assert.match(vcd, /#\d+/);
    },
  },
];
