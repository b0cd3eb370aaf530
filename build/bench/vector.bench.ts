// The vector unit (docs/vector-unit.md): per instruction, elements per cycle at rows of 768 and 3072
// (32 rows, a K = 32 activation, and a single row), from the cycle model and checked against a built-in
// simulation of the same instruction; the unit's LUT/FF/DSP/BRAM by parts (Yosys synth_xilinx on each
// distinct module once, build/tools/estimate-by-parts.ts: a flattened run of the whole unit no longer
// finishes in reasonable time), the worst LUT levels of each part, every lane family flattened (its FP
// units' first and last stages with the lane's muxes and registers around them) and the LUT levels of
// every pipeline stage of the FP units the lanes use. Writes out/bench/vector.json.
// Usage: npm run bench vector. VECTOR_BENCH_LANES=4,8 (default 8); VECTOR_BENCH_SYNTH=0 skips Yosys;
// VECTOR_BENCH_OPS=rowSum,softmax measures only these opcodes and flattens only their families' lanes;
// VECTOR_BENCH_PARTS=0 skips the by-parts estimate of the whole unit.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { elaborate, emitVerilog } from '../../dsl/index.js';
import { synthesizeDesign } from '../tools/synth-design.js';
import { estimateByParts } from '../tools/estimate-by-parts.js';
import { VectorLaneActivation } from '../../designs/engine/vector/vector-lane-activation.js';
import { VectorLaneArith } from '../../designs/engine/vector/vector-lane-arith.js';
import { VectorLaneOptimizer } from '../../designs/engine/vector/vector-lane-optimizer.js';
import { VectorLaneReduce } from '../../designs/engine/vector/vector-lane-reduce.js';
import { VectorLaneSoftmax } from '../../designs/engine/vector/vector-lane-softmax.js';
import { HW_PLANS, type LaneFamily } from '../../designs/engine/vector/vector-passes.js';
import { encodeVectorInstruction } from '../../designs/engine/vector/encoding.js';
import { OP_SPECS, VECTOR_OPS, type VectorInstruction, type VectorOp } from '../../designs/engine/vector/isa.js';
import { vectorCycles } from '../../designs/engine/vector/vector-cycle-model.js';
import { VECTOR_HW_OPS, VectorUnit } from '../../designs/engine/vector/vector-unit.js';
import { LANE_UNITS } from '../../designs/engine/vector/vector-lane-dataflow.js';
import { simulate } from '../../sim/simulate.js';

const outDir = path.resolve('out/bench');
mkdirSync(outDir, { recursive: true });
const lanesList = (process.env.VECTOR_BENCH_LANES ?? '8').split(',').map(Number);
const doSynth = process.env.VECTOR_BENCH_SYNTH !== '0';
const doParts = doSynth && process.env.VECTOR_BENCH_PARTS !== '0';
const onlyOps = process.env.VECTOR_BENCH_OPS?.split(',');
const benchOps = VECTOR_OPS.filter((op) => !onlyOps || onlyOps.includes(op));
const benchFamilies = new Set(benchOps.map((op) => HW_PLANS[op]?.family).filter((f) => f !== undefined));
const DEPTH = 4096;
const t0 = Date.now();

/** An instruction of `op` over m rows of n with unit strides, operands one after another (cycles only). */
function block(op: VectorOp, m: number, n: number): VectorInstruction {
  const spec = OP_SPECS[op];
  const ins: VectorInstruction = { op, m, n };
  let next = 0;
  for (const [o, shape] of Object.entries(spec.operands)) {
    const words = shape === 'mn' ? m * n : shape === 'row' ? n : m;
    (ins as unknown as Record<string, unknown>)[o] = { off: next, row: shape === 'row' ? 0 : n, col: 1 };
    next += words;
  }
  if (spec.consts.length) ins.k = next;
  if (spec.accumulate) ins.accumulate = true;
  return ins;
}

/** Cycles from start to done in the built-in simulator (memory contents do not change the timing). */
async function simulatedCycles(lanes: number, ins: VectorInstruction): Promise<number> {
  const words = Object.keys(OP_SPECS[ins.op].operands).length * ins.m * ins.n + 8;
  const sim = await simulate(new VectorUnit({ lanes, depth: 2 ** Math.ceil(Math.log2(words)) }), {
    backend: 'builtin',
  });
  try {
    sim.poke('ins', encodeVectorInstruction(ins, true));
    sim.poke('start', 1);
    await sim.step();
    sim.poke('start', 0);
    for (let c = 1; c < 1_000_000; c++) {
      if ((await sim.peek('done')) === 1n) return c;
      await sim.step();
    }
    throw new Error('done never rose');
  } finally {
    await sim.close();
  }
}

const configs = [];
for (const lanes of lanesList) {
  const instructions = [];
  for (const op of benchOps) {
    const hardware = VECTOR_HW_OPS.includes(op);
    const rows = [];
    for (const n of [768, 3072])
      for (const m of [32, 1]) {
        const ins = block(op, m, n);
        const cycles = hardware ? vectorCycles({ lanes }, ins, VECTOR_HW_OPS) : null;
        rows.push({ n, m, cycles, elementsPerCycle: cycles === null ? null : +((m * n) / cycles).toFixed(3) });
      }
    let simulated: { m: number; n: number; cycles: number; model: number } | undefined;
    if (hardware) {
      const ins = block(op, 2, 768);
      simulated = {
        m: 2,
        n: 768,
        cycles: await simulatedCycles(lanes, ins),
        model: vectorCycles({ lanes }, ins, VECTOR_HW_OPS),
      };
      if (simulated.cycles !== simulated.model)
        throw new Error(`${op}: simulated ${simulated.cycles}, model ${simulated.model}`);
    }
    instructions.push({ op, hardware, rows, ...(simulated ? { simulated } : {}) });
    const r768 = rows[0]!;
    console.log(
      `lanes ${lanes} ${op}: ${hardware ? `${r768.elementsPerCycle} elements/cycle at 32 x 768 (${r768.cycles} cycles)` : 'interpreter only (no hardware yet)'}`,
    );
  }
  let synth: unknown;
  if (doParts) {
    const unit = new VectorUnit({ lanes, depth: DEPTH });
    const design = elaborate(unit);
    const est = await estimateByParts(design, emitVerilog(design), {
      cacheDir: path.resolve('out/bench/vector-parts-cache'),
      progress: (line) => console.log(`  ${line}`),
    });
    const parts = est.parts.map((p) => ({ module: p.module, count: p.count, ...p.counts, lutLevels: p.lutLevels }));
    synth = {
      depth: DEPTH,
      method: 'by parts',
      ...est.total,
      worstPartLutLevels: est.lutLevels,
      parts,
      seconds: est.seconds,
    };
    const t = est.total;
    console.log(
      `lanes ${lanes}: ${t.lut} LUT, ${t.ff} FF, ${t.dsp} DSP, ${t.bram36} BRAM36 (by parts), worst part ${est.lutLevels} LUT levels, ${est.seconds.toFixed(0)} s`,
    );
  }
  configs.push({ lanes, instructions, synth });
}

// One lane of each family, flattened: paths from one unit's result register through the lane's muxes
// into the next unit's first stage are measured whole.
const lanes = [];
if (doSynth)
  for (const [name, family, make] of [
    ['VectorLaneArith', 'arith', () => new VectorLaneArith()],
    ['VectorLaneOptimizer', 'optimizer', () => new VectorLaneOptimizer()],
    ['VectorLaneActivation', 'activation', () => new VectorLaneActivation()],
    ['VectorLaneReduce', 'reduce', () => new VectorLaneReduce()],
    // The row-sum lane differs by lane count (its ring has 64/L slots): the largest benched.
    ['VectorLaneSoftmax', 'softmax', () => new VectorLaneSoftmax(Math.max(...lanesList))],
  ] as const satisfies readonly (readonly [string, LaneFamily, () => { latency: number }])[]) {
    if (!benchFamilies.has(family)) continue;
    const u = make();
    const s = await synthesizeDesign(emitVerilog(elaborate(u)));
    lanes.push({
      lane: name,
      latency: u.latency,
      lut: s.lut,
      ff: s.ff,
      dsp: s.dsp,
      lutLevels: s.lutLevels,
      seconds: s.seconds,
    });
    console.log(`${name}: latency ${u.latency}, ${s.lut} LUT, ${s.dsp} DSP, worst ${s.lutLevels} LUT levels`);
  }

// The lanes' FP units are feed-forward pipelines: LUT levels of every stage.
const units = [];
if (doSynth)
  for (const [name, U] of Object.entries(LANE_UNITS)) {
    const u = new U();
    const s = await synthesizeDesign(emitVerilog(elaborate(u)));
    units.push({
      unit: u.moduleName,
      latency: u.latency,
      lut: s.lut,
      ff: s.ff,
      dsp: s.dsp,
      stages: s.segments.map((x) => x.lutLevels),
    });
    console.log(`${name}: latency ${u.latency}, LUT levels per stage ${s.segments.map((x) => x.lutLevels).join('/')}`);
  }

writeFileSync(
  path.join(outDir, 'vector.json'),
  `${JSON.stringify(
    {
      generated: new Date().toISOString(),
      note:
        'elementsPerCycle = m*n / cycles from start to done (cycle model; the simulated row checks it). Hardware so far: ' +
        VECTOR_HW_OPS.join(', ') +
        '; the other opcodes have interpreter semantics only. synth: Yosys by parts (each distinct module once, children black-boxed).',
      target: {
        elementwise: 'the lane count',
        softmaxLayerNorm768: 'within 10% of the lane count',
        lutLevelsPerStage: 8,
      },
      configs,
      lanes,
      units,
      seconds: (Date.now() - t0) / 1000,
    },
    null,
    2,
  )}\n`,
);
