// The TT linear training kernel driven only through its AXI interfaces (arguments over s_axi_control,
// ap_start, ap_done polls; X, T, parameters and losses in an AXI memory model with random stalls):
// after every invocation every parameter word and every loss is bit-identical to the FP32 model, and
// the loss falls. Built-in simulator and Icarus; the emitted Verilog lints clean in Verilator -Wall.
import assert from 'node:assert/strict';
import {
  trainOnKernel,
  type KernelTrainOptions,
  type KernelTrainReport,
} from '../../../designs/tt-linear/kernel-driver.js';
import { TtLinearTrainKernel } from '../../../designs/tt-linear/tt-linear-kernel.js';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { buildU50 } from '../../../build/targets/u50/build-u50.js';
import { hasTool, requireTool, scratchDir, verilatorLint, writeFiles, iverilogCompile } from '../../support/tools.js';

const small: Omit<KernelTrainOptions, 'backend'> = {
  layer: '2x4:4x2',
  rank: 3,
  tokens: 5,
  engine: '2x3:1',
  steps: 4,
  lr: 0.02,
  throughput: 0.7,
  maxBeats: 8,
};

function checkReport(r: KernelTrainReport, monotone: boolean): void {
  for (const c of r.calls)
    assert.equal(
      c.paramMismatches,
      0,
      `after step ${c.firstStep + c.steps}: ${c.paramMismatches} parameter words differ (${c.firstMismatch})`,
    );
  for (const s of r.steps) assert.ok(s.lossBitsEqual, `step ${s.step + 1}: loss ${s.loss} vs model ${s.modelLoss}`);
  assert.ok(r.bitExact);
  if (monotone)
    r.steps.slice(1).forEach((s, i) => assert.ok(s.loss < r.steps[i]!.loss, `loss rose at step ${s.step + 1}`));
  else assert.ok(r.lossFell);
  // The core's stages take the modelled cycles (start cycle to done) plus the cycle that sees it idle.
  for (const c of r.calls)
    for (const st of ['fp', 'bp', 'pu'] as const)
      assert.equal(c.phases[st], c.steps * (r.modelStageCycles[st] + 1), `${st} cycles`);
}

describe('designs/tt-linear kernel over AXI', function () {
  this.timeout(600_000);
  let builtin: KernelTrainReport;

  it('built-in: 4 SGD steps on one batch, parameters and losses bit-exact after every step, loss falls at every step', async () => {
    builtin = await trainOnKernel({ ...small, backend: 'builtin' });
    checkReport(builtin, true);
    assert.equal(builtin.calls.length, 4);
  });

  it('built-in: 3 samples, 3 steps per invocation (the kernel loops over samples itself), another engine shape', async () => {
    const r = await trainOnKernel({
      ...small,
      backend: 'builtin',
      layer: '3x2x2:2x5',
      rank: 2,
      tokens: 3,
      engine: '4x4:3',
      samples: 3,
      steps: 6,
      stepsPerCall: 3,
      lr: 0.01,
      seed: 9,
    });
    checkReport(r, false);
    assert.deepEqual(
      r.calls.map((c) => c.steps),
      [3, 3],
    );
  });

  it('Icarus: the emitted Verilog trains bit-exact with the same cycle counts as the built-in simulator', async function () {
    await requireTool(this, 'iverilog');
    const r = await trainOnKernel({ ...small, backend: 'icarus', steps: 3 });
    checkReport(r, true);
    assert.deepEqual(
      r.calls.map((c) => c.cycles),
      builtin.calls.slice(0, 3).map((c) => c.cycles),
      'same cycles per invocation as the built-in simulator',
    );
  });

  it('--target u50 project: kernel.xml has the seven arguments, the memory plan lists the data memory banks without a port warning, two builds are byte-identical', async () => {
    const build = async () => {
      const top = new TtLinearTrainKernel({ layer: '2x4:4x2', rank: 3, tokens: 5, engine: '2x3:1', maxBeats: 8 });
      const design = elaborate(top);
      return buildU50(top, design, emitVerilog(design), { estimate: false });
    };
    const [a, b] = [await build(), await build()];
    assert.deepEqual(
      a.files.map((f) => f.name),
      b.files.map((f) => f.name),
    );
    a.files.forEach((f, i) => assert.equal(f.text, b.files[i]!.text, `${f.name} differs between builds`));
    const xml = a.files.find((f) => f.name === 'kernel.xml')!.text;
    for (const arg of ['steps', 'flags', 'lr', 'x', 't', 'params', 'loss'])
      assert.match(xml, new RegExp(`<arg name="${arg}"`));
    const plan = JSON.parse(a.files.find((f) => f.name === 'memory-plan.json')!.text) as {
      memories: { path: string; portWarning?: string }[];
    };
    assert.deepEqual(
      plan.memories.filter((m) => m.portWarning).map((m) => m.path),
      [],
      'every memory has at most a write and a read port',
    );
    assert.equal(
      plan.memories.filter((m) => /engine\/mem_[ev]_(engine|vector)\/(a|b|fill)_bank\d+\//.test(m.path)).length,
      4 * 3 * 17,
      "two regions, each with the engine's and the vector unit's lanes: four times three copies of 17 banks",
    );
    const prog = a.files.find((f) => f.name === 'rtl/CombinedCore.v')!.text;
    assert.match(prog, /prog_mem\[0\] = 590'h/, 'the program ROM carries the schedule');
  });

  it('Verilator -Wall lint and iverilog -g2012 compile without a warning', async function () {
    await requireTool(this, 'verilator');
    const dir = scratchDir('tt-linear-lint');
    const files = writeFiles(
      dir,
      emitVerilog(
        elaborate(new TtLinearTrainKernel({ layer: '2x4:4x2', rank: 3, tokens: 5, engine: '2x3:1', maxBeats: 8 })),
      ).files,
    );
    const v = files.filter((f) => f.endsWith('.v'));
    const lint = await verilatorLint(v, 'tt_linear_train');
    assert.equal(lint.exitCode, 0, lint.output);
    assert.equal(lint.output.trim(), '', lint.output);
    if (await hasTool('iverilog')) {
      const c = await iverilogCompile(v, 'tt_linear_train', `${dir}/a.vvp`);
      assert.equal(c.exitCode, 0, c.output);
      assert.equal(c.output.trim(), '', c.output);
    }
  });
});
