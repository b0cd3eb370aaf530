// Banked tensors in hardware: the address generator matches the bank map on every index, and random
// element/row writes and reads of a BankedTensor and a PingPongBuffer match their logical models, in
// the built-in simulator and in Icarus; their Verilog is lint-clean.
import assert from 'node:assert/strict';
import path from 'node:path';
import { elaborate, emitVerilog, type Module } from '../../../dsl/index.js';
import { bankMap, type Partition } from '../../../rtl-lib/mem/bank-map.js';
import { BankAddressGenerator } from '../../../rtl-lib/mem/bank-address.js';
import { BankedTensor, PingPongBuffer } from '../../../rtl-lib/mem/banked-tensor.js';
import { BankedTensorModel, PingPongModel, type BankedInputs } from '../../../rtl-lib/mem/banked-model.js';
import { simulate } from '../../../sim/simulate.js';
import { hasIcarus } from '../../../sim/tools.js';
import { iverilogCompile, requireTool, scratchDir, verilatorLint, writeFiles } from '../../support/tools.js';
import { prng } from './ram-harness.js';

const backends = ['builtin', 'icarus'] as const;
const MAPS: [number, Partition, number][] = [
  [100, 'cyclic', 3],
  [64, 'cyclic', 4],
  [37, 'block', 5],
  [256, 'block', 4],
  [12, 'complete', 1],
  [1000, 'cyclic', 7],
];

describe('mem: bank address generator', function () {
  this.timeout(120_000);
  for (const backend of backends) {
    for (const [words, partition, banks] of MAPS) {
      it(`${backend}: ${partition} ${words} words over ${banks} banks, every index`, async function () {
        if (backend === 'icarus' && !hasIcarus()) this.skip();
        const map = bankMap(words, partition, banks);
        const sim = await simulate(new BankAddressGenerator(map), { backend });
        try {
          const idx = Array.from({ length: words }, (_, i) => i);
          const r = await sim.vectors({ index: idx }, { outputs: ['bank', 'addr'] });
          const want = idx.map((i) => map.locate(i));
          assert.deepEqual(
            r.get('bank').map(Number),
            want.map((l) => l.bank),
          );
          assert.deepEqual(
            r.get('addr').map(Number),
            want.map((l) => l.addr),
          );
        } finally {
          await sim.close();
        }
      });
    }
  }
});

/** Random banked-tensor traffic; returns the number of compared samples, throws on a difference. */
async function runBanked(
  backend: 'builtin' | 'icarus',
  words: number,
  partition: Partition,
  banks: number,
  latency: 1 | 2 | 3,
  cycles: number,
  seed: number,
): Promise<number> {
  const hw = new BankedTensor({ words, width: 16, partition, banks, latency });
  const map = hw.map;
  const model = new BankedTensorModel(map, latency);
  const rnd = prng(seed);
  const cols: Record<string, bigint[]> = {};
  const push = (k: string, v: bigint | number | boolean) => (cols[k] ??= []).push(BigInt(v));
  const expected: ReturnType<BankedTensorModel['step']>[] = [];
  for (let c = 0; c < cycles; c++) {
    const p: BankedInputs = {
      // Fill the tensor with row writes first, then mix.
      wr_row_en: c < map.depth ? true : rnd() < 0.1,
      wr_row: c < map.depth ? c : Math.floor(rnd() * map.depth),
      wr_lanes: Array.from({ length: map.banks }, () => BigInt(Math.floor(rnd() * 65536))),
      wr_en: rnd() < 0.5,
      wr_index: Math.floor(rnd() * words),
      wr_data: BigInt(Math.floor(rnd() * 65536)),
      rd_en: rnd() < 0.8,
      rd_index: Math.floor(rnd() * words),
    };
    push('wr_en', p.wr_en);
    push('wr_index', p.wr_index);
    push('wr_data', p.wr_data);
    push('wr_row_en', p.wr_row_en);
    push('wr_row', p.wr_row);
    p.wr_lanes.forEach((v, k) => push(`wr_lanes_${k}`, v));
    push('rd_en', p.rd_en);
    push('rd_index', p.rd_index);
    expected.push(model.step(p));
  }
  const outs = ['rd_data', ...Array.from({ length: map.banks }, (_, k) => `rd_lanes_${k}`)];
  const sim = await simulate(hw, { backend });
  try {
    const r = await sim.vectors(cols, { outputs: outs });
    const got = Object.fromEntries(outs.map((o) => [o, r.get(o)]));
    let compared = 0;
    expected.forEach((e, c) => {
      const check = (name: string, want: bigint | undefined) => {
        if (want === undefined) return;
        compared++;
        assert.equal(got[name]![c], want, `cycle ${c}: ${name}`);
      };
      check('rd_data', e.rd_data);
      e.rd_lanes.forEach((v, k) => check(`rd_lanes_${k}`, v));
    });
    return compared;
  } finally {
    await sim.close();
  }
}

describe('mem: BankedTensor against its logical model', function () {
  this.timeout(120_000);
  const cases: [number, Partition, number, 1 | 2 | 3][] = [
    [64, 'cyclic', 4, 1],
    [30, 'cyclic', 3, 2],
    [40, 'block', 4, 3],
    [8, 'complete', 1, 2],
  ];
  for (const backend of backends) {
    for (const [words, partition, banks, latency] of cases) {
      it(`${backend}: ${partition} ${words} words, ${banks} banks, latency ${latency}`, async function () {
        if (backend === 'icarus' && !hasIcarus()) this.skip();
        const compared = await runBanked(backend, words, partition, banks, latency, 400, 5);
        assert.ok(compared > 400, `only ${compared} samples compared`);
      });
    }
  }
});

describe('mem: PingPongBuffer against its model', function () {
  this.timeout(120_000);
  for (const backend of backends) {
    for (const [depth, latency] of [
      [16, 1],
      [12, 2],
    ] as const) {
      it(`${backend}: depth ${depth}, latency ${latency}`, async function () {
        if (backend === 'icarus' && !hasIcarus()) this.skip();
        const model = new PingPongModel(depth, latency);
        const rnd = prng(depth * 7 + latency);
        const cycles = 500;
        const cols: Record<string, number[]> = {
          rst: [],
          swap: [],
          wr_en: [],
          wr_addr: [],
          wr_data: [],
          rd_en: [],
          rd_addr: [],
        };
        const want: ReturnType<PingPongModel['step']>[] = [];
        for (let c = 0; c < cycles; c++) {
          // Phases of `depth` cycles: fill one buffer while draining the other, then swap.
          const p = {
            swap: c > 0 && c % depth === 0,
            wr_en: rnd() < 0.9,
            wr_addr: c % depth,
            wr_data: BigInt(Math.floor(rnd() * 65536)),
            rd_en: rnd() < 0.9,
            rd_addr: Math.floor(rnd() * depth),
          };
          cols.rst!.push(c === 0 ? 1 : 0);
          cols.swap!.push(+p.swap);
          cols.wr_en!.push(+p.wr_en);
          cols.wr_addr!.push(p.wr_addr);
          cols.wr_data!.push(Number(p.wr_data));
          cols.rd_en!.push(+p.rd_en);
          cols.rd_addr!.push(p.rd_addr);
          // Cycle 0 is the reset: the buffer select stays 0, nothing else is affected.
          want.push(model.step(c === 0 ? { ...p, swap: false } : p));
        }
        const sim = await simulate(new PingPongBuffer(depth, 16, { latency }), { backend });
        try {
          const r = await sim.vectors(cols, { outputs: ['rd_data', 'wr_buf'] });
          const data = r.get('rd_data');
          const buf = r.get('wr_buf');
          let compared = 0;
          want.forEach((w, c) => {
            assert.equal(Number(buf[c]), w.wr_buf, `cycle ${c}: wr_buf`);
            if (w.rd_data !== undefined) {
              compared++;
              assert.equal(data[c], w.rd_data, `cycle ${c}: rd_data`);
            }
          });
          assert.ok(compared > cycles / 2, `only ${compared} reads compared`);
        } finally {
          await sim.close();
        }
      });
    }
  }
});

describe('mem: banked tensors are lint-clean', function () {
  this.timeout(120_000);
  const designs: [string, () => Module][] = [
    ['address generator cyclic 1000/7', () => new BankAddressGenerator(bankMap(1000, 'cyclic', 7))],
    ['address generator block 256/4', () => new BankAddressGenerator(bankMap(256, 'block', 4))],
    [
      'BankedTensor cyclic 4096 x 32 / 4',
      () => new BankedTensor({ words: 4096, width: 32, partition: 'cyclic', banks: 4, latency: 2 }),
    ],
    [
      'BankedTensor block 100 x 16 / 3',
      () => new BankedTensor({ words: 100, width: 16, partition: 'block', banks: 3 }),
    ],
    ['BankedTensor complete 8 x 8', () => new BankedTensor({ words: 8, width: 8, partition: 'complete', latency: 3 })],
    ['PingPongBuffer 512 x 32', () => new PingPongBuffer(512, 32)],
    ['PingPongBuffer 12 x 16', () => new PingPongBuffer(12, 16, { latency: 2, style: 'distributed' })],
  ];
  designs.forEach(([name, build], i) => {
    it(name, async function () {
      await requireTool(this, 'verilator');
      await requireTool(this, 'iverilog');
      const e = emitVerilog(elaborate(build()));
      const dir = scratchDir(`mem-banked-lint-${i}`);
      const files = writeFiles(dir, e.files);
      const v = await verilatorLint(files, e.top);
      assert.equal(v.output.trim(), '', v.output);
      const ic = await iverilogCompile(files, e.top, path.join(dir, 'design.vvp'));
      assert.equal(ic.output.trim(), '', ic.output);
    });
  });
});
