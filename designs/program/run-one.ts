// Running the one program (compile-one.ts): what its sequencer does per instruction - the length
// register T from host.length, each instruction skipped below its minLength, its shrinking extents
// min(stored, T - from), its gathered operands moved by the token id's digit - and then the plain
// interpreter on the result. The input record is only read by the sequencer (no instruction writes
// it), so resolving the whole program from the image before the run is the same as one by one.
import { type OptimizerSettings, settingsForEpoch } from '../transformer/optimizer.js';
import type { Sample } from '../transformer/model.js';
import type { OneProgram } from './compile-one.js';
import type { SampleProgram } from './compile-model.js';
import { writeStepConstants } from './compile-update.js';
import { HOST_TOKENS, writeInputRecord } from './input-record.js';
import { executeVectorInstruction } from '../engine/vector/interpreter.js';
import { ProgramError, type RunOptions, executeGemm, validateProgram } from './interpreter.js';
import { type OneInstruction, type ProgramInstruction, type View, isGemm } from './isa.js';
import type { StepOptions } from './host.js';

const refuse = (message: string): never => {
  throw new ProgramError([{ code: 'TTF193', severity: 'error', message }]);
};

/** The instruction at length T with token ids from `id(word)`; undefined when it does not run. */
export function resolveInstruction(
  ins: OneInstruction,
  T: number,
  maxTokens: number,
  id: (word: number) => number,
): ProgramInstruction | undefined {
  if (ins.minLength !== undefined && T < ins.minLength) return undefined;
  const { minLength: _, from, gather, kByLength, ...plain } = ins;
  const out = { ...plain } as unknown as Record<string, unknown>;
  if (kByLength) out.k = (out.k as number) + T - maxTokens;
  for (const [dim, f] of Object.entries(from ?? {})) {
    const rows = Math.min(out[dim] as number, T - f);
    if (rows < 1) return undefined;
    out[dim] = rows;
  }
  for (const g of gather ?? []) {
    const v = id(g.word);
    if (!Number.isInteger(v) || v < 0)
      refuse(`instruction '${ins.label ?? ins.op}': token id ${v} at word ${g.word} is not a non-negative integer`);
    const shift = g.stride * (Math.floor(v / g.div) % g.mod);
    for (const operand of g.operands) {
      const view = out[operand] as View;
      out[operand] = { ...view, off: view.off + shift };
    }
  }
  return out as unknown as ProgramInstruction;
}

/**
 * The program the sequencer runs at length T (token ids from `tokens`, default all 0: the cycle model's
 * case, where they do not matter), as a SampleProgram with its stages renumbered.
 */
export function programAtLength(p: OneProgram, T: number, tokens?: ArrayLike<number>): SampleProgram {
  if (!Number.isInteger(T) || T < 1 || T > p.maxTokens)
    refuse(`length register ${T}: the program runs lengths 1..${p.maxTokens}`);
  const tokenBase = p.layout.base(HOST_TOKENS);
  const id = (word: number) => (tokens ? Number(tokens[word - tokenBase] ?? Number.NaN) : 0);
  const program: ProgramInstruction[] = [];
  const newIndex: number[] = [];
  for (const ins of p.program) {
    newIndex.push(program.length);
    const r = resolveInstruction(ins, T, p.maxTokens, id);
    if (r) program.push(r);
  }
  // A stage with no instruction at T (the slot head at length 1) is left out, as the per-length compiler does.
  const starts = p.stages.map((s) => ({ name: s.name, start: newIndex[s.start] ?? program.length }));
  const stages = starts.filter((s, k) => s.start < (starts[k + 1]?.start ?? program.length));
  const { maxTokens: _, lengthWord: __, program: ___, ...rest } = p;
  return { ...rest, T, program, stages };
}

/**
 * Reads T and the token ids from the image's input record, validates the resolved instructions (a
 * refused run never touches memory), then runs them. `after` is called with the one program's index
 * for every instruction, those that do not run at T included (poisonOnReuse counts on that).
 */
export function runOneProgram(p: OneProgram, image: Float32Array, opts: RunOptions = {}): void {
  const T = image[p.lengthWord]!;
  if (!Number.isInteger(T) || T < 1 || T > p.maxTokens)
    refuse(`length register ${T}: the program runs lengths 1..${p.maxTokens}`);
  const ids = p.layout.read(image, HOST_TOKENS);
  for (let t = 0; t < T; t++) {
    const v = ids[t]!;
    if (!Number.isInteger(v) || v < 0 || v >= p.cfg.vocab)
      refuse(`token ${t} = ${v} in host.tokens is outside the table 0..${p.cfg.vocab - 1}`);
  }
  const id = (word: number) => image[word]!;
  const resolved = p.program.map((ins) => resolveInstruction(ins, T, p.maxTokens, id));
  validateProgram(
    resolved.filter((x) => x !== undefined),
    image.length,
  );
  resolved.forEach((ins, i) => {
    if (ins) {
      if (isGemm(ins)) executeGemm(ins, image);
      else executeVectorInstruction(ins, image);
    }
    opts.after?.(i, p.program[i]!);
  });
}

/** One training step of the one program: the sample's input record, step t's scalars, the run. */
export function runOneTrainingStep(
  p: OneProgram,
  image: Float32Array,
  s: Sample,
  settings: OptimizerSettings,
  t: number,
  opts: StepOptions = {},
): void {
  if (p.optimizer !== settings.kind)
    throw new Error(`program compiled for ${p.optimizer ?? 'no optimizer'}, settings are ${settings.kind}`);
  if (image.length < p.layout.words)
    throw new Error(`image of ${image.length} words, the program needs ${p.layout.words}`);
  writeInputRecord(p.layout, image, p.maxTokens, s);
  writeStepConstants(p.layout, image, settingsForEpoch(settings, opts.epoch ?? 0), t);
  runOneProgram(p, image, opts);
}
