// Synthesis numbers of every fp32 unit at every pipeline depth: Yosys (build/tools/yosys.ts) `synth_xilinx -family
// xcup -flatten -noiopad`, LUT/FF/DSP/CARRY4/MUXF counts, `ltp -noff` (cells) and the LUT levels of
// each pipeline segment (build/tools/logic-depth.ts), plus the default configuration of each unit.
// Writes out/bench/fp32.json after every run (so an interrupted run keeps what it measured).
// Usage: npm run bench fp32.bench   ('fp32' alone also matches fp32-model). FP32_BENCH_UNITS=add,mul
// limits the units and keeps the other units' rows of an earlier out/bench/fp32.json;
// FP32_BENCH_DEFAULTS_ONLY=1 synthesizes only the default configurations.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate } from '../../dsl/elaborate/elaborate.js';
import { emitVerilog } from '../../dsl/index.js';
import { fp32 } from '../../rtl-lib/fp/format.js';
import { fpUnits, type UnitName } from '../../rtl-lib/fp/units.js';
import { FpUnitModule } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { defaultCutList, maxStages } from '../../rtl-lib/fp/hw/fp-unit-defaults.js';
import { type DesignSynthesis, synthesizeDesign } from '../tools/synth-design.js';
import { yosysTool } from '../tools/yosys.js';

const outDir = path.resolve('out/bench');
mkdirSync(outDir, { recursive: true });
const only = process.env.FP32_BENCH_UNITS?.split(',').filter(Boolean);
const units = fpUnits.filter((u) => !only || only.includes(u.name));
const defaultsOnly = process.env.FP32_BENCH_DEFAULTS_ONLY === '1';
const jsonFile = path.join(outDir, 'fp32.json');
const yosysVersion = (await yosysTool()).version;

interface Row extends Omit<DesignSynthesis, 'top' | 'seconds' | 'tool'> {
  unit: UnitName;
  stages: number;
  cuts: string[];
  latency: number;
  isDefault: boolean;
  yosysSeconds: number;
}

/** A unit under a name of its own, so each configuration's files and Yosys top are distinct. */
class BenchUnit extends FpUnitModule {
  constructor(unitName: UnitName, stages: number | readonly string[], name: string) {
    super(unitName, { stages, format: fp32 });
    this.setModuleName(name);
  }
}

/** What the vendor flow offers for the same operations (shared docs: whole-model.md, "Anchors"). */
const anchors: Record<string, string> = {
  div: 'AMD Floating-Point Operator, FP32 divide: up to 28 cycles of latency, no DSP',
  sqrt: 'Vitis HLS schedules fsqrt in about 16 stages at 100 MHz',
  mul: 'AMD Floating-Point Operator as HLS configures it: multiply 4 cycles',
  add: 'AMD Floating-Point Operator as HLS configures it: add 8 cycles',
};

/**
 * Depths swept per unit: every depth up to 10 cut points; beyond that (div, sqrt, exp, tanh) 0, a
 * quarter, a half, three quarters and all of them, so the sweep stays within a few minutes a unit.
 */
function sweptDepths(unitName: UnitName): number[] {
  const max = maxStages(unitName, fp32);
  if (max <= 10) return Array.from({ length: max + 1 }, (_, i) => i);
  return [...new Set([0, Math.round(max / 4), Math.round(max / 2), Math.round((3 * max) / 4), max])];
}

const sameCuts = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c, i) => c === b[i]);
// A partial run replaces only what it measures.
const rows: Row[] =
  only || defaultsOnly
    ? existsSync(jsonFile)
      ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as { results: Row[] }).results
      : []
    : [];
const keep = (r: Row) => {
  const i = rows.findIndex((x) => x.unit === r.unit && sameCuts(x.cuts, r.cuts));
  if (i >= 0) rows[i] = r;
  else rows.push(r);
};
const t0 = Date.now();
const write = () => {
  for (const r of rows) r.isDefault = sameCuts(r.cuts, defaultCutList(r.unit));
  const order = (u: string) => fpUnits.findIndex((x) => x.name === u);
  rows.sort(
    (x, y) => order(x.unit) - order(y.unit) || x.latency - y.latency || Number(x.isDefault) - Number(y.isDefault),
  );
  const defaults = Object.fromEntries(
    fpUnits.map((u) => {
      const d = rows.find((r) => r.unit === u.name && r.isDefault);
      return [
        u.name,
        {
          cuts: defaultCutList(u.name),
          latency: defaultCutList(u.name).length,
          ...(d ? { lutLevels: d.lutLevels, lut: d.lut, ff: d.ff, dsp: d.dsp } : {}),
        },
      ];
    }),
  );
  writeFileSync(
    jsonFile,
    `${JSON.stringify(
      {
        generated: new Date().toISOString(),
        tool: `${yosysVersion}: synth_xilinx -family xcup -flatten -noiopad`,
        lutLevelRule:
          'longest path between registers/ports counting LUT1..LUT6 cells as 1 level each; CARRY4, MUXF7/8/9, INV and combinational DSP48E2 cells are followed but count 0 (carryCells = CARRY4 on that path); segment k ends at the registers preceded by k registers, the last at the outputs',
        ltpRule: 'yosys ltp -noff after deleting the FD* cells: longest register-to-register path in cells of any kind',
        target: { lutLevelsPerStage: 8, appliesTo: 'the default configuration of every unit' },
        anchors,
        defaults,
        results: rows,
        seconds: (Date.now() - t0) / 1000,
      },
      null,
      2,
    )}\n`,
  );
};

/** One configuration: explicit cut points, or `stages` spread evenly. */
async function measure(unitName: UnitName, stages: number | readonly string[], name: string): Promise<void> {
  const mod = new BenchUnit(unitName, stages, name);
  const emitted = emitVerilog(elaborate(mod));
  const r = await synthesizeDesign(emitted, { ltp: true });
  const cuts = /cuts=([\w+]+)/.exec(emitted.files[0]!.text)?.[1] ?? 'none';
  const { top: _top, seconds, tool: _tool, ...numbers } = r;
  keep({
    unit: unitName,
    stages: mod.latency,
    cuts: cuts === 'none' ? [] : cuts.split('+'),
    latency: mod.latency,
    isDefault: false,
    yosysSeconds: seconds,
    ...numbers,
  });
  done++;
  const seg = r.segments.map((s) => s.lutLevels).join('/');
  console.log(
    `[${done}/${total}] ${unitName} ${typeof stages === 'number' ? `stages=${stages}` : `cuts=${cuts}`}: ${r.lut} LUT, ${r.ff} FF, ${r.dsp} DSP, ${r.carry4 + 2 * r.carry8} CARRY4, LUT levels ${r.lutLevels} (segments ${seg}), ltp ${r.ltpCells} cells, ${seconds.toFixed(1)} s`,
  );
  write();
}

/** The default configuration unless the even spread at its depth is the same cut list. */
const extraDefault = (unitName: UnitName): boolean =>
  !sameCuts(defaultCutList(unitName), new FpUnitModule(unitName, { stages: defaultCutList(unitName).length }).cuts);
const total = units.reduce(
  (a, u) => a + (defaultsOnly ? 0 : sweptDepths(u.name).length) + (defaultsOnly || extraDefault(u.name) ? 1 : 0),
  0,
);
let done = 0;
for (const u of units) {
  if (!defaultsOnly)
    for (const stages of sweptDepths(u.name)) await measure(u.name, stages, `Fp32_${u.name}_s${stages}`);
  if (defaultsOnly || extraDefault(u.name)) await measure(u.name, defaultCutList(u.name), `Fp32_${u.name}_default`);
}
write();
// The default configuration of every unit, the table docs/fp.md reports.
console.log('\nunit | default latency | LUT | FF | DSP | LUT levels per segment (worst) | anchor');
for (const u of fpUnits) {
  const d = rows.find((r) => r.unit === u.name && r.isDefault);
  if (!d) continue;
  const seg = d.segments.map((x) => x.lutLevels).join(' / ');
  console.log(
    `${u.name} | ${d.latency} | ${d.lut} | ${d.ff} | ${d.dsp} | ${seg} (${d.lutLevels})${d.lutLevels > 8 ? ' OVER 8' : ''} | ${anchors[u.name] ?? ''}`,
  );
}
console.log(`wrote out/bench/fp32.json (${rows.length} configurations, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
