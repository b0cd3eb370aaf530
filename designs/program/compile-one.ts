// ONE training-step program for every sample of a configuration (issue #16): the length T is a
// run-time register the sequencer loads from the input record's host.length word, the token ids are
// gathers from host.tokens (input-record.ts). Every instruction carries the extents it has at
// maxTokens, plus (RunTimeFields in isa.ts) the dimensions that shrink with T, as "min(stored,
// T - from)", the length from which it runs at all (minLength), and a constants block picked by T
// (kByLength). docs/program.md, "One program for every sample".
//
// How it is built: the per-length compiler, with its T-row blocks planned for maxTokens (the same
// regions, T x T stride and head blocks for every T), is run at maxTokens and at every shorter length
// into the maxTokens layout (FixedLayout); each instruction of the maxTokens program is then matched
// with its namesake at each T and its extents fitted to that form. Anything else that differs between
// lengths (an address, a stride, an opcode, an instruction only a shorter length has) is refused, so
// the one program at T is, by construction and check, exactly the program compiled for T.
import type { TransformerConfig } from '../transformer/config.js';
import type { FfnSchedule } from './compile-ffn.js';
import { type CompiledSample, type SampleProgram, compileSampleForward } from './compile-model.js';
import type { OptimizerKind } from './compile-update.js';
import { HOST_LENGTH } from './input-record.js';
import { type OneInstruction, type ProgramInstruction, type RunTimeFields, isGemm } from './isa.js';
import { reuseMemory } from './reuse.js';

export interface OneProgram extends Omit<SampleProgram, 'program' | 'T'> {
  /** maxTokens: the longest sample it runs, the length the stored extents are for. */
  maxTokens: number;
  /** The word the sequencer loads into its length register before the first instruction. */
  lengthWord: number;
  program: OneInstruction[];
}

type Dim = 'm' | 'n' | 'k';
const dimsOf = (ins: ProgramInstruction): Dim[] => (isGemm(ins) ? ['m', 'n', 'k'] : ['m', 'n']);

/** The instruction without its extents (and a vector constants address), for comparing lengths' programs. */
function shapeKey(ins: ProgramInstruction): string {
  const rest: Record<string, unknown> = { ...ins };
  for (const d of dimsOf(ins)) delete rest[d];
  if (!isGemm(ins)) delete rest.k;
  return JSON.stringify(rest);
}

/** (label, occurrence) -> index: the instruction's identity across lengths. */
function byName(program: readonly ProgramInstruction[]): Map<string, number> {
  const seen = new Map<string, number>();
  const out = new Map<string, number>();
  program.forEach((ins, i) => {
    const label = ins.label ?? ins.op;
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    out.set(`${label}#${n}`, i);
  });
  return out;
}

/**
 * Each maxTokens instruction's run-time fields from its extents at every length (undefined: absent).
 * Throws naming the instruction when they are not of the form the sequencer implements.
 */
function fitRunTime(ins: ProgramInstruction, atLength: (ProgramInstruction | undefined)[]): RunTimeFields {
  const N = atLength.length - 1;
  const where = `instruction '${ins.label ?? ins.op}'`;
  const present = atLength.map((x) => x !== undefined);
  const minLength = present.indexOf(true);
  if (minLength < 1 || present.slice(minLength).includes(false))
    throw new Error(`${where}: not present for every length from some length on`);
  const fields: RunTimeFields = minLength > 1 ? { minLength } : {};
  for (const dim of dimsOf(ins)) {
    const stored = (ins as unknown as Record<Dim, number>)[dim];
    let from: number | undefined;
    for (let T = minLength; T <= N; T++) {
      const v = (atLength[T] as unknown as Record<Dim, number>)[dim];
      if (v !== stored && from === undefined) from = T - v;
    }
    for (let T = minLength; T <= N; T++) {
      const v = (atLength[T] as unknown as Record<Dim, number>)[dim];
      const want = from === undefined ? stored : Math.min(stored, T - from);
      if (v !== want) throw new Error(`${where}: ${dim} = ${v} at length ${T} is not min(${stored}, T - ${from})`);
    }
    if (from !== undefined) fields.from = { ...fields.from, [dim]: from };
  }
  if (!isGemm(ins) && ins.k !== undefined) {
    const ks = atLength.slice(minLength).map((x) => (x as typeof ins).k);
    const byLength = ks.map((_, j) => ins.k! + minLength + j - N);
    if (ks.some((k) => k !== ins.k)) {
      if (ks.some((k, j) => k !== byLength[j]))
        throw new Error(`${where}: its constants address is neither fixed nor stored + T - maxTokens`);
      fields.kByLength = true;
    }
  }
  return fields;
}

/** The one program of a training step (forward, losses, backward, update) for lengths 1..maxTokens. */
export function compileOneProgram(
  cfg: TransformerConfig,
  optimizer: OptimizerKind,
  opts: { reuse?: boolean; ffn?: FfnSchedule } = {},
): OneProgram {
  const N = cfg.maxTokens;
  const compile = (T: number, plan?: CompiledSample['layout']) =>
    compileSampleForward(cfg, new Int32Array(T), {
      optimizer,
      ...(opts.ffn ? { ffn: opts.ffn } : {}),
      oneProgram: plan ? { plan } : {},
    });
  const full = compile(N);
  const names = byName(full.program);
  const atLength: (ProgramInstruction | undefined)[][] = full.program.map(() => new Array(N + 1).fill(undefined));
  full.program.forEach((ins, i) => {
    atLength[i]![N] = ins;
  });
  for (let T = 1; T < N; T++) {
    const c = compile(T, full.layout);
    for (const [name, j] of byName(c.program)) {
      const i = names.get(name);
      const ins = c.program[j]!;
      if (i === undefined) throw new Error(`instruction '${name}' of length ${T} is not in the maxTokens program`);
      if (shapeKey(ins) !== shapeKey(full.program[i]!))
        throw new Error(`instruction '${name}' differs at length ${T} beyond its extents`);
      atLength[i]![T] = ins;
    }
  }
  const program: OneInstruction[] = full.program.map((ins, i) => ({ ...ins, ...fitRunTime(ins, atLength[i]!) }));
  const { forward: _, T: __, ...rest } = full;
  const base = { ...rest, maxTokens: N, lengthWord: full.layout.base(HOST_LENGTH) };
  if (opts.reuse === false) return { ...base, program };
  // Planned at maxTokens, where every instruction has its largest extents: at a shorter length each
  // touches a subset of those words, so regions never live together there do not meet at any T.
  const r = reuseMemory(full.layout, program, full.persistentWords);
  return {
    ...base,
    layout: r.layout,
    program: r.program as OneInstruction[],
    live: r.live,
    wordsWithoutReuse: r.wordsBefore,
  };
}
