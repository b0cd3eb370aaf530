// npm run verify program: the whole-model training program at paper scale in the instruction-set
// interpreter. The paper model (2 layers, d 768, TT rank 10, Adam) trains on three ATIS training
// sentences of different lengths (the first, the shortest and the longest; synthetic ATIS-like ones when
// the data is absent), each sentence its own program over ONE carried memory image (every non-persistent
// word set to NaN between samples); then the same three on a fresh trainer with the ONE program of
// every length (compile-one.ts), its length and token ids read from the input record. After every sample every parameter word, the sample's gradient and every Adam m and v word
// must equal the FP32 Trainer's trainStep bit for bit. Writes out/verify/program.json.
// Environment: TTFORGE_ATIS_DIR (default ../shared/data/atis; 'synthetic' forces the synthetic set),
// TTFORGE_PROGRAM_LAYERS (2), TTFORGE_PROGRAM_RANK (10), TTFORGE_PROGRAM_FFN (tokens per FFN block and
// backward passes, e.g. '4/2'; default the compiler's, 8/1).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { atisCorpusFromEnv, fitModelToAtis } from '../../designs/atis/paper-data.js';
import type { FfnSchedule } from '../../designs/program/compile-ffn.js';
import { compileTrainingStep, loadParams } from '../../designs/program/compile-model.js';
import { compileOneProgram } from '../../designs/program/compile-one.js';
import { programAtLength, runOneTrainingStep } from '../../designs/program/run-one.js';
import type { MemoryLayout } from '../../designs/program/layout.js';
import { poisonOnReuse, runTrainingStep, sharedImage, stateMismatches } from '../../designs/program/host.js';
import { type ProgramInstruction, isGemm } from '../../designs/program/isa.js';
import type { Sample } from '../../designs/transformer/model.js';
import { defaultAdam } from '../../designs/transformer/optimizer.js';
import { FP32 } from '../../designs/transformer/precision.js';
import { presetConfig } from '../../designs/transformer/presets.js';
import { Trainer } from '../../designs/transformer/trainer.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
const t0 = performance.now();
const log = (l: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${l}`);

const { source, corpus } = atisCorpusFromEnv(repo);
const layers = Number(env.TTFORGE_PROGRAM_LAYERS ?? 2),
  rank = Number(env.TTFORGE_PROGRAM_RANK ?? 10);
const ffnArg = /^(\d+)\/([12])$/.exec(env.TTFORGE_PROGRAM_FFN ?? '8/1');
if (!ffnArg) throw new Error(`TTFORGE_PROGRAM_FFN '${env.TTFORGE_PROGRAM_FFN}': give tokens/passes, e.g. 4/2`);
const ffn: FfnSchedule = { blockTokens: Number(ffnArg[1]), passes: Number(ffnArg[2]) as 1 | 2 };
const base = presetConfig('paper', { layers, rank });
const { data, cfg } = fitModelToAtis(base, corpus);
const train = data.train;
const byLength = (pick: (a: number, b: number) => boolean) =>
  train.reduce((best, s) => (pick(s.tokens.length, best.tokens.length) ? s : best));
const samples: Sample[] = [train[0]!, byLength((a, b) => a < b), byLength((a, b) => a > b)];
log(
  `paper model, ${layers} layers, rank ${rank}, Adam, FFN blocks of ${ffn.blockTokens} in ${ffn.passes} pass(es); ${source === 'synthetic' ? 'synthetic ATIS-like' : 'ATIS'} train sentences of lengths ${samples.map((s) => s.tokens.length).join(', ')}`,
);

const settings = defaultAdam();
const mib = (words: number) => ((words * 4) / 2 ** 20).toFixed(1);

interface SampleRecord {
  sample: number;
  length: number;
  instructions: number;
  gemms: number;
  programMs: number;
  modelMs: number;
  wordsCompared: number;
  mismatches: ReturnType<typeof stateMismatches>['mismatches'];
}

/** Trains the samples on a fresh trainer and image with `run`, comparing the state after each one. */
function trainAndCompare(
  what: string,
  layout: MemoryLayout,
  image: Float32Array,
  persistentWords: number,
  run: (s: Sample, i: number) => ProgramInstruction[],
): SampleRecord[] {
  const trainer = Trainer.create(FP32, cfg, settings, 2026);
  loadParams(layout, image, trainer.params);
  return samples.map((s, i) => {
    image.fill(Number.NaN, persistentWords);
    let a = performance.now();
    const ran = run(s, i);
    const programMs = performance.now() - a;
    a = performance.now();
    trainer.trainStep(s);
    const modelMs = performance.now() - a;
    const { mismatches, words } = stateMismatches({ layout }, image, {
      params: trainer.params,
      grads: trainer.grads,
      ...trainer.opt,
    });
    log(
      `${what}, sample ${i + 1} (length ${s.tokens.length}): ${ran.length} instructions, program ${programMs.toFixed(0)} ms, model ${modelMs.toFixed(0)} ms; ` +
        `${words} words of parameters, gradients, m and v ${mismatches.length ? `DIFFER in ${mismatches.length} regions, first ${mismatches[0]!.region} word ${mismatches[0]!.word}` : 'bit-exact'}`,
    );
    return {
      sample: i + 1,
      length: s.tokens.length,
      instructions: ran.length,
      gemms: ran.filter(isGemm).length,
      programMs,
      modelMs,
      wordsCompared: words,
      mismatches,
    };
  });
}

// Each sentence its own program (compiled at its length, with its tokens).
const progs = samples.map((s) => compileTrainingStep(cfg, s.tokens, settings.kind, { ffn }));
const image = sharedImage(progs);
const withoutReuse = Math.max(...progs.map((p) => p.wordsWithoutReuse ?? p.layout.words));
log(
  `per-length programs: ${progs.map((p) => `${p.program.length}`).join(' / ')} instructions; image ${image.length} words (${mib(image.length)} MiB with lifetime reuse, ${mib(withoutReuse)} MiB without), ${progs[0]!.persistentWords} persistent`,
);
const records = trainAndCompare('per-length', progs[0]!.layout, image, progs[0]!.persistentWords, (s, i) => {
  const p = progs[i]!;
  runTrainingStep(p, image, s, settings, i + 1, { after: poisonOnReuse(p, image) });
  return p.program;
});

// ONE program for every sentence (compile-one.ts): length and token ids from the input record.
const compileStart = performance.now();
const one = compileOneProgram(cfg, settings.kind, { ffn });
const oneCompileMs = performance.now() - compileStart;
const oneImage = one.layout.newImage();
log(
  `one program (maxTokens ${one.maxTokens}): ${one.program.length} instructions, compiled in ${oneCompileMs.toFixed(0)} ms; image ${oneImage.length} words (${mib(oneImage.length)} MiB), ${one.persistentWords} persistent`,
);
const poison = poisonOnReuse({ ...one, T: one.maxTokens }, oneImage);
const oneRecords = trainAndCompare('one program', one.layout, oneImage, one.persistentWords, (s, i) => {
  runOneTrainingStep(one, oneImage, s, settings, i + 1, { after: poison });
  return programAtLength(one, s.tokens.length).program;
});

const ok = [...records, ...oneRecords].every((r) => r.mismatches.length === 0);
const outDir = path.join(repo, 'out', 'verify');
mkdirSync(outDir, { recursive: true });
writeFileSync(
  path.join(outDir, 'program.json'),
  `${JSON.stringify(
    {
      verify: 'program',
      date: new Date().toISOString(),
      data: source,
      model: { preset: 'paper', layers, rank, dModel: cfg.dModel, intents: cfg.intents, slots: cfg.slots },
      optimizer: settings,
      imageWords: image.length,
      imageWordsWithoutReuse: withoutReuse,
      persistentWords: progs[0]!.persistentWords,
      bitExact: ok,
      samples: records,
      oneProgram: {
        instructions: one.program.length,
        compileMs: oneCompileMs,
        imageWords: oneImage.length,
        persistentWords: one.persistentWords,
        samples: oneRecords,
      },
      seconds: (performance.now() - t0) / 1000,
    },
    null,
    2,
  )}\n`,
);
console.log(
  `program verify: ${records.length} samples, per-length programs and the one program, parameters, gradients and Adam moments ${ok ? 'bit-exact' : 'DIFFER'} after every sample, ${((performance.now() - t0) / 1000).toFixed(1)} s; wrote out/verify/program.json`,
);
process.exitCode = ok ? 0 : 1;
