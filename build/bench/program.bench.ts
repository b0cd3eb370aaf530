// npm run bench program: the cost of the whole training program per sample (issue 15 item 5). The paper
// model (2 layers, rank 10, Adam; TTFORGE_PROGRAM_LAYERS / _RANK) compiled once per distinct length of
// the ATIS train split (the synthetic ATIS-like set when the data is absent; TTFORGE_ATIS_DIR), each
// length's cycles (designs/program/cycle-model.ts) weighted by how many sentences have it: cycles per
// sample by stage group and kind, engine utilization over the whole sample, the same at K = 32, ms per
// sample at CLOCK_MHZ and seconds per epoch. Four variants: the memory docs/memory.md plans (one copy of
// the lane memory) and a copy per source, each with and without overlap. Also the ONE program of every
// length (compile-one.ts), costed at each length against the per-length program. Writes
// out/bench/program.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { atisCorpusFromEnv, fitModelToAtis } from '../../designs/atis/paper-data.js';
import { compileTrainingStep } from '../../designs/program/compile-model.js';
import { compileOneProgram } from '../../designs/program/compile-one.js';
import { programAtLength } from '../../designs/program/run-one.js';
import {
  DEFAULT_PROGRAM_ENGINE,
  type CostOptions,
  type ProgramCost,
  type ProgramEngine,
  type StageGroup,
  programCost,
} from '../../designs/program/cycle-model.js';
import { parseEngineShape } from '../../designs/engine/engine-config.js';
import { hasHardware } from '../../designs/program/vector-cost.js';
import { isGemm } from '../../designs/program/isa.js';
import { defaultAdam } from '../../designs/transformer/optimizer.js';
import { presetConfig } from '../../designs/transformer/presets.js';

/** The clock the ms figures assume (the U50 designs' target; not a timing result). */
const CLOCK_MHZ = 250;
/** The planned memory (one lane-memory copy) and the units as built (a copy per source), each with and without overlap. */
const VARIANTS = {
  planned: { memory: 'one-copy', overlap: true },
  plannedSerial: { memory: 'one-copy', overlap: false },
  copyPerSource: { memory: 'copy-per-source', overlap: true },
  copyPerSourceSerial: { memory: 'copy-per-source', overlap: false },
} as const satisfies Record<string, CostOptions>;
type Variant = keyof typeof VARIANTS;
const RULES = Object.keys(VARIANTS) as Variant[];
const GROUPS: readonly StageGroup[] = ['forward', 'losses', 'backward', 'update'];

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const t0 = performance.now();
const log = (l: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${l}`);

const { source, corpus } = atisCorpusFromEnv(repo);
const layers = Number(env.TTFORGE_PROGRAM_LAYERS ?? 2),
  rank = Number(env.TTFORGE_PROGRAM_RANK ?? 10);
const base = presetConfig('paper', { layers, rank });
const { data, cfg } = fitModelToAtis(base, corpus);
const optimizer = defaultAdam().kind;
const byLength = new Map<number, { count: number; tokens: ArrayLike<number> }>();
for (const s of data.train) {
  const e = byLength.get(s.tokens.length);
  if (e) e.count++;
  else byLength.set(s.tokens.length, { count: 1, tokens: s.tokens });
}
const lengths = [...byLength.keys()].sort((a, b) => a - b);
const samples = data.train.length;
const meanLength = data.train.reduce((s, x) => s + x.tokens.length, 0) / samples;
const shape = DEFAULT_PROGRAM_ENGINE;
log(
  `paper model, ${layers} layers, rank ${rank}, ${optimizer}; ${source === 'synthetic' ? 'synthetic' : 'ATIS'} train: ${samples} sentences, ` +
    `${lengths.length} lengths ${lengths[0]}..${lengths.at(-1)}, mean ${meanLength.toFixed(2)}; engine ${shape.engine.rows}x${shape.engine.cols}:${shape.engine.macStages}, ${shape.lanes} vector lanes`,
);

const r0 = (x: number) => Math.round(x);
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function summary(c: ProgramCost) {
  return {
    cycles: c.total,
    kind: c.kind,
    groups: c.groups,
    layers: c.layers,
    macs: c.macs,
    utilization: r3(c.utilization),
  };
}

interface PerLength {
  length: number;
  count: number;
  instructions: number;
  gemms: number;
  rules: Record<Variant, ReturnType<typeof summary>>;
  /** Vector cycles of opcodes without hardware (their cycles are the model's, not a built unit's). */
  modelledVectorCycles: number;
  /** GEMMs whose lane strides are bank conflicts in both orientations (costed as if padded). */
  bankConflicts: number;
  /** Planned memory: busy cycles per vector opcode and of the GEMMs. */
  byOp: Record<string, number>;
  stages: ProgramCost['stages'];
}
const perLength: PerLength[] = lengths.map((T, i) => {
  const e = byLength.get(T)!;
  const p = compileTrainingStep(cfg, e.tokens, optimizer);
  const costs = Object.fromEntries(RULES.map((r) => [r, programCost(p, shape, VARIANTS[r])])) as Record<
    Variant,
    ProgramCost
  >;
  const c = costs.planned;
  const modelled = c.instructions.reduce((s, x, k) => {
    const ins = p.program[k]!;
    return s + (!isGemm(ins) && !hasHardware(ins.op) ? x.cycles : 0);
  }, 0);
  log(
    `[${i + 1}/${lengths.length}] T=${String(T).padStart(2)} x${String(e.count).padStart(4)}  ${p.program.length} instructions  ` +
      `${c.total} cycles (serial ${costs.plannedSerial.total}; a copy per source ${costs.copyPerSource.total}, serial ${costs.copyPerSourceSerial.total})  ` +
      `overlapped ${c.kind.overlapped}  utilization ${(100 * c.utilization).toFixed(1)}%` +
      (c.bankConflicts ? `  ${c.bankConflicts} GEMMs with bank conflicts` : ''),
  );
  const byOp: Record<string, number> = {};
  c.instructions.forEach((x, k) => {
    const op = p.program[k]!.op;
    byOp[op] = (byOp[op] ?? 0) + x.cycles;
  });
  return {
    length: T,
    byOp,
    count: e.count,
    instructions: p.program.length,
    gemms: p.program.filter(isGemm).length,
    rules: Object.fromEntries(RULES.map((r) => [r, summary(costs[r])])) as PerLength['rules'],
    modelledVectorCycles: modelled,
    bankConflicts: c.bankConflicts,
    stages: c.stages,
  };
});

/** Count-weighted mean over the train split of one number per length. */
const mean = (f: (l: PerLength) => number): number => perLength.reduce((s, l) => s + l.count * f(l), 0) / samples;

function averaged(rule: Variant) {
  const cycles = mean((l) => l.rules[rule].cycles);
  const macs = mean((l) => l.rules[rule].macs);
  const ms = (cycles / (CLOCK_MHZ * 1e6)) * 1e3;
  return {
    cycles: r0(cycles),
    kind: {
      gemmOnly: r0(mean((l) => l.rules[rule].kind.gemmOnly)),
      vectorOnly: r0(mean((l) => l.rules[rule].kind.vectorOnly)),
      overlapped: r0(mean((l) => l.rules[rule].kind.overlapped)),
    },
    groups: Object.fromEntries(
      GROUPS.map((g): [StageGroup, { wall: number; gemm: number; vector: number }] => [
        g,
        {
          wall: r0(mean((l) => l.rules[rule].groups[g].wall)),
          gemm: r0(mean((l) => l.rules[rule].groups[g].gemm)),
          vector: r0(mean((l) => l.rules[rule].groups[g].vector)),
        },
      ]),
    ),
    layers: Array.from({ length: layers }, (_, k) => ({
      wall: r0(mean((l) => l.rules[rule].layers[k]!.wall)),
      gemm: r0(mean((l) => l.rules[rule].layers[k]!.gemm)),
      vector: r0(mean((l) => l.rules[rule].layers[k]!.vector)),
    })),
    // Over the whole split: all useful MACs over all R C cycles (not a mean of per-length ratios).
    utilization: r3(macs / (shape.engine.rows * shape.engine.cols * cycles)),
    msPerSample: r3(ms),
    secondsPerEpoch: r3((ms / 1e3) * samples),
  };
}

const longest = perLength.find((l) => l.length === cfg.maxTokens);
const atMax = longest
  ? longest.rules
  : (Object.fromEntries(
      RULES.map((r) => [
        r,
        summary(programCost(compileTrainingStep(cfg, new Array(cfg.maxTokens).fill(1), optimizer), shape, VARIANTS[r])),
      ]),
    ) as PerLength['rules']);
// Other engine shapes and lane counts (planned memory): the same lengths, count-weighted.
const SHAPES: { name: string; shape: ProgramEngine }[] = [
  ...['4x10:8', '4x5:8', '2x10:8', '8x5:3', '8x10:8', '16x16:8'].map((t) => ({
    name: `${t}, ${shape.lanes} lanes`,
    shape: { engine: parseEngineShape(t), lanes: shape.lanes },
  })),
  ...[4, 16].map((l) => ({ name: `4x10:8, ${l} lanes`, shape: { engine: shape.engine, lanes: l } })),
];
const programs = lengths.map((T) => ({
  count: byLength.get(T)!.count,
  p: compileTrainingStep(cfg, byLength.get(T)!.tokens, optimizer),
}));
const shapes = SHAPES.map(({ name, shape: sh }) => {
  const costs = programs.map(({ count, p }) => ({ count, c: programCost(p, sh, VARIANTS.planned) }));
  const w = (f: (c: ProgramCost) => number) => costs.reduce((s, x) => s + x.count * f(x.c), 0) / samples;
  const cycles = w((c) => c.total);
  const out = {
    name,
    engine: sh.engine,
    lanes: sh.lanes,
    pes: sh.engine.rows * sh.engine.cols,
    cycles: r0(cycles),
    gemm: r0(w((c) => c.kind.gemmOnly + c.kind.overlapped)),
    vector: r0(w((c) => c.kind.vectorOnly + c.kind.overlapped)),
    utilization: r3(w((c) => c.macs) / (sh.engine.rows * sh.engine.cols * cycles)),
    msPerSample: r3((cycles / (CLOCK_MHZ * 1e6)) * 1e3),
    /** Lengths with GEMMs whose lane strides are bank conflicts in both orientations (costed as if padded). */
    bankConflicts: Object.fromEntries(
      costs.flatMap((x, i) => (x.c.bankConflicts > 0 ? [[lengths[i]!, x.c.bankConflicts]] : [])),
    ) as Record<number, number>,
  };
  log(
    `shape ${name.padEnd(18)} ${out.cycles} cycles (GEMM ${out.gemm}, vector ${out.vector})  utilization ${(100 * out.utilization).toFixed(1)}%  ` +
      `${out.msPerSample} ms${Object.keys(out.bankConflicts).length ? `  bank conflicts (length: GEMMs) ${JSON.stringify(out.bankConflicts)}` : ''}`,
  );
  return out;
});

// The ONE program of every length (compile-one.ts): each length's cycles from the program the
// sequencer runs at that length, against the per-length program's (planned memory).
const oneStart = performance.now();
const one = compileOneProgram(cfg, optimizer);
const oneCompileMs = performance.now() - oneStart;
const oneCosts = perLength.map((l) => {
  const c = programCost(programAtLength(one, l.length), shape, VARIANTS.planned);
  return { length: l.length, cycles: c.total, perLength: l.rules.planned.cycles, bankConflicts: c.bankConflicts };
});
const oneProgram = {
  instructions: one.program.length,
  compileMs: r0(oneCompileMs),
  imageWords: one.layout.words,
  meanCycles: r0(oneCosts.reduce((s, x, i) => s + perLength[i]!.count * x.cycles, 0) / samples),
  differing: oneCosts.filter((x) => x.cycles !== x.perLength),
  bankConflicts: oneCosts.reduce((s, x) => s + x.bankConflicts, 0),
};
log(
  `one program: ${oneProgram.instructions} instructions, compiled in ${oneProgram.compileMs} ms, image ${oneProgram.imageWords} words; ` +
    `mean ${oneProgram.meanCycles} cycles per sample; ${oneProgram.differing.length} of ${lengths.length} lengths cost other than their per-length program; ${oneProgram.bankConflicts} bank-conflicting GEMMs`,
);

const result = {
  bench: 'program',
  model: { preset: 'paper', layers, rank, optimizer, dModel: cfg.dModel, maxTokens: cfg.maxTokens },
  data: {
    source: source === 'synthetic' ? 'synthetic' : 'atis',
    samples,
    meanLength: r3(meanLength),
    lengths: lengths.length,
  },
  engine: shape,
  clockMHz: CLOCK_MHZ,
  variants: {
    planned:
      'one lane-memory copy (docs/memory.md): multi-source vector passes read in turn; a vector instruction beside the GEMM when no word dependency and no memory port in common',
    plannedSerial: 'one lane-memory copy, one instruction at a time',
    copyPerSource: 'a copy per source (the units as built): vector beside GEMM when no word dependency',
    copyPerSourceSerial: 'a copy per source, one instruction at a time',
  },
  mean: Object.fromEntries(RULES.map((r) => [r, averaged(r)])) as Record<Variant, ReturnType<typeof averaged>>,
  atMaxLength: { length: cfg.maxTokens, ...atMax },
  modelledVectorShare: r3(mean((l) => l.modelledVectorCycles) / mean((l) => l.rules.plannedSerial.kind.vectorOnly)),
  shapes,
  oneProgram,
  busyByOp: Object.fromEntries(
    [...new Set(perLength.flatMap((l) => Object.keys(l.byOp)))]
      .map((op): [string, number] => [op, r0(mean((l) => l.byOp[op] ?? 0))])
      .sort((a, b) => b[1] - a[1]),
  ),
  perLength,
  seconds: r3((performance.now() - t0) / 1000),
};
const m = result.mean.planned;
log(
  `mean per sample: ${m.cycles} cycles (GEMM only ${m.kind.gemmOnly}, vector only ${m.kind.vectorOnly}, both ${m.kind.overlapped}); ` +
    GROUPS.map((g) => `${g} ${m.groups[g]!.wall}`).join(', '),
);
log(
  `utilization ${(100 * m.utilization).toFixed(1)}% (serial ${(100 * result.mean.plannedSerial.utilization).toFixed(1)}%; a copy per source ${(100 * result.mean.copyPerSource.utilization).toFixed(1)}%, serial ${(100 * result.mean.copyPerSourceSerial.utilization).toFixed(1)}%); ` +
    `${m.msPerSample} ms/sample, ${m.secondsPerEpoch} s/epoch at ${CLOCK_MHZ} MHz; K=${cfg.maxTokens}: ${atMax.planned.cycles} cycles, utilization ${(100 * atMax.planned.utilization).toFixed(1)}%`,
);
const outDir = path.join(repo, 'out', 'bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'program.json'), `${JSON.stringify(result, null, 2)}\n`);
log(
  `busy cycles by opcode (mean): ${Object.entries(result.busyByOp)
    .map(([op, c]) => `${op} ${c}`)
    .join(', ')}`,
);
log('wrote out/bench/program.json');
