// The vector unit's hardware on the built-in simulator and Icarus: random instructions of every opcode it
// implements (strided, transposed, broadcast and in-place views, short and multi-chunk rows, edge values),
// every word of the data memory bit-exact with the interpreter afterwards, and cycles equal to the model.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rng } from '../../../../designs/transformer/rng.js';
import { encodeVectorInstruction } from '../../../../designs/engine/vector/encoding.js';
import {
  OP_SPECS,
  type VectorInstruction,
  type VectorOp,
  type ViewOperand,
  viewLastAddress,
} from '../../../../designs/engine/vector/isa.js';
import { instructionProblems } from '../../../../designs/engine/vector/validate.js';
import { vectorCycles } from '../../../../designs/engine/vector/vector-cycle-model.js';
import { VECTOR_HW_OPS, VectorUnit, vectorHwOps } from '../../../../designs/engine/vector/vector-unit.js';
import type { LaneFamily } from '../../../../designs/engine/vector/vector-passes.js';
import { simulate } from '../../../../sim/simulate.js';
import { hasIcarus } from '../../../../sim/tools.js';
import { elaborate, emitVerilog } from '../../../../dsl/index.js';
import { execa } from 'execa';
import { requireTool, scratchDir, verilatorLint, writeFiles } from '../../../support/tools.js';
import { EDGE_VALUES, layoutArb, place, valueArb } from './harness.js';
import { run, runProgram } from './unit-runner.js';

const DEPTH = 512;

/** The in-place aliasings each opcode's program may use (the first is none). */
const IN_PLACE: Partial<Record<VectorOp, Partial<Record<ViewOperand, ViewOperand>>[]>> = {
  tanhBwd: [{}, { y: 'a' }, { y: 'b' }],
  geluFwd: [{}, { y: 'a' }, { z: 'a' }], // t over x: the hardware runs its two passes the other way round
  geluBwd: [{}, { y: 'a' }, { y: 'c' }],
  adam: [{}, { y: 'a', z: 'c', w: 'd' }, { y: 'b', z: 'c' }],
  rowMax: [{}],
  rowSum: [{}],
  layerNormFwd: [{}, { y: 'a' }, { z: 'a' }],
  layerNormBwd: [{}, { y: 'a' }, { y: 'b' }],
  softmaxBwd: [{}, { y: 'a' }, { y: 'b' }],
};
const inPlaceOptions = (op: VectorOp): Partial<Record<ViewOperand, ViewOperand>>[] =>
  IN_PLACE[op] ?? (op === 'sumRows' || op === 'copy' ? [{}] : [{}, { y: 'a' }]);

/** Constants a program writes for an opcode: usually the values training uses, sometimes any value. */
function constantsFor(op: VectorOp, sample: <T>(a: fc.Arbitrary<T>) => T, wild: boolean): number[] {
  const any = () => sample(valueArb(wild ? 'wild' : 'clean'));
  if (op === 'adam' && !wild) {
    const b1 = sample(fc.constantFrom(0.9, 0.5, 0)),
      b2 = sample(fc.constantFrom(0.98, 0.999));
    const lr = sample(fc.constantFrom(1e-3, 0.1, 3));
    return [b1, b2, 1 - b1, 1 - b2, lr, sample(fc.constantFrom(1e-8, 1e-3, 0))].map(Math.fround);
  }
  return OP_SPECS[op].consts.map(any);
}

/**
 * A random program of the hardware's opcodes (each opcode with each in-place form or its last one, then random ones)
 * over one DEPTH-word image: row lengths below, at and above the lane count and several chunks long,
 * random layouts, in-place and broadcast views. Instructions overlap each other's data, which the
 * interpreter runs in the same order. Constants blocks sit at the top, out of every view's way.
 */
function randomProgram(
  lanes: number,
  count: number,
  seed: number,
  hwOps: readonly VectorOp[],
  everyForm = true,
): { program: VectorInstruction[]; image: Float32Array } {
  const rng = new Rng(seed);
  const sample = <T>(a: fc.Arbitrary<T>) => fc.sample(a, { numRuns: 1, seed: rng.int(1e9) })[0]!;
  const image = Float32Array.from({ length: DEPTH }, () => sample(valueArb(rng.int(3) === 0 ? 'wild' : 'clean')));
  for (let i = 0; i < 24; i++) image[rng.int(DEPTH)] = EDGE_VALUES[rng.int(EDGE_VALUES.length)]!;
  const forms = hwOps.flatMap((op) =>
    (everyForm ? inPlaceOptions(op) : inPlaceOptions(op).slice(-1)).map((inPlace) => ({ op, inPlace })),
  );
  while (forms.length < count) {
    const op = hwOps[rng.int(hwOps.length)]!;
    const options = inPlaceOptions(op);
    forms.push({ op, inPlace: options[rng.int(options.length)]! });
  }
  const constTop = DEPTH - 6 * forms.length;
  const program = forms.map(({ op, inPlace }, idx) => {
    for (;;) {
      const m = 1 + rng.int(3);
      const n = [1, lanes - 1 || 1, lanes, lanes + 1, 3 * lanes + 2, 1 + rng.int(40)][rng.int(6)]!;
      const spec = OP_SPECS[op];
      const layouts = Object.fromEntries(Object.keys(spec.operands).map((o) => [o, sample(layoutArb)]));
      const { ins } = place(op, m, n, {}, layouts, [], inPlace, op === 'sumRows' ? rng.int(2) === 0 : undefined);
      if (op === 'add' && rng.int(3) === 0) ins.b = { ...ins.b!, row: 0 }; // a bias row broadcast over the rows
      if (spec.consts.length) ins.k = constTop + 6 * idx;
      // Views below the constants; a lane stride that is a multiple of the banks is refused.
      const top = Math.max(
        ...Object.entries(spec.operands).map(([o, shape]) => viewLastAddress(ins[o as ViewOperand]!, shape, m, n)),
      );
      if (top >= constTop) continue;
      // Somewhere in the image, so that the program's instructions write different words.
      const shift = rng.int(constTop - top);
      for (const o of Object.keys(spec.operands) as ViewOperand[]) ins[o] = { ...ins[o]!, off: ins[o]!.off + shift };
      if (instructionProblems(ins, { memWords: DEPTH, banks: 17, lanes }).length !== 0) continue;
      constantsFor(op, sample, rng.int(4) === 0).forEach((c, i) => {
        image[ins.k! + i] = c;
      });
      return ins;
    }
  });
  return { program, image };
}

async function exercise(
  backend: 'builtin' | 'icarus',
  cfg: { lanes: number; families?: readonly LaneFamily[] },
  count: number,
  seed: number,
  everyForm = true,
): Promise<void> {
  const { program, image } = randomProgram(cfg.lanes, count, seed, vectorHwOps(cfg), everyForm);
  await runProgram(backend, cfg, program, image, 51);
}

/**
 * Row reductions over rows made of the values that decide them: zeros of both signs (the maximum of
 * -0 and +0 is +0 wherever the +0 sits), -Infinity only, a NaN anywhere, negative subnormals and huge
 * magnitudes; lengths below, at and above the lane count; rows strided or transposed. Each result
 * lands below the rows, in a column of its own.
 */
function reductionProgram(
  op: VectorOp,
  lanes: number,
  seed: number,
  lengths: readonly number[] = [1, lanes - 1 || 2, lanes, lanes + 1, 3 * lanes + 2, 2 * lanes + 5, 13],
  words = DEPTH,
): { program: VectorInstruction[]; image: Float32Array } {
  const rng = new Rng(seed);
  const image = new Float32Array(words).fill(Math.fround(-7.25));
  // A block-shaped result (softmax's p) over the row in place or in its own rows below.
  const blockResult = OP_SPECS[op].operands.y === 'mn';
  const pools: readonly (readonly number[])[] = [
    [0, -0],
    [-0],
    [Number.NEGATIVE_INFINITY],
    [-0, Number.NEGATIVE_INFINITY, Math.fround(-1.4e-45)],
    [Math.fround(-1.4e-45), Math.fround(-5.9e-39), Math.fround(-3.4028235e38), -0],
    [Math.fround(1.4e-45), 0, -0, Math.fround(5.9e-39)],
    [...EDGE_VALUES.filter((x) => !Number.isNaN(x))],
    [1, -2, 0, Number.NaN],
    [Math.fround(3.4028235e38), Number.POSITIVE_INFINITY, Math.fround(-1e30)],
    // Moderate values, where the order of a sum shows in its last bits.
    Array.from({ length: 32 }, () => Math.fround(rng.normal() * 4)),
  ];
  const program: VectorInstruction[] = [];
  let next = 0;
  const yTop = words - 64;
  for (const n of lengths) {
    const m = n > 100 ? 1 : 1 + rng.int(3);
    const transposed = rng.int(2) === 0;
    const a = transposed ? { off: next, row: 1, col: m + rng.int(2) } : { off: next, row: n + rng.int(3), col: 1 };
    const size = transposed ? (n - 1) * a.col + m : (m - 1) * a.row + n;
    // softmaxBwd's second source (dp) in the same layout after a.
    const b = OP_SPECS[op].operands.b === 'mn' ? { ...a, off: next + size + 1 } : undefined;
    for (const v of b ? [a, b] : [a])
      for (let i = 0; i < m; i++) {
        const pool = n > 100 ? pools.at(-1)! : pools[rng.int(pools.length)]!; // a long row: moderate values
        for (let j = 0; j < n; j++) image[v.off + i * v.row + j * v.col] = pool[rng.int(pool.length)]!;
        // NaN at a random place in a row that has one in its pool, at most once.
        if (pool.includes(Number.NaN) && rng.int(2) === 0) image[v.off + i * v.row + rng.int(n) * v.col] = Number.NaN;
      }
    next += (b ? 2 : 1) * (size + 1);
    let y = { off: yTop + program.length * 4, row: 1, col: 0 };
    if (blockResult) {
      const inPlace = n > 100 || rng.int(2) === 0; // the long row in place: the memory stays small
      y = inPlace ? (b && rng.int(2) === 0 ? b : a) : { ...a, off: next };
      if (!inPlace) next += size + 1;
    }
    const ins: VectorInstruction = { op, m, n, a, ...(b ? { b } : {}), y };
    assert.deepEqual(instructionProblems(ins, { memWords: words, banks: 17, lanes }), []);
    program.push(ins);
  }
  assert.ok(next < yTop);
  return { program, image };
}

describe('engine/vector VectorUnit hardware', function () {
  this.timeout(300_000);
  it('1 lane, built-in simulator: every implemented opcode (each in-place form) bit-exact with the interpreter, cycles as modelled', () =>
    exercise('builtin', { lanes: 1 }, 30, 12));

  // Lanes are one module each, lane l lane 0 delayed: at 8 lanes each opcode once (its last in-place form).
  it('8 lanes, built-in simulator: every implemented opcode once', () =>
    exercise('builtin', { lanes: 8 }, 0, 19, false));

  for (const lanes of [1, 8])
    it(`${lanes} lane${lanes > 1 ? 's' : ''}, built-in simulator, reduce lanes only: rowMax over signed zeros, -Infinity, NaN, subnormals`, async () => {
      const cfg = { lanes, families: ['reduce'] as const };
      const { program, image } = reductionProgram('rowMax', lanes, 3);
      await runProgram('builtin', cfg, program, image, 8);
    });

  // The row-sum lanes: rows of the deciding values (sums of -0, cancelling infinities, NaN), rows
  // shorter than a lane's 64/L partials (gap positions), exactly one ring turn and several, 768 wide.
  for (const op of ['rowSum', 'softmax', 'softmaxBwd'] as const)
    for (const lanes of [1, 8])
      it(`${lanes} lane${lanes > 1 ? 's' : ''}, built-in simulator, row-sum lanes only: ${op} over edge rows, 1..40 and 768 long`, async () => {
        const cfg = { lanes, families: ['softmax'] as const };
        const P = 64 / lanes;
        const lengths = [
          ...new Set([...(lanes === 8 ? [768] : []), 1, lanes - 1 || 2, lanes, lanes + 1, 3 * lanes + 2, P, P + 1, 40]),
        ];
        const words = (lanes === 8 ? 2048 : 1024) * (op === 'softmaxBwd' ? 2 : 1);
        const { program, image } = reductionProgram(op, lanes, 7, lengths, words);
        await runProgram('builtin', cfg, program, image, 4);
      });

  it('2 lanes, Icarus: every implemented opcode once or more', async function () {
    if (!hasIcarus()) this.skip();
    await exercise('icarus', { lanes: 2 }, 20, 5);
  });

  it('an opcode without hardware (or without its lane family) sets error and ends after setup; the unit then runs the next instruction', async () => {
    const cfg = { lanes: 2, families: ['arith'] as const };
    const sim = await simulate(new VectorUnit({ ...cfg, depth: DEPTH }), { backend: 'builtin' });
    try {
      const softmax: VectorInstruction = {
        op: 'crossEntropyGrad',
        m: 1,
        n: 4,
        a: { off: 0, row: 4, col: 1 },
        b: { off: 4, row: 1, col: 0 },
        y: { off: 8, row: 4, col: 1 },
        z: { off: 12, row: 4, col: 1 },
        k: 16,
      };
      const r = await run(sim, encodeVectorInstruction(softmax, true), 100);
      assert.deepEqual(r, { cycles: vectorCycles(cfg, softmax, VECTOR_HW_OPS), error: true });
      const tanh: VectorInstruction = { op: 'tanhFwd', m: 1, n: 4, a: softmax.a!, y: softmax.y! };
      assert.deepEqual(await run(sim, encodeVectorInstruction(tanh, true), 100), {
        cycles: vectorCycles(cfg, tanh, vectorHwOps(cfg)),
        error: true,
      });
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
      assert.deepEqual(ok, { cycles: vectorCycles(cfg, copy, vectorHwOps(cfg)), error: false });
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
