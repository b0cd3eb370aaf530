// The vector unit's hardware on the built-in simulator and Icarus: random instructions of every opcode it
// implements (strided, transposed, broadcast and in-place views, short and multi-chunk rows, edge values),
// every word of the data memory bit-exact with the interpreter afterwards, and cycles equal to the model.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../../../../designs/transformer/rng.js';
import { encodeVectorInstruction } from '../../../../designs/engine/vector/encoding.js';
import { executeVectorInstruction } from '../../../../designs/engine/vector/interpreter.js';
import {
  OP_SPECS,
  type VectorInstruction,
  type VectorOp,
  type ViewOperand,
  viewLastAddress,
} from '../../../../designs/engine/vector/isa.js';
import { instructionProblems } from '../../../../designs/engine/vector/validate.js';
import { vectorCycles } from '../../../../designs/engine/vector/vector-cycle-model.js';
import { VECTOR_HW_OPS, VectorUnit } from '../../../../designs/engine/vector/vector-unit.js';
import { simulate } from '../../../../sim/simulate.js';
import type { Simulation } from '../../../../sim/simulation.js';
import { hasIcarus } from '../../../../sim/tools.js';
import { elaborate, emitVerilog } from '../../../../dsl/index.js';
import { execa } from 'execa';
import { requireTool, scratchDir, verilatorLint, writeFiles } from '../../../support/tools.js';
import { EDGE_VALUES, layoutArb, place, sameBits, valueArb } from './harness.js';

const DEPTH = 512;
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsOf = (x: number) => {
  f32[0] = x;
  return u32[0]!;
};
const floatOf = (b: bigint) => {
  u32[0] = Number(b);
  return f32[0]!;
};

/**
 * A random program of the hardware's opcodes (each opcode, then random ones) over one DEPTH-word image:
 * row lengths below, at and above the lane count and several chunks long, random layouts, in-place and
 * broadcast views. Instructions overlap each other's data, which the interpreter runs in the same order.
 */
function randomProgram(
  lanes: number,
  count: number,
  seed: number,
): { program: VectorInstruction[]; image: Float32Array } {
  const rng = new Rng(seed);
  const sample = <T>(a: fc.Arbitrary<T>) => fc.sample(a, { numRuns: 1, seed: rng.int(1e9) })[0]!;
  const image = Float32Array.from({ length: DEPTH }, () => sample(valueArb(rng.int(3) === 0 ? 'wild' : 'clean')));
  for (let i = 0; i < 24; i++) image[rng.int(DEPTH)] = EDGE_VALUES[rng.int(EDGE_VALUES.length)]!;
  const ops: VectorOp[] = [...VECTOR_HW_OPS];
  while (ops.length < count) ops.push(VECTOR_HW_OPS[rng.int(VECTOR_HW_OPS.length)]!);
  const program = ops.map((op, idx) => {
    for (;;) {
      const m = 1 + rng.int(3);
      const n = [1, lanes - 1 || 1, lanes, lanes + 1, 3 * lanes + 2, 1 + rng.int(40)][rng.int(6)]!;
      const spec = OP_SPECS[op];
      const layouts = Object.fromEntries(Object.keys(spec.operands).map((o) => [o, sample(layoutArb)]));
      const inPlace = op !== 'sumRows' && op !== 'copy' && rng.int(3) === 0 ? { y: 'a' as const } : {};
      const { ins } = place(op, m, n, {}, layouts, [], inPlace, op === 'sumRows' ? rng.int(2) === 0 : undefined);
      if (op === 'add' && rng.int(3) === 0) ins.b = { ...ins.b!, row: 0 }; // a bias row broadcast over the rows
      if (op === 'scale') {
        ins.k = DEPTH - 1 - idx; // constants at the top, out of every view's way
        image[ins.k] = sample(valueArb('clean'));
      }
      // Views below the constants at the top; a lane stride that is a multiple of the banks is refused.
      const top = Math.max(
        ...Object.entries(spec.operands).map(([o, shape]) => viewLastAddress(ins[o as ViewOperand]!, shape, m, n)),
      );
      if (top >= DEPTH - count) continue;
      // Somewhere in the image, so that the program's instructions write different words.
      const shift = rng.int(DEPTH - count - top);
      for (const o of Object.keys(spec.operands) as ViewOperand[]) ins[o] = { ...ins[o]!, off: ins[o]!.off + shift };
      if (instructionProblems(ins, { memWords: DEPTH, banks: 17, lanes }).length === 0) return ins;
    }
  });
  return { program, image };
}

async function loadImage(sim: Simulation, image: Float32Array): Promise<void> {
  for (let a = 0; a < image.length; a++) {
    sim.poke('host_we', 1);
    sim.poke('host_waddr', a);
    sim.poke('host_wdata', bitsOf(image[a]!));
    await sim.step();
  }
  sim.poke('host_we', 0);
  await sim.step();
}

async function readImage(sim: Simulation): Promise<Float32Array> {
  const out = new Float32Array(DEPTH);
  for (let a = 0; a < DEPTH + 2; a++) {
    if (a < DEPTH) sim.poke('host_raddr', a);
    await sim.step();
    if (a >= 1 && a - 1 < DEPTH) out[a - 1] = floatOf(await sim.peek('host_rdata'));
  }
  return out;
}

/** Starts one instruction; returns the cycles from the start cycle to the first cycle done is high. */
async function run(sim: Simulation, word: bigint, limit: number): Promise<{ cycles: number; error: boolean }> {
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

async function exercise(backend: 'builtin' | 'icarus', lanes: number, count: number, seed: number): Promise<void> {
  const sim = await simulate(new VectorUnit({ lanes, depth: DEPTH }), { backend });
  try {
    const { program, image } = randomProgram(lanes, count, seed);
    await loadImage(sim, image);
    const want = image.slice();
    for (const ins of program) {
      executeVectorInstruction(ins, want);
      const r = await run(sim, encodeVectorInstruction(ins, true), 10_000);
      const what = `${ins.op} ${ins.m}x${ins.n} ${JSON.stringify(ins)}`;
      assert.equal(r.error, false, what);
      assert.equal(r.cycles, vectorCycles({ lanes }, ins, VECTOR_HW_OPS), `cycles of ${what}`);
      assert.equal(await sim.peek('writes_pending'), 0n);
    }
    const got = await readImage(sim);
    let changed = 0;
    for (let a = 0; a < DEPTH; a++) {
      assert.ok(sameBits(got[a]!, want[a]!), `word ${a} is ${got[a]}, interpreter ${want[a]}`);
      if (!sameBits(want[a]!, image[a]!)) changed++;
    }
    assert.ok(changed > 50, `only ${changed} words written: the program does too little to test`);
  } finally {
    await sim.close();
  }
}

describe('engine/vector VectorUnit hardware', function () {
  this.timeout(300_000);
  for (const lanes of [1, 8])
    it(`${lanes} lane(s), built-in simulator: every implemented opcode bit-exact with the interpreter, cycles as modelled`, () =>
      exercise('builtin', lanes, 16, 11 + lanes));

  it('4 lanes, Icarus: the same', async function () {
    if (!hasIcarus()) this.skip();
    await exercise('icarus', 4, 12, 5);
  });

  it('an opcode without hardware sets error and ends after setup; the unit then runs the next instruction', async () => {
    const sim = await simulate(new VectorUnit({ lanes: 2, depth: DEPTH }), { backend: 'builtin' });
    try {
      const softmax: VectorInstruction = {
        op: 'softmax',
        m: 1,
        n: 4,
        a: { off: 0, row: 4, col: 1 },
        y: { off: 8, row: 4, col: 1 },
      };
      const r = await run(sim, encodeVectorInstruction(softmax, true), 100);
      assert.deepEqual(r, { cycles: vectorCycles({ lanes: 2 }, softmax, VECTOR_HW_OPS), error: true });
      const junk = await run(sim, 0x7fn, 100); // opcode 127: no such operation
      assert.equal(junk.error, true);
      const copy: VectorInstruction = {
        op: 'copy',
        m: 1,
        n: 4,
        a: { off: 0, row: 4, col: 1 },
        y: { off: 8, row: 4, col: 1 },
      };
      const ok = await run(sim, encodeVectorInstruction(copy, true), 100);
      assert.deepEqual(ok, { cycles: vectorCycles({ lanes: 2 }, copy, VECTOR_HW_OPS), error: false });
    } finally {
      await sim.close();
    }
  });

  it('the emitted Verilog of a 4-lane unit passes verilator --lint-only -Wall and iverilog -g2012 silently, and is the same text twice', async function () {
    await requireTool(this, 'verilator');
    const emit = () => emitVerilog(elaborate(new VectorUnit({ lanes: 4, depth: 256 }))).files;
    const files = writeFiles(scratchDir('vector-unit-lint'), emit());
    const r = await verilatorLint(files, 'VectorUnit');
    assert.equal(r.output.trim(), '');
    assert.equal(r.exitCode, 0);
    if (hasIcarus()) {
      const ic = await execa('iverilog', ['-g2012', '-o', '/dev/null', '-s', 'VectorUnit', ...files], {
        reject: false,
      });
      assert.equal(`${ic.stdout}${ic.stderr}`.trim(), '');
      assert.equal(ic.exitCode, 0);
    }
    assert.deepEqual(emit(), emit());
  });
});
