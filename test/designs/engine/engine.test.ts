// The contraction engine's Verilog in Icarus at small shapes: every buffer bit-identical to the FP32
// model after single GEMM steps (strided, transposed, broadcast, accumulating) and after the forward,
// backward and SGD steps of a TT linear layer; cycles equal to the cycle model, per step.
import assert from 'node:assert/strict';
import path from 'node:path';
import { gemm, type OperandRef, type BufferDecl } from '../../../designs/tt/gemm-step.js';
import { planTTLinear, type TTSchedule } from '../../../designs/tt/tt-planner.js';
import { ttLayer } from '../../../designs/transformer/config.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { compileEngine, runEngine, type CompiledEngine } from '../../../designs/engine/engine-sim.js';
import {
  layoutFor,
  randomScheduleBuffers,
  runScheduleOnEngine,
  scheduleGemms,
} from '../../../designs/engine/run-schedule.js';
import { compileProgram, encodeProgram } from '../../../designs/engine/program.js';
import { packBuffers } from '../../../designs/engine/data-layout.js';
import { encodeInstruction } from '../../../designs/engine/instruction.js';
import { minRounds, loopSlots, type EngineConfig } from '../../../designs/engine/engine-config.js';
import { executeGemmStep32 } from '../../../designs/tt/gemm32.js';
import { requireTool, scratchDir, verilatorLint, writeFiles } from '../../support/tools.js';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { ContractionEngine } from '../../../designs/engine/engine.js';

const ref = (buffer: string, rowStride: number, colStride: number, offset = 0): OperandRef => ({
  buffer,
  offset,
  rowStride,
  colStride,
});
const DEPTH = 1024;

/** Values with signed zeros, subnormal products and ordinary magnitudes mixed in. */
function awkward(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => {
    const u = rng.next();
    if (u < 0.08) return 0;
    if (u < 0.16) return -0;
    if (u < 0.24) return Math.fround((rng.next() - 0.5) * 1e-20);
    return Math.fround((rng.next() * 2 - 1) * 2 ** (rng.int(8) - 4));
  });
}

/** A schedule-shaped wrapper around hand-written steps, so runScheduleOnEngine can compare them. */
function asSchedule(buffers: BufferDecl[], steps: ReturnType<typeof gemm>[]): TTSchedule {
  return { shape: ttLayer([1], [1], 1), K: 1, optimizer: 'sgd', buffers, forward: steps, backward: [], update: [] };
}

const configs: EngineConfig[] = [
  { rows: 2, cols: 3, macStages: 2 },
  { rows: 4, cols: 4, macStages: 3 },
];

describe('designs/engine ContractionEngine in Icarus', function () {
  this.timeout(180_000);
  const compiled = new Map<EngineConfig, CompiledEngine>();
  before(async function () {
    await requireTool(this, 'iverilog');
    for (const cfg of configs) {
      const dir = scratchDir(`engine-${cfg.rows}x${cfg.cols}-s${cfg.macStages}`);
      compiled.set(cfg, await compileEngine(cfg, DEPTH, 64, 'icarus', path.join(dir)));
    }
  });

  for (const cfg of configs) {
    const name = `${cfg.rows}x${cfg.cols}, P=${loopSlots(cfg)}`;

    it(`${name}: strided, transposed, broadcast and accumulating GEMM steps are bit-exact, cycles as modelled`, async () => {
      const rng = new Rng(cfg.rows * 100 + cfg.cols);
      const buffers: BufferDecl[] = [
        { name: 'A', words: 120, role: 'input' },
        { name: 'B', words: 120, role: 'input' },
        { name: 'C', words: 120, role: 'output' },
        { name: 'D', words: 120, role: 'output' },
        { name: 'one', words: 1, role: 'const' },
      ];
      const steps = [
        gemm('row-major', 7, 5, 6, ref('A', 6, 1), ref('B', 5, 1), ref('C', 5, 1)),
        gemm('A^T and B^T, offsets', 5, 9, 4, ref('A', 1, 5, 3), ref('B', 1, 9, 2), ref('D', 9, 1, 1)),
        gemm('accumulate into C (strided C)', 4, 5, 3, ref('D', 9, 1), ref('A', 5, 1, 40), ref('C', 10, 2, 50), true),
        gemm(
          'broadcast one, k = 1, accumulate',
          9,
          5,
          1,
          ref('one', 0, 0),
          ref('B', 5, 1, 60),
          ref('D', 5, 1, 60),
          true,
        ),
        gemm('one row, long k', 1, 3, 17, ref('A', 0, 1, 10), ref('B', 3, 1), ref('C', 3, 1, 100)),
      ];
      const sched = asSchedule(buffers, steps);
      const data = new Map(buffers.map((b) => [b.name, awkward(rng, b.words)]));
      data.set('one', Float32Array.of(1));
      const run = await runScheduleOnEngine(compiled.get(cfg)!, cfg, sched, steps, data);
      assert.deepEqual(run.mismatches, []);
      assert.deepEqual(
        run.steps.map((s) => s.simCycles),
        run.steps.map((s) => s.modelCycles),
      );
      assert.equal(run.simCycles, run.modelCycles);
    });

    it(`${name}: TT linear layer forward, backward and SGD update, every buffer bit-exact`, async () => {
      for (const [shape, K] of [
        [ttLayer([2, 4], [4, 2], 3), 5],
        [ttLayer([3, 2, 2], [2, 5], 2), 3],
      ] as const) {
        const s = planTTLinear(shape, K, 'sgd');
        const steps = scheduleGemms(s, ['forward', 'backward', 'update']);
        const run = await runScheduleOnEngine(
          compiled.get(cfg)!,
          cfg,
          s,
          steps,
          randomScheduleBuffers(s, 17 + K, 0.03),
        );
        assert.deepEqual(run.mismatches, [], `${shape.inShape} -> ${shape.outShape}`);
        assert.deepEqual(
          run.steps.map((x) => x.simCycles),
          run.steps.map((x) => x.modelCycles),
        );
        assert.ok(run.macs > 0 && run.utilization > 0 && run.utilization <= 1);
      }
    });
  }

  it('the data memory is built from RAMs with one write and one read port each (what a BRAM or URAM offers)', () => {
    const design = elaborate(new ContractionEngine({ rows: 4, cols: 10, macStages: 8 }, 4096, 8));
    const mems = design.modules.flatMap((m) => m.memories.map((x) => ({ module: m.name, ...x })));
    const data = mems.filter((m) => m.width === 32);
    // One module for all banks (same parameters): 17 banks x 3 copies are instances of it.
    assert.ok(data.length >= 1);
    for (const m of mems) {
      assert.ok(
        m.writePorts.length <= 1 && m.readPorts.length <= 1,
        `${m.module}.${m.name}: ${m.writePorts.length} write / ${m.readPorts.length} read ports`,
      );
    }
    const banks = design.modules.filter((m) => m.name.startsWith('SimpleDualPortRam')).flatMap((m) => m.memories);
    assert.deepEqual(
      banks.map((b) => [b.width, b.depth]),
      [[32, 4096 / 16]],
    );
    const top = design.modules.find((m) => m.name.startsWith('BankedDataMemory'))!;
    assert.equal(top.instances.filter((i) => i.module.name.startsWith('SimpleDualPortRam')).length, 3 * 17);
  });

  it('the program generator refuses a step whose lanes would share a bank, and names the step and stride', () => {
    const buffers: BufferDecl[] = [
      { name: 'A', words: 400, role: 'input' },
      { name: 'B', words: 400, role: 'input' },
      { name: 'C', words: 400, role: 'output' },
    ];
    const layout = layoutFor(asSchedule(buffers, []));
    const wide = gemm('A rows 34 apart', 6, 4, 3, ref('A', 34, 1), ref('B', 4, 1), ref('C', 4, 1));
    assert.throws(
      () => compileProgram({ rows: 4, cols: 4, macStages: 3 }, [wide], layout, { transpose: 'never' }),
      /step 'A rows 34 apart': A lane \(row\) stride 34 is a multiple of the 17 data-memory banks/,
    );
    // Turned around, A^T feeds the B lanes with the same stride: refused too (as a B lane stride).
    assert.throws(
      () => compileProgram({ rows: 4, cols: 4, macStages: 3 }, [wide], layout, { transpose: 'always' }),
      /B lane \(column\) stride 34/,
    );
    // One row only: lane 0 alone, no conflict possible.
    assert.doesNotThrow(() =>
      compileProgram(
        { rows: 4, cols: 4, macStages: 3 },
        [gemm('one row', 1, 4, 3, ref('A', 34, 1), ref('B', 4, 1), ref('C', 4, 1))],
        layout,
        { transpose: 'never' },
      ),
    );
    // Five banks cannot run a schedule with rank-5 strides; 17 can.
    const s5 = planTTLinear(ttLayer([3, 2, 2], [2, 5], 2), 3, 'sgd');
    const steps5 = scheduleGemms(s5, ['forward', 'backward', 'update']);
    assert.throws(
      () => compileProgram({ rows: 4, cols: 4, macStages: 3, banks: 5 }, steps5, layoutFor(s5)),
      /multiple of the 5 data-memory banks/,
    );
    assert.doesNotThrow(() => compileProgram({ rows: 4, cols: 4, macStages: 3 }, steps5, layoutFor(s5)));
  });

  it('the emitted Verilog of a 3x2 engine passes verilator --lint-only -Wall', async function () {
    await requireTool(this, 'verilator');
    const files = writeFiles(
      scratchDir('engine-lint'),
      emitVerilog(elaborate(new ContractionEngine({ rows: 3, cols: 2, macStages: 1 }, 256, 8))).files,
    );
    const r = await verilatorLint(files, 'ContractionEngine');
    assert.equal(r.output.trim(), '');
    assert.equal(r.exitCode, 0);
  });

  it('the window length is a real constraint: one round below the minimum corrupts the results', async () => {
    const cfg = configs[1]!;
    const s = planTTLinear(ttLayer([2, 4], [4, 2], 3), 5, 'sgd');
    const steps = scheduleGemms(s, ['forward']);
    const layout = layoutFor(s);
    const data = randomScheduleBuffers(s, 5);
    const image = new Float32Array(DEPTH);
    image.set(packBuffers(layout, data));
    const prog = compileProgram(cfg, steps, layout);
    const short = prog.map((ins) => {
      if (ins.rounds !== minRounds(cfg)) return ins;
      const P = loopSlots(cfg);
      return { ...ins, rounds: ins.rounds - 1, stepCycles: ins.stepCycles - (ins.groups + 1) * P };
    });
    assert.ok(
      short.some((x, i) => x.rounds < prog[i]!.rounds),
      'some step runs at the minimum window',
    );
    const good = await runEngine(compiled.get(cfg)!, image, encodeProgram(prog));
    const bad = await runEngine(compiled.get(cfg)!, image, short.map(encodeInstruction)).catch((e: Error) => e);
    const model = new Map([...data].map(([k, v]) => [k, Float32Array.from(v)]));
    for (const st of steps) executeGemmStep32(st, model);
    const y = model.get('Y')!;
    const at = layout.base.get('Y')!;
    const same = (img: Float32Array) => y.every((v, i) => Object.is(v, img[at + i]));
    assert.ok(same(good.image), 'the generated program is exact');
    // Broken either way: unknown (never initialised) words written, or wrong values.
    if (bad instanceof Error) assert.match(bad.message, /word \d+ is 'x+'/);
    else assert.ok(!same(bad.image), 'the shortened windows must break it');
  });
});
