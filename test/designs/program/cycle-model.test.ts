// The whole-program cycle model (cycle-model.ts, vector-cost.ts): single instructions cost what the
// engine's and the vector unit's cycle models say (and what their simulations measured, docs/engine.md
// and docs/vector-unit.md), the scoreboard overlaps exactly the independent pairs, and a compiled
// program's totals add up.
import assert from 'node:assert/strict';
import { instructionCycles, stepTiming } from '../../../designs/engine/cycle-model.js';
import type { VectorInstruction, VectorOp } from '../../../designs/engine/vector/isa.js';
import { vectorCycles } from '../../../designs/engine/vector/vector-cycle-model.js';
import { VECTOR_HW_OPS } from '../../../designs/engine/vector/vector-passes.js';
import { compileTrainingStep } from '../../../designs/program/compile-model.js';
import {
  type CostOptions,
  DEFAULT_PROGRAM_ENGINE,
  gemmCycles,
  instructionCost,
  PLANNED,
  programCost,
  scheduleProgram,
  useOf,
} from '../../../designs/program/cycle-model.js';
import { type GemmInstruction, type ProgramInstruction, rowMajor } from '../../../designs/program/isa.js';
import { MODEL_PLANS, vectorInstructionCycles } from '../../../designs/program/vector-cost.js';
import { presetConfig } from '../../../designs/transformer/presets.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { randomSample } from './model-trace.js';

const engine = DEFAULT_PROGRAM_ENGINE.engine;
const gemm = (m: number, n: number, k: number, aOff = 0, bOff = 100_000, cOff = 200_000): GemmInstruction => ({
  op: 'gemm',
  m,
  n,
  k,
  a: rowMajor(aOff, k),
  b: rowMajor(bOff, n),
  c: rowMajor(cOff, n),
  accumulate: false,
});

/** A vector instruction with every operand its opcode has, each on its own row-major block. */
function vec(op: VectorOp, m: number, n: number, off = 0): VectorInstruction {
  const ins: VectorInstruction = { op, m, n };
  (['a', 'b', 'c', 'd', 'y', 'z', 'w'] as const).forEach((o, i) => {
    ins[o] = rowMajor(off + i * m * n, n);
  });
  return { ...ins, k: off + 7 * m * n };
}

describe('program/cycle-model: the whole program on the engine and the vector unit', () => {
  it('a GEMM costs what the engine measured per step at 4x10:8 (docs/engine.md, simulated)', () => {
    // Z = X L, Y = Z R, left2, dL = X^T T and (turned around by the generator) dR = Z^T dY.
    assert.equal(gemmCycles(engine, gemm(32, 10, 768)), 6250);
    assert.equal(gemmCycles(engine, gemm(32, 768, 10)), 6266);
    assert.equal(gemmCycles(engine, gemm(96, 80, 10)), 2026);
    assert.equal(gemmCycles(engine, gemm(768, 10, 32)), 6250);
    assert.equal(gemmCycles(engine, gemm(80, 12, 10)), 586);
    for (const [m, n, k] of [
      [1, 1, 1],
      [5, 7, 3],
      [33, 41, 9],
    ] as const) {
      const best = Math.min(stepTiming(engine, m, n, k).stepCycles, stepTiming(engine, n, m, k).stepCycles);
      assert.equal(gemmCycles(engine, gemm(m, n, k)), instructionCycles(best), `${m}x${n}x${k}`);
    }
  });

  it('opcodes with hardware cost what the vector unit simulations measured at 8 lanes (docs/vector-unit.md)', () => {
    const measured: [VectorOp[], number, number, number][] = [
      // ops, 2 x 768, 32 x 768, 1 x 768
      [['add', 'sub', 'mul', 'scale', 'copy', 'sumRows'], 211, 3091, 115],
      [['tanhFwd', 'tanhBwd', 'geluBwd'], 258, 3138, 162],
      // sgd, adam: one cycle a pass more than the bench simulated (244, 738) since Fp32Div's normalize stage.
      [['sgd'], 245, 3125, 149],
      [['geluFwd'], 515, 6275, 323],
      [['adam'], 741, 9381, 453],
      [['rowSum'], 273, 3153, 177],
      [['softmax'], 477, 3357, 381],
      [['softmaxBwd'], 669, 6429, 477],
      // 1 x 768 simulated in vector-unit-layernorm.test.ts; forward: 3 passes (rstd, xhat, y) of m + 1,
      // m + 1, m periods; backward: dBeta, dGamma (rows spaced), u (2m + 2 periods), dx (m periods).
      [['layerNormFwd'], 1178, 9818, 890],
      [['layerNormBwd'], 1770, 18390, 1216],
    ];
    for (const [ops, two, rows32, one] of measured)
      for (const op of ops) {
        assert.equal(vectorInstructionCycles(8, vec(op, 2, 768)), two, `${op} 2 x 768`);
        assert.equal(vectorInstructionCycles(8, vec(op, 32, 768)), rows32, `${op} 32 x 768`);
        assert.equal(vectorInstructionCycles(8, vec(op, 1, 768)), one, `${op} 1 x 768`);
      }
  });

  it('opcodes with hardware equal vectorCycles at 1..16 lanes and odd shapes; the others follow their model', () => {
    for (const lanes of [1, 2, 4, 8, 16])
      for (const [m, n] of [
        [1, 1],
        [3, 7],
        [5, 33],
        [32, 3072],
      ] as const) {
        for (const op of VECTOR_HW_OPS)
          assert.equal(
            vectorInstructionCycles(lanes, vec(op, m, n)),
            vectorCycles({ lanes }, vec(op, m, n), VECTOR_HW_OPS),
            `${op} ${m} x ${n} at ${lanes} lanes`,
          );
      }
    assert.deepEqual(Object.keys(MODEL_PLANS).sort(), ['crossEntropyGrad']);
  });

  it('one copy of the lane memory: a pass reads its lane-memory sources in turn', () => {
    const add = vec('add', 4, 64);
    const all = () => true;
    const shape = { ...DEFAULT_PROGRAM_ENGINE, lanes: 8 };
    const oneCopy = instructionCost(shape, add, () => 'lane');
    assert.equal(vectorInstructionCycles(8, add, all), oneCopy);
    // 2 sources: each chunk 2 issue cycles (4 rows x 8 chunks more).
    assert.equal(oneCopy - vectorInstructionCycles(8, add), 4 * 8);
    // On the planes (grad, param) nothing is read in turn.
    assert.equal(
      instructionCost(shape, add, () => 'grad'),
      vectorInstructionCycles(8, add),
    );
  });

  describe('the scoreboard (one GEMM and one vector instruction in flight, in order)', () => {
    const G = gemm(32, 10, 768, 0, 30_000, 40_000); // C at 40,000 .. 40,319
    const dependentAdd: VectorInstruction = {
      op: 'add',
      m: 1,
      n: 8,
      a: rowMajor(40_000, 8),
      b: rowMajor(50_000, 8),
      y: rowMajor(60_000, 8),
    };
    const independentAdd: VectorInstruction = { ...dependentAdd, a: rowMajor(70_000, 8) };
    const overwritesA: VectorInstruction = { ...independentAdd, y: rowMajor(100, 8) }; // write after read
    const run = (
      prog: ProgramInstruction[],
      opts: CostOptions,
      memoryOf: (a: number) => 'lane' | 'grad' = () => 'lane',
    ) => {
      const cycles = prog.map((i) => instructionCost(DEFAULT_PROGRAM_ENGINE, i));
      return scheduleProgram(
        prog,
        cycles,
        prog.map((i) => useOf(i, memoryOf)),
        opts,
      );
    };
    const deps: CostOptions = { memory: 'copy-per-source', overlap: true };
    const gEnd = gemmCycles(engine, G);

    it('a vector instruction reading the GEMM result waits for it; an independent one starts beside it', () => {
      assert.equal(run([G, dependentAdd], deps)[1]!.start, gEnd);
      assert.equal(run([G, overwritesA], deps)[1]!.start, gEnd);
      assert.equal(run([G, independentAdd], deps)[1]!.start, 0);
      // Without overlap, everything waits.
      assert.equal(run([G, independentAdd], { ...deps, overlap: false })[1]!.start, gEnd);
    });

    it('in order: an instruction after a waiting one cannot start before it; the next GEMM waits for its unit', () => {
      const t = run([G, dependentAdd, independentAdd, G], deps);
      assert.equal(t[2]!.start, t[1]!.end);
      assert.equal(t[3]!.start, Math.max(gEnd, t[2]!.start));
    });

    it('one copy of the lane memory: independent but on the same port, it waits; on a plane, it overlaps', () => {
      const planned: CostOptions = { memory: 'one-copy', overlap: true };
      assert.equal(run([G, independentAdd], planned)[1]!.start, gEnd);
      const planes = (a: number) => (a >= 50_000 ? 'grad' : 'lane');
      assert.equal(run([G, { ...independentAdd, a: rowMajor(80_000, 8) }], planned, planes)[1]!.start, 0);
    });
  });

  it('a compiled training step: kinds and stages add up to the total; overlap never costs cycles', () => {
    const cfg = presetConfig('small', { layers: 2 });
    const s = randomSample(new Rng(5), cfg.vocab, cfg.intents, cfg.slots, 9);
    const p = compileTrainingStep(cfg, s.tokens, 'adam');
    for (const memory of ['one-copy', 'copy-per-source'] as const) {
      const c = programCost(p, DEFAULT_PROGRAM_ENGINE, { memory, overlap: true });
      const serial = programCost(p, DEFAULT_PROGRAM_ENGINE, { memory, overlap: false });
      assert.equal(c.kind.gemmOnly + c.kind.vectorOnly + c.kind.overlapped, c.total);
      assert.equal(
        serial.total,
        serial.instructions.reduce((a, x) => a + x.cycles, 0),
      );
      assert.equal(serial.kind.overlapped, 0);
      assert.ok(c.total <= serial.total);
      assert.equal(
        c.stages.reduce((a, x) => a + x.wall, 0),
        c.total,
      );
      assert.equal(
        Object.values(c.groups).reduce((a, x) => a + x.gemm + x.vector, 0),
        serial.total,
      );
      assert.equal(c.layers.length, 2);
      assert.ok(c.utilization > 0 && c.utilization < 1);
    }
  });

  it('no GEMM the engine would refuse for bank conflicts, at lengths that are multiples of the 17 banks', () => {
    // T x T blocks (probabilities, dP, dS) get row stride T + 1 there (layout.ts conflictFreeStride):
    // with stride 17 every row of a column sat in one bank and A = P V, dQ = dS K had all lanes on it.
    const cfg = presetConfig('small', { layers: 1 });
    for (const T of [16, 17, 32]) {
      const s = randomSample(new Rng(T), cfg.vocab, cfg.intents, cfg.slots, T);
      const c = programCost(compileTrainingStep(cfg, s.tokens, 'adam'), DEFAULT_PROGRAM_ENGINE, PLANNED);
      assert.equal(c.bankConflicts, 0, `length ${T}`);
    }
  });
});
