// Running programs on the vector unit's hardware in simulation: load an image through the host port,
// run instructions one by one, read every word back; each word bit-exact with the interpreter and each
// instruction's cycles equal to the cycle model (shared by the vector unit's test files).
import assert from 'node:assert/strict';
import { encodeVectorInstruction } from '../../../../designs/engine/vector/encoding.js';
import { executeVectorInstruction } from '../../../../designs/engine/vector/interpreter.js';
import type { VectorInstruction } from '../../../../designs/engine/vector/isa.js';
import { vectorCycles } from '../../../../designs/engine/vector/vector-cycle-model.js';
import { VectorUnit, vectorHwOps } from '../../../../designs/engine/vector/vector-unit.js';
import type { LaneFamily } from '../../../../designs/engine/vector/vector-passes.js';
import { simulate } from '../../../../sim/simulate.js';
import type { Simulation } from '../../../../sim/simulation.js';
import { sameBits } from './harness.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export const bitsOf = (x: number): number => {
  f32[0] = x;
  return u32[0]!;
};
const show = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
const floatOf = (b: bigint) => {
  u32[0] = Number(b);
  return f32[0]!;
};

export async function loadImage(sim: Simulation, image: Float32Array): Promise<void> {
  for (let a = 0; a < image.length; a++) {
    sim.poke('host_we', 1);
    sim.poke('host_waddr', a);
    sim.poke('host_wdata', bitsOf(image[a]!));
    await sim.step();
  }
  sim.poke('host_we', 0);
  await sim.step();
}

export async function readImage(sim: Simulation, depth: number): Promise<Float32Array> {
  const out = new Float32Array(depth);
  for (let a = 0; a < depth + 2; a++) {
    if (a < depth) sim.poke('host_raddr', a);
    await sim.step();
    if (a >= 1 && a - 1 < depth) out[a - 1] = floatOf(await sim.peek('host_rdata'));
  }
  return out;
}

/** Starts one instruction; returns the cycles from the start cycle to the first cycle done is high. */
export async function run(sim: Simulation, word: bigint, limit: number): Promise<{ cycles: number; error: boolean }> {
  sim.poke('ins', word);
  sim.poke('start', 1);
  await sim.step();
  sim.poke('start', 0);
  for (let c = 1; c <= limit; c++) {
    if ((await sim.peek('done')) === 1n) return { cycles: c, error: (await sim.peek('error')) === 1n };
    await sim.step();
  }
  throw new Error(`done not seen within ${limit} cycles`);
}

/** Runs a program on the unit (memory: the image's words) and checks every word and every cycle count. */
export async function runProgram(
  backend: 'builtin' | 'icarus',
  cfg: { lanes: number; families?: readonly LaneFamily[] },
  program: readonly VectorInstruction[],
  image: Float32Array,
  leastChanged: number,
): Promise<void> {
  const depth = image.length;
  const sim = await simulate(new VectorUnit({ ...cfg, depth }), { backend });
  const hwOps = vectorHwOps(cfg);
  try {
    await loadImage(sim, image);
    const want = image.slice();
    for (const ins of program) {
      executeVectorInstruction(ins, want);
      const r = await run(sim, encodeVectorInstruction(ins, true), 20_000);
      const what = `${ins.op} ${ins.m}x${ins.n} ${JSON.stringify(ins)}`;
      assert.equal(r.error, false, what);
      assert.equal(r.cycles, vectorCycles(cfg, ins, hwOps), `cycles of ${what}`);
      assert.equal(await sim.peek('writes_pending'), 0n);
    }
    const got = await readImage(sim, depth);
    let changed = 0;
    for (let a = 0; a < depth; a++) {
      assert.ok(sameBits(got[a]!, want[a]!), `word ${a} is ${show(got[a]!)}, interpreter ${show(want[a]!)}`);
      if (!sameBits(want[a]!, image[a]!)) changed++;
    }
    assert.ok(changed >= leastChanged, `only ${changed} words written: the program does too little to test`);
  } finally {
    await sim.close();
  }
}
