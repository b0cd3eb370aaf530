// The combined core: GEMM and vector instructions from one program memory over one data memory.
// An overlapped program (vector instructions beside independent GEMMs, a GEMM reading the vector
// region, a vector instruction waiting for the GEMM it reads) on the built-in simulator and Icarus:
// every word bit-exact with the program interpreter, cycles equal to the model, and fewer cycles than
// the same program run one instruction at a time (both numbers asserted). Bad programs are refused
// with the instruction's index and name; a bad word makes the hardware stop with `error`.
import assert from 'node:assert/strict';
import { Rng } from '../../../designs/transformer/rng.js';
import {
  type CombinedInstruction,
  combinedTiming,
  compileCombinedProgram,
} from '../../../designs/engine/combined-program.js';
import { openCombined, runCombined } from '../../../designs/engine/combined-sim.js';
import { encodeCombinedWord } from '../../../designs/engine/combined-word.js';
import { runProgram } from '../../../designs/program/interpreter.js';
import { broadcastRow, rowMajor } from '../../../designs/program/isa.js';
import { hasIcarus } from '../../../sim/tools.js';
import type { Simulation } from '../../../sim/simulation.js';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { execa } from 'execa';
import { requireTool, scratchDir, verilatorLint, writeFiles } from '../../support/tools.js';
import { CombinedCore, type CombinedConfig } from '../../../designs/engine/combined-core.js';
import { EDGE_VALUES, firstMismatch } from './vector/harness.js';

const CFG: CombinedConfig = {
  engine: { rows: 2, cols: 3, macStages: 1 },
  lanes: 2,
  engineDepth: 256,
  vectorDepth: 128,
  // The vector unit reads [128, 256) of the engine region only: half of that copy.
  vectorWindow: 128,
  progDepth: 16,
  families: ['arith'],
};
const E = CFG.engineDepth;

/** Buffer addresses: below the window (engine only), in the window (the vector unit reads), in V. */
const at = {
  A: 0, // 4 x 5
  B: 20, // 5 x 6
  B2: 50, // 6 x 6
  C2: 86, // 4 x 6: its words alias 214..237 of the window copy, where C3 is (writes there must be gated)
  B3: 110, // 6 x 3
  C1: 128, // 4 x 6
  Y0: 152, // 4 x 6
  bias: 176, // 1 x 6
  dY: 182, // 4 x 6
  C3: 206, // 4 x 3
  Yb: E + 0, // 4 x 6
  dbias: E + 24, // 1 x 6
  Z: E + 30, // 4 x 6
  W: E + 54, // 4 x 3
};

function program(): CombinedInstruction[] {
  const g = (label: string, m: number, n: number, k: number, a: number, b: number, c: number): CombinedInstruction => ({
    op: 'gemm',
    label,
    m,
    n,
    k,
    a: rowMajor(a, k),
    b: rowMajor(b, n),
    c: rowMajor(c, n),
    accumulate: false,
  });
  return [
    g('C1 = A B', 4, 6, 5, at.A, at.B, at.C1),
    // Beside C1: the bias add of an earlier result (reads the engine region, writes the vector region).
    {
      op: 'add',
      label: 'Yb = Y0 + bias',
      m: 4,
      n: 6,
      a: rowMajor(at.Y0, 6),
      b: broadcastRow(at.bias),
      y: rowMajor(at.Yb, 6),
    },
    g('C2 = C1 B2', 4, 6, 6, at.C1, at.B2, at.C2),
    // Beside C2: the bias gradient, and an add that reads C1 (which C2 only reads too).
    { op: 'sumRows', label: 'dbias = 1^T dY', m: 4, n: 6, a: rowMajor(at.dY, 6), y: broadcastRow(at.dbias) },
    { op: 'add', label: 'Z = C1 + Yb', m: 4, n: 6, a: rowMajor(at.C1, 6), b: rowMajor(at.Yb, 6), y: rowMajor(at.Z, 6) },
    // The engine reads the vector region: Yb is Z's source, not its destination, so this overlaps it.
    g('C3 = Yb B3', 4, 3, 6, at.Yb, at.B3, at.C3),
    // Reads C3: waits for the GEMM.
    { op: 'mul', label: 'W = C3 * C3', m: 4, n: 3, a: rowMajor(at.C3, 3), b: rowMajor(at.C3, 3), y: rowMajor(at.W, 3) },
    // Below the window, beside the next vector instruction, which reads C3 (the window words C2 aliases).
    g('C2 = C1 B2 again', 4, 6, 6, at.C1, at.B2, at.C2),
    { op: 'add', label: 'W += C3', m: 4, n: 3, a: rowMajor(at.W, 3), b: rowMajor(at.C3, 3), y: rowMajor(at.W, 3) },
  ];
}

function image(seed: number): Float32Array {
  const rng = new Rng(seed);
  const img = Float32Array.from({ length: E + CFG.vectorDepth }, () => Math.fround(rng.next() * 4 - 2));
  // Signed zeros, subnormals and the like in the bias and dY (their sums keep them).
  for (let i = 0; i < 8; i++) img[at.bias + rng.int(6)] = EDGE_VALUES[rng.int(12)]!;
  for (let i = 0; i < 8; i++) img[at.dY + rng.int(24)] = EDGE_VALUES[rng.int(12)]!;
  return img;
}

async function check(sim: Simulation): Promise<void> {
  const prog = program();
  const overlapped = compileCombinedProgram(CFG, prog);
  const serial = compileCombinedProgram(CFG, prog, { serial: true });
  assert.deepEqual(
    overlapped.entries.map((e) => e.waitOther),
    [false, false, false, false, false, false, true, false, false],
    'dependence bits',
  );
  const img = image(7);
  const want = img.slice();
  runProgram(prog, want);
  const results: number[] = [];
  for (const p of [overlapped, serial]) {
    const r = await runCombined(sim, CFG, img.slice(), p.words);
    assert.equal(r.error, false);
    const bad = firstMismatch(r.image, want);
    assert.equal(bad, -1, `word ${bad}: ${r.image[bad]} against the interpreter's ${want[bad]}`);
    assert.equal(r.cycles, combinedTiming(CFG, p.entries).cycles, 'cycles = model');
    results.push(r.cycles);
  }
  const [fast, slow] = results as [number, number];
  assert.ok(fast < slow, `overlapped ${fast} cycles, in sequence ${slow}`);
  assert.deepEqual([fast, slow], [EXPECTED.overlapped, EXPECTED.serial]);
}

/** Measured (= model): the overlapped program and the same program run one instruction at a time. */
const EXPECTED = { overlapped: 166, serial: 298 };

describe('combined core: one program for the engine and the vector unit', function () {
  this.timeout(300_000);
  let builtin: Simulation;
  before(async () => {
    builtin = await openCombined(CFG, 'builtin');
  });
  after(() => builtin?.close());

  it('runs an overlapped GEMM + vector program bit-exact, cycles = model, faster than in sequence (builtin)', () =>
    check(builtin));

  it('the same on Icarus', async function () {
    if (!(await hasIcarus())) this.skip();
    const sim = await openCombined(CFG, 'icarus');
    try {
      await check(sim);
    } finally {
      await sim.close();
    }
  });

  it('the emitted Verilog passes verilator --lint-only -Wall and iverilog -g2012 silently, and is the same text twice', async function () {
    await requireTool(this, 'verilator');
    const emit = () => emitVerilog(elaborate(new CombinedCore(CFG))).files;
    const files = writeFiles(scratchDir('combined-core-lint'), emit());
    const r = await verilatorLint(files, 'CombinedCore');
    assert.equal(r.output.trim(), '');
    assert.equal(r.exitCode, 0);
    if (await hasIcarus()) {
      const ic = await execa('iverilog', ['-g2012', '-o', '/dev/null', '-s', 'CombinedCore', ...files], {
        reject: false,
      });
      assert.equal(`${ic.stdout}${ic.stderr}`.trim(), '');
    }
    assert.deepEqual(emit(), emit());
  });

  it('refuses bad programs with the instruction index and name', () => {
    const prog = program();
    const bad: CombinedInstruction[] = [
      prog[0]!,
      { ...prog[1]!, op: 'frobnicate' } as unknown as CombinedInstruction,
      { ...prog[2]!, a: rowMajor(E + CFG.vectorDepth - 4, 6) } as CombinedInstruction,
      { ...prog[3]!, after: [5] },
      { ...prog[4]!, y: rowMajor(at.C2, 6) } as CombinedInstruction,
      { ...prog[0]!, label: 'C into V', c: rowMajor(at.Z, 6) } as CombinedInstruction,
      { ...prog[1]!, label: 'reads A', a: rowMajor(at.A, 6) } as CombinedInstruction,
      { ...prog[0]!, label: 'C across the window', c: rowMajor(120, 6) } as CombinedInstruction,
    ];
    assert.throws(
      () => compileCombinedProgram(CFG, bad),
      (e: Error) => {
        for (const m of [
          /instruction 1 'Yb = Y0 \+ bias' \(frobnicate\): .*unknown/i,
          /instruction 2 'C2 = C1 B2' \(gemm\): operand A reaches address/,
          /instruction 3 'dbias = 1\^T dY' \(sumRows\): after 5 .*dependence cycle/,
          /instruction 4 'Z = C1 \+ Yb' \(add\): operand y .*engine region/,
          /instruction 5 'C into V' \(gemm\): operand c .*vector region/,
          /instruction 6 'reads A' \(add\): operand a .*outside the part of the engine region the vector unit reads, \[128, 256\)/,
          /instruction 7 'C across the window' \(gemm\): operand c .*across the start of the vector unit's window at 128/,
        ])
          assert.match(e.message, m);
        return true;
      },
    );
  });

  it('stops with error on a word of no kind instead of hanging (builtin)', async () => {
    const p = compileCombinedProgram(CFG, program().slice(0, 2));
    const sim = builtin;
    {
      // The first word, then a zero word (as past the program's end): the core runs the first and stops.
      const first = p.words[0]!;
      const r = await runCombined(sim, CFG, image(3), [first & ~(1n << 3n), 0n], 10_000);
      assert.equal(r.error, true);
      const vectorRest = encodeCombinedWord({ kind: 'vector', waitOther: false, last: true, payload: 0n });
      const r2 = await runCombined(sim, CFG, image(3), [vectorRest], 10_000);
      assert.equal(r2.error, true, 'a vector word with opcode 0');
    }
  });
});
