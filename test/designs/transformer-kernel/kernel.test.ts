// The transformer kernel's shell over AXI, with the tiny program (tiny-program.ts): a batch mixing
// good samples of several lengths with every kind of bad record. Every output word and every word of
// the data memory (read back with the store flag) equals the reference invocation (checkInputRecord's
// statuses, the kernel's writes, the program interpreter); a batch of only bad records leaves the
// parameters untouched; evaluation leaves them untouched too; the driver names each skipped sample
// and why. Built-in simulator and Icarus; the emitted Verilog lints clean.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CombinedConfig } from '../../../designs/engine/combined-core.js';
import {
  FLAG_EVAL_ONLY,
  FLAG_LOAD_PARAMS,
  FLAG_STORE_PARAMS,
  STATUS_CORE_ERROR,
} from '../../../designs/transformer-kernel/kernel-options.js';
import { type Batch, TransformerKernelDriver } from '../../../designs/transformer-kernel/kernel-driver.js';
import { referenceInvocation } from '../../../designs/transformer-kernel/kernel-reference.js';
import { encodeInputRecords, inputStride } from '../../../designs/transformer-kernel/sample-record.js';
import { tinyKernel } from '../../../designs/transformer-kernel/tiny-program.js';
import { TransformerTrainKernel } from '../../../designs/transformer-kernel/transformer-kernel.js';
import { Rng } from '../../../designs/transformer/rng.js';
import type { BackendName } from '../../../sim/backend.js';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { arbRecord } from './arb-records.js';
import { hasTool, iverilogCompile, requireTool, scratchDir, verilatorLint, writeFiles } from '../../support/tools.js';

const shape = { vocab: 50, maxTokens: 6, intents: 5, slots: 7 };
const core: CombinedConfig = {
  engine: { rows: 2, cols: 3, macStages: 1 },
  lanes: 2,
  engineDepth: 256,
  vectorDepth: 128,
  progDepth: 16,
  families: ['arith'],
};
const M = shape.maxTokens;
const slot0 = 2 + M;

const sample = (tokens: number[], slots: number[], intent: number) => ({
  tokens: Int32Array.from(tokens),
  slots: Int32Array.from(slots),
  intent,
});
const goods = [
  sample([1, 7, 3], [-1, 2, 6], 4),
  sample([2], [-1], 0),
  sample([9, 49, 0, 5, 8, 11], [-1, 0, -1, 3, 3, 1], 2),
  sample([4, 4, 6, 2], [-1, -1, -1, -1], 1), // nothing scored: 1/scored is 0
];
/** Bad records: each made from a good one with one edit; the last two fail two checks at once. */
const badEdits: [string, (w: Uint32Array) => void][] = [
  ['length 0', (w) => (w[0] = 0)],
  ['length 7 > 6', (w) => (w[0] = 7)],
  ['token 2 is id 50, table has 50', (w) => (w[4] = 50)],
  ['intent label 5 outside 0..4', (w) => (w[1] = 5)],
  ['intent label -1 outside 0..4', (w) => (w[1] = 0xffff_ffff)],
  ['slot label 1 is 7, outside -1..6', (w) => (w[slot0 + 1] = 7)],
  ['slot label 2 is -2, outside -1..6', (w) => (w[slot0 + 2] = -2 >>> 0)],
  [
    'token 0 is id 99, table has 50',
    (w) => {
      w[2] = 99;
      w[1] = 9;
    },
  ],
  [
    'length 0',
    (w) => {
      w[0] = 0;
      w[slot0] = 100;
    },
  ],
];

function batch(order: ('good' | 'bad')[], seed: number): { records: Uint32Array; reasons: string[] } {
  const rng = new Rng(seed);
  const records = new Uint32Array(order.length * inputStride(M));
  const reasons: string[] = [];
  let gi = 0;
  let bi = 0;
  order.forEach((kind, i) => {
    // A bad record is the longest good one with an edit, so every position's check applies.
    const rec = encodeInputRecords(shape, [kind === 'bad' ? goods[2]! : goods[gi++ % goods.length]!]);
    if (kind === 'bad') {
      const [reason, edit] = badEdits[bi++ % badEdits.length]!;
      edit(rec);
      reasons.push(`sample ${i} skipped: ${reason}`);
    }
    // Padding past the length: words the checks must ignore.
    const T = rec[0]!;
    for (let t = T; t < M && T <= M; t++) {
      rec[2 + t] = 1000 + Math.floor(rng.next() * 1000);
      rec[slot0 + t] = 1000;
    }
    records.set(rec, i * inputStride(M));
  });
  return { records, reasons };
}

const lrTable = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return new Uint32Array(Float32Array.from({ length: n }, () => 0.01 + 0.1 * rng.next()).buffer);
};

function firstDiff(a: Uint32Array, b: Uint32Array): string {
  const i = a.findIndex((x, j) => x !== b[j]);
  return i < 0 ? 'equal' : `word ${i}: kernel ${a[i]!.toString(16)}, reference ${b[i]!.toString(16)}`;
}

async function runKernelCase(backend: BackendName) {
  const tiny = tinyKernel(shape, core);
  const kernel = new TransformerTrainKernel(tiny.options);
  const drv = await TransformerKernelDriver.open(kernel, { backend, throughput: 0.7, seed: 3 });
  try {
    const words = tiny.options.params.words;
    const rng = new Rng(11);
    const initial = new Uint32Array(Float32Array.from({ length: words }, () => Math.fround(4 * rng.next() - 2)).buffer);
    const image = new Float32Array(new Uint32Array(initial).buffer);
    const hbmParams = new Uint32Array(initial);
    const cycles: number[] = [];
    const call = async (b: Batch, reasons: string[]) => {
      const want = referenceInvocation(tiny.options, tiny.programs, image, {
        samples: b.samples,
        flags: b.flags,
        records: b.records,
        lrTable: b.lrTable ?? new Uint32Array(b.samples),
        params: hbmParams,
      });
      const got = await drv.run(b);
      cycles.push(got.cycles);
      assert.equal(firstDiff(got.outputs, want), 'equal', 'output records');
      assert.deepEqual(got.problems, reasons);
      for (const s of got.samples) assert.equal(s.status, s.expected, `sample ${s.index}'s status`);
      if (got.params) assert.equal(firstDiff(got.params, hbmParams), 'equal', 'data memory after the invocation');
      return got;
    };

    // 1. Load, a mixed batch, store.
    const order1: ('good' | 'bad')[] = [
      'good',
      'bad',
      'bad',
      'good',
      'bad',
      'bad',
      'good',
      'bad',
      'bad',
      'good',
      'bad',
      'bad',
      'bad',
    ];
    const b1 = batch(order1, 1);
    const before = new Uint32Array(hbmParams);
    const r1 = await call(
      {
        samples: order1.length,
        flags: FLAG_LOAD_PARAMS | FLAG_STORE_PARAMS,
        records: b1.records,
        lrTable: lrTable(order1.length, 2),
        params: initial,
      },
      b1.reasons,
    );
    const P = (w: Uint32Array) => Array.from(w.subarray(tiny.pBase, tiny.pBase + M));
    assert.notDeepEqual(P(r1.params!), P(before), 'the good samples moved the parameters');
    assert.equal(r1.samples.filter((s) => s.status === 0).length, 4);

    // 2. Only bad records: not one word of the data memory changes.
    const order2: ('good' | 'bad')[] = Array.from({ length: badEdits.length }, () => 'bad');
    const b2 = batch(order2, 4);
    const after1 = new Uint32Array(r1.params!);
    const r2 = await call(
      { samples: order2.length, flags: FLAG_STORE_PARAMS, records: b2.records, lrTable: lrTable(order2.length, 5) },
      b2.reasons,
    );
    assert.equal(firstDiff(r2.params!, after1), 'equal', 'bad samples leave the data memory untouched');

    // 3. Evaluation: predictions and losses, P untouched.
    const order3: ('good' | 'bad')[] = ['good', 'good', 'bad', 'good'];
    const b3 = batch(order3, 6);
    const r3 = await call(
      { samples: order3.length, flags: FLAG_EVAL_ONLY | FLAG_STORE_PARAMS, records: b3.records },
      b3.reasons,
    );
    assert.deepEqual(P(r3.params!), P(after1), 'evaluation does not update');
    return cycles;
  } finally {
    await drv.close();
  }
}

describe('designs/transformer-kernel: the kernel shell over AXI', function () {
  this.timeout(600_000);
  let builtinCycles: number[] = [];

  it('built-in: good and bad records mixed; outputs, statuses, data memory equal the reference; bad ones touch nothing', async () => {
    builtinCycles = await runKernelCase('builtin');
  });

  it('built-in: 24 random edge-biased records (two invocations, training then evaluation): every word equals the reference', async () => {
    const tiny = tinyKernel(shape, core);
    const drv = await TransformerKernelDriver.open(new TransformerTrainKernel(tiny.options), {
      backend: 'builtin',
      throughput: 0.5,
      seed: 9,
    });
    try {
      const words = tiny.options.params.words;
      const initial = new Uint32Array(
        Float32Array.from({ length: words }, (_, i) => Math.fround((i % 13) / 8 - 0.7)).buffer,
      );
      const image = new Float32Array(new Uint32Array(initial).buffer);
      const hbm = new Uint32Array(initial);
      const records = fc.sample(arbRecord(shape), { numRuns: 24, seed: 5 });
      let good = 0;
      for (const [flags, part] of [
        [FLAG_LOAD_PARAMS | FLAG_STORE_PARAMS, records.slice(0, 16)],
        [FLAG_EVAL_ONLY | FLAG_STORE_PARAMS, records.slice(16)],
      ] as const) {
        const b: Batch = {
          samples: part.length,
          flags,
          records: Uint32Array.from(part.flatMap((r) => [...r])),
          lrTable: lrTable(part.length, flags),
          params: initial,
        };
        const want = referenceInvocation(tiny.options, tiny.programs, image, {
          ...b,
          lrTable: b.lrTable!,
          params: hbm,
        });
        const got = await drv.run(b);
        assert.equal(firstDiff(got.outputs, want), 'equal', 'output records');
        assert.equal(firstDiff(got.params!, hbm), 'equal', 'data memory');
        good += got.samples.filter((s) => s.status === 0).length;
        for (const s of got.samples) assert.equal(s.status, s.expected);
      }
      assert.ok(good >= 4 && good <= 20, `${good} good records of 24: both kinds occur`);
    } finally {
      await drv.close();
    }
  });

  it('built-in: a bad program word stops the core: status 6 with +0 and -1s, reported; a bad record keeps its own status', async () => {
    const tiny = tinyKernel(shape, core);
    // Evaluation starts at an all-zero word (kind 0): the core stops with its error flag.
    const program = [...tiny.options.program, 0n];
    const kernel = new TransformerTrainKernel({
      ...tiny.options,
      program,
      entry: { ...tiny.options.entry, eval: program.length - 1 },
    });
    const drv = await TransformerKernelDriver.open(kernel, { backend: 'builtin' });
    try {
      const { records } = batch(['good', 'bad'], 8);
      const r = await drv.run({ samples: 2, flags: FLAG_EVAL_ONLY, records });
      assert.deepEqual(
        r.samples.map((s) => [s.status, s.lossBits, s.intentPred, [...s.slotPred]]),
        [
          [STATUS_CORE_ERROR, 0, -1, Array(M).fill(-1)],
          [1, 0, -1, Array(M).fill(-1)],
        ],
      );
      assert.deepEqual(r.problems, [
        'sample 0: the core stopped with an error (a bad program word)',
        'sample 1 skipped: length 0',
      ]);
    } finally {
      await drv.close();
    }
  });

  it('Icarus: the emitted Verilog gives the same words and the same cycles', async function () {
    await requireTool(this, 'iverilog');
    const cycles = await runKernelCase('icarus');
    assert.deepEqual(cycles, builtinCycles);
  });

  it('Verilator -Wall lint and iverilog -g2012 compile without a warning', async function () {
    await requireTool(this, 'verilator');
    const dir = scratchDir('transformer-kernel-lint');
    const files = writeFiles(
      dir,
      emitVerilog(elaborate(new TransformerTrainKernel(tinyKernel(shape, core).options))).files,
    );
    const v = files.filter((f) => f.endsWith('.v'));
    const lint = await verilatorLint(v, 'transformer_train');
    assert.equal(lint.exitCode, 0, lint.output);
    assert.equal(lint.output.trim(), '', lint.output);
    if (await hasTool('iverilog')) {
      const c = await iverilogCompile(v, 'transformer_train', `${dir}/a.vvp`);
      assert.equal(c.exitCode, 0, c.output);
      assert.equal(c.output.trim(), '', c.output);
    }
  });
});
