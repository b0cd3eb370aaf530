// The float units in hardware, bit-exact against the bit-level model (rtl-lib/fp/model.ts) through the
// built-in simulator, Icarus and Verilator, combinational and pipelined; exact latency; the port
// contract of the CLI build; bf16 and fp16 against the exact rational reference.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { command as buildCommand } from '../../../../build/commands/build.js';
import { fpUnits, type UnitName } from '../../../../rtl-lib/fp/units.js';
import { bf16, type FloatFormat, fp16, fp32, formatName } from '../../../../rtl-lib/fp/format.js';
import { refAdd, refMul, refSub } from '../../../../rtl-lib/fp/exact-reference.js';
import { FpUnitModule, Fp32Add, Fp32Div, Fp32Exp, Fp32Mac, Fp32Mul } from '../../../../rtl-lib/fp/hw/fp-unit-module.js';
import { defaultCutList, maxStages } from '../../../../rtl-lib/fp/hw/fp-unit-defaults.js';
import { edgeSets, randomSets } from '../../../../rtl-lib/fp/hw/unit-operands.js';
import {
  exactLatency,
  expectedResults,
  modelReference,
  streamVectors,
  type UnitReference,
} from '../../../../rtl-lib/fp/hw/unit-check.js';
import { simulate } from '../../../../sim/simulate.js';
import type { BackendName } from '../../../../sim/backend.js';
import { hasIcarus, hasVerilator } from '../../../../sim/tools.js';
import { elaborate } from '../../../../dsl/elaborate/elaborate.js';
import { emitVerilog } from '../../../../dsl/index.js';
import { scratchDir, verilatorLint, writeFiles } from '../../../support/tools.js';

const hex = (x: bigint) => `0x${x.toString(16)}`;

/** Runs a unit over operand sets at one depth on one back end and asserts bit-exact results, valids and latency. */
async function checkUnit(
  unitName: UnitName,
  f: FloatFormat,
  stages: number | readonly string[],
  backend: BackendName,
  sets: bigint[][],
  wants: bigint[],
  ref: UnitReference,
): Promise<number> {
  const mod = new FpUnitModule(unitName, { stages, format: f });
  const sim = await simulate(mod, { backend });
  try {
    const r = await streamVectors(sim, unitName, f, mod.latency, sets, wants, { seed: mod.latency + 1 });
    const first = r.mismatches[0];
    assert.equal(
      r.mismatchCount,
      0,
      first
        ? `${formatName(f)} ${unitName} cuts=${mod.cuts.join('+')} on ${backend}: ${r.mismatchCount} of ${r.checked} differ; first ${first.operands.map(hex).join(', ')} -> ${hex(first.got)}, want ${hex(first.want)}`
        : '',
    );
    assert.equal(
      r.validErrors,
      0,
      `out_valid differs from in_valid delayed by ${mod.latency} on ${r.validErrors} cycles`,
    );
    assert.equal(r.checked, sets.length, 'every operand set was compared');
    const lat = await exactLatency(sim, unitName, f, mod.latency, sets[sets.length >> 1]!, ref);
    assert.equal(lat.seenAfter, mod.latency, `out_valid must rise exactly ${mod.latency} edges after in_valid`);
    assert.equal(lat.y, lat.want, 'y when out_valid rises');
    return r.checked;
  } finally {
    await sim.close();
  }
}

/** Operand sets and their model results, computed once per unit and format. */
const cache = new Map<string, { sets: bigint[][]; wants: bigint[] }>();
function vectorsFor(
  unitName: UnitName,
  f: FloatFormat,
  edgeLimit: number,
  random: number,
  ref: UnitReference = modelReference(unitName, f),
) {
  const key = `${unitName}/${formatName(f)}/${edgeLimit}/${random}`;
  let v = cache.get(key);
  if (!v) {
    const sets = [...edgeSets(unitName, f, edgeLimit), ...randomSets(unitName, f, random, 42)];
    v = { sets, wants: expectedResults(ref, sets) };
    cache.set(key, v);
  }
  return v;
}

describe('rtl-lib/fp/hw: float units in simulation', function () {
  this.timeout(300_000);

  describe('built-in simulator, fp32, every edge case', () => {
    // Full edge sets for the arithmetic units (about 37k pairs each), at every depth that matters.
    for (const unitName of ['add', 'sub', 'mul', 'mac'] as const) {
      const configs = [0, defaultCutList(unitName), maxStages(unitName, fp32)];
      it(`${unitName}: edge cases + 3000 random combinational, at the default cuts (${defaultCutList(unitName).join(', ')}) and every cut equal the model bit for bit`, async () => {
        const { sets, wants } = vectorsFor(unitName, fp32, unitName === 'mac' ? 6000 : Infinity, 3000);
        for (const s of configs)
          await checkUnit(unitName, fp32, s, 'builtin', sets, wants, modelReference(unitName, fp32));
      });
    }
    // div and sqrt: the digit recurrences at every depth that matters, a new operand set every cycle.
    for (const unitName of ['div', 'sqrt'] as const) {
      const configs = [0, defaultCutList(unitName), maxStages(unitName, fp32)];
      it(`${unitName}: 2000 edge + 1000 random combinational, at the default cuts and every cut equal the model`, async () => {
        const { sets, wants } = vectorsFor(unitName, fp32, 2000, 1000);
        for (const s of configs)
          await checkUnit(unitName, fp32, s, 'builtin', sets, wants, modelReference(unitName, fp32));
      });
    }
    for (const u of fpUnits.filter((x) => !['add', 'sub', 'mul', 'mac', 'div', 'sqrt'].includes(x.name))) {
      const depths = [...new Set([0, maxStages(u.name, fp32)])];
      const withDefault = defaultCutList(u.name).length && defaultCutList(u.name).length < maxStages(u.name, fp32);
      it(`${u.name}: edge cases + 400 random at stages ${depths.join(', ')}${withDefault ? ' and the default cuts' : ''}`, async () => {
        const { sets, wants } = vectorsFor(u.name, fp32, 800, 400);
        for (const s of [...depths, ...(withDefault ? [defaultCutList(u.name)] : [])])
          await checkUnit(u.name, fp32, s, 'builtin', sets, wants, modelReference(u.name, fp32));
      });
    }
  });

  describe('Icarus, fp32 (one compile per design, vector mode)', () => {
    before(function () {
      if (!hasIcarus()) this.skip();
    });
    let total = 0;
    const plan: [UnitName, number, number][] = [
      ['add', 0, 2500],
      ['add', -1, 2500],
      ['sub', -1, 1500],
      ['mul', 0, 1500],
      ['mul', -1, 2500],
      ['mac', -1, 1500],
      ['div', -1, 2000],
      ['sqrt', -1, 2000],
    ];
    for (const [unitName, depth, n] of plan) {
      const label = depth < 0 ? 'default depth' : `stages ${depth}`;
      it(`${unitName} at ${label}: ${n} edge + random vectors equal the model`, async () => {
        const { sets, wants } = vectorsFor(unitName, fp32, n / 2, n / 2);
        total += await checkUnit(
          unitName,
          fp32,
          depth < 0 ? defaultCutList(unitName) : depth,
          'icarus',
          sets,
          wants,
          modelReference(unitName, fp32),
        );
      });
    }
    after(() => {
      if (total) assert.ok(total >= 10_000, `at least 10k vectors went through Icarus (got ${total})`);
    });
  });

  describe('Verilator, fp32 sample', () => {
    before(function () {
      if (!hasVerilator()) this.skip();
    });
    // One build (about 30 s): mac contains the multiplier and the adder. The 100k-per-op run is
    // build/verify/fp32.verify.ts.
    it('mac at its default depth: 4000 edge + random triples equal the model', async () => {
      const { sets, wants } = vectorsFor('mac', fp32, 2000, 2000);
      await checkUnit('mac', fp32, defaultCutList('mac'), 'verilator', sets, wants, modelReference('mac', fp32));
    });
  });

  describe('bf16 and fp16 against the exact rational reference', () => {
    const refs: [UnitName, (f: FloatFormat) => UnitReference][] = [
      ['add', (f) => (o) => refAdd(f, o[0]!, o[1]!)],
      ['sub', (f) => (o) => refSub(f, o[0]!, o[1]!)],
      ['mul', (f) => (o) => refMul(f, o[0]!, o[1]!)],
    ];
    for (const f of [bf16, fp16]) {
      for (const [unitName, ref] of refs) {
        for (const backend of ['builtin', 'icarus'] as const) {
          const depth = backend === 'builtin' ? 0 : maxStages(unitName, f);
          it(`${formatName(f)} ${unitName} stages=${depth} on ${backend}: edge cases + random`, async function () {
            if (backend === 'icarus' && !hasIcarus()) this.skip();
            const { sets, wants } = vectorsFor(unitName, f, backend === 'builtin' ? Infinity : 1500, 1000, ref(f));
            await checkUnit(unitName, f, depth, backend, sets, wants, ref(f));
          });
        }
      }
    }
  });
});

describe('rtl-lib/fp/hw: port contract of ttforge build', () => {
  const contract = [
    'input clk',
    'input [31:0] a',
    'input [31:0] b',
    'input in_valid',
    'output [31:0] y',
    'output out_valid',
  ];
  for (const [top, stages] of [
    ['Fp32Add', 0],
    ['Fp32Add', 3],
    ['Fp32Mul', 2],
  ] as const) {
    it(`build --top ${top} --param stages=${stages}: module ${top} with exactly clk, a, b, in_valid -> y, out_valid`, async () => {
      const out = mkdtempSync(path.join(os.tmpdir(), 'fp-contract-'));
      try {
        const log = console.log;
        console.log = () => undefined;
        try {
          assert.equal(
            await buildCommand.run([
              'rtl-lib/fp/hw/fp-unit-module.ts',
              '--top',
              top,
              '--param',
              `stages=${stages}`,
              '--out',
              out,
            ]),
            0,
          );
        } finally {
          console.log = log;
        }
        const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { top: string };
        assert.equal(manifest.top, top);
        const text = readFileSync(path.join(out, `${top}.v`), 'utf8');
        const header = /^module (\w+) \(([^)]*)\);/m.exec(text);
        assert.ok(header, 'a module header');
        assert.equal(header[1], top);
        const ports = header[2]!.split(',').map((p) =>
          p
            .trim()
            .replace(/\s+wire\s+/, ' ')
            .replace(/\s+/g, ' '),
        );
        assert.deepEqual(ports, contract);
        assert.match(text, new RegExp(`latency=${stages}\\b`), 'the generator reports the latency');
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }

  it('every fp32 unit in its default configuration and with every cut lints clean under verilator -Wall', async function () {
    if (!hasVerilator()) this.skip();
    const dir = scratchDir('fp-hw-lint');
    for (const u of fpUnits) {
      for (const stages of [undefined, maxStages(u.name, fp32)]) {
        const mod = new FpUnitModule(u.name, stages === undefined ? {} : { stages });
        const emitted = emitVerilog(elaborate(mod));
        const files = writeFiles(path.join(dir, `${u.name}-${mod.latency}`), emitted.files);
        const r = await verilatorLint(files, emitted.top);
        assert.equal(r.exitCode, 0, `${u.name} cuts=${mod.cuts.join('+')}:\n${r.output}`);
      }
    }
  });

  it('types the operand ports per arity: Signals that exist, undefined for the others', () => {
    const mac = new Fp32Mac();
    // These compile without casts (tsc runs on the tests); the ports are the module's inputs.
    const ports = [mac.a, mac.b, mac.c, mac.inValid, mac.y, mac.outValid].map((p) => `${p.role} ${p.userName}`);
    assert.deepEqual(ports, ['input a', 'input b', 'input c', 'input in_valid', 'output y', 'output out_valid']);
    const exp = new Fp32Exp();
    const never = (): void => {
      // @ts-expect-error a unary unit has no operand b
      exp.b.set(exp.a);
    };
    void never;
    assert.equal(exp.b, undefined);
    assert.equal(new Fp32Div().c, undefined);
    assert.equal(new Fp32Div().b.userName, 'b');
  });

  it('the classes report the latency their depth gives and refuse depths beyond the cut points', () => {
    assert.equal(new Fp32Add(3).latency, 3);
    assert.equal(new Fp32Mul().latency, defaultCutList('mul').length);
    assert.deepEqual(new Fp32Add().cuts, defaultCutList('add'), 'no depth: the default configuration');
    assert.deepEqual(new Fp32Add(2).cuts, ['align', 'normalize'], 'a depth spreads the registers over the cut points');
    assert.throws(() => new Fp32Mul(maxStages('mul', fp32) + 1), /stages must be an integer/);
  });
});
