// The program generator of the combined core (combined-core.ts): a list of GEMM and vector instructions
// of the whole-model ISA (designs/program/isa.ts, one word-addressed memory) -> combined words, each
// with its dependence bit, and the cycle model of the result.
//
// Dependences: the core has at most one instruction in flight per unit and issues in program order, so
// the only instruction another can overlap is the latest one of the other unit before it (older ones
// have ended before that one started). The generator sets `waitOther` when the two touch a common word
// (read-after-write, write-after-read, write-after-write; address ranges, conservative, from
// accesses.ts) or when the program says so (`after`). It refuses, every problem of every instruction
// together, with the instruction's index and name (TTF191): what the interpreter refuses, a vector
// opcode the unit has no hardware for, a GEMM writing outside the engine's region [0, E) or a vector
// instruction outside the vector region [E, E + V) (each region has one writer), an operand across the
// regions' boundary, a vector operand below the vector unit's window of the engine region [E - S, E) or
// a GEMM result across the window's start, a bank conflict, an `after` naming itself or a later instruction (a cycle).
import { type Diagnostic, DiagnosticError } from '../../dsl/diagnostics.js';
import { accessesOf, type Access } from '../program/accesses.js';
import { gemmProblems } from '../program/interpreter.js';
import { type GemmInstruction, type ProgramInstruction, isGemm } from '../program/isa.js';
import { type CombinedConfig, checkCombinedConfig } from './combined-core.js';
import { type WordKind, encodeCombinedWord } from './combined-word.js';
import { dataBanks } from './engine-config.js';
import { encodeInstruction } from './instruction.js';
import { compileStep } from './program.js';
import { encodeVectorInstruction } from './vector/encoding.js';
import { insName } from './vector/isa.js';
import { instructionProblems } from './vector/validate.js';
import { vectorCycles } from './vector/vector-cycle-model.js';
import { vectorHwOps } from './vector/vector-unit.js';

export class CombinedProgramError extends DiagnosticError {}

/** An instruction and, optionally, earlier instructions (indices) it must follow beyond its data. */
export type CombinedInstruction = ProgramInstruction & { after?: readonly number[] };

export interface CombinedEntry {
  name: string;
  kind: WordKind;
  waitOther: boolean;
  /** The engine's stepCycles, or the vector unit's cycles from start to done. */
  unitCycles: number;
  macs: number;
}

export interface CombinedProgram {
  words: bigint[];
  entries: CombinedEntry[];
}

export interface CombinedOptions {
  /** Every instruction waits for the other unit (the same program run one instruction at a time). */
  serial?: boolean;
}

const nameOf = (ins: ProgramInstruction): string => (isGemm(ins) ? (ins.label ?? 'gemm') : insName(ins));
const meets = (x: Access, y: Access) => x.lo <= y.hi && y.lo <= x.hi;
const anyMeet = (xs: Access[], ys: Access[]) => xs.some((x) => ys.some((y) => meets(x, y)));

/** True when the two instructions touch a common word and at least one of them writes it. */
export function dependent(x: ProgramInstruction, y: ProgramInstruction): boolean {
  const ax = accessesOf(x),
    ay = accessesOf(y);
  const w = (a: Access[]) => a.filter((e) => e.write);
  return anyMeet(w(ax), ay) || anyMeet(ax, w(ay));
}

const gemmStep = (g: GemmInstruction) => ({
  op: 'gemm' as const,
  label: g.label ?? 'gemm',
  m: g.m,
  n: g.n,
  k: g.k,
  a: { buffer: 'mem', offset: g.a.off, rowStride: g.a.row, colStride: g.a.col },
  b: { buffer: 'mem', offset: g.b.off, rowStride: g.b.row, colStride: g.b.col },
  c: { buffer: 'mem', offset: g.c.off, rowStride: g.c.row, colStride: g.c.col },
  accumulate: g.accumulate,
});

/** Region problems of one instruction: writes in the unit's own region, no operand across the boundary. */
function regionProblems(ins: ProgramInstruction, cfg: CombinedConfig): string[] {
  const E = cfg.engineDepth;
  const W0 = E - (cfg.vectorWindow ?? E);
  const out: string[] = [];
  for (const a of accessesOf(ins)) {
    const what = `operand ${a.field} (addresses ${a.lo}..${a.hi})`;
    if (a.lo < E && a.hi >= E) out.push(`${what} runs across the regions' boundary at ${E}`);
    else if (a.write && isGemm(ins) && a.hi >= E)
      out.push(`${what} is in the vector region [${E}, ${E + cfg.vectorDepth}): GEMMs write only [0, ${E})`);
    else if (a.write && !isGemm(ins) && a.lo < E)
      out.push(
        `${what} is in the engine region [0, ${E}): vector instructions write only [${E}, ${E + cfg.vectorDepth})`,
      );
    else if (a.write && isGemm(ins) && a.lo < W0 && a.hi >= W0)
      out.push(`${what} runs across the start of the vector unit's window at ${W0}`);
    else if (!isGemm(ins) && a.lo < W0)
      out.push(`${what} is outside the part of the engine region the vector unit reads, [${W0}, ${E})`);
  }
  return out;
}

/** Encodes a program for the combined core; throws a CombinedProgramError listing every problem. */
export function compileCombinedProgram(
  cfg: CombinedConfig,
  program: readonly CombinedInstruction[],
  opts: CombinedOptions = {},
): CombinedProgram {
  checkCombinedConfig(cfg);
  const memWords = cfg.engineDepth + cfg.vectorDepth;
  const hw = vectorHwOps(cfg);
  const diags: Diagnostic[] = [];
  const problem = (i: number, ins: ProgramInstruction, msg: string) =>
    diags.push({ code: 'TTF191', severity: 'error', message: `instruction ${i} '${nameOf(ins)}' (${ins.op}): ${msg}` });
  if (program.length === 0) throw new Error('a combined program needs at least one instruction');
  if (program.length > cfg.progDepth)
    diags.push({
      code: 'TTF191',
      severity: 'error',
      message: `the program has ${program.length} instructions, the core's program memory ${cfg.progDepth} words`,
    });
  const payloads: (bigint | undefined)[] = [];
  const entries: CombinedEntry[] = [];
  program.forEach((ins, i) => {
    const own = isGemm(ins)
      ? gemmProblems(ins, memWords)
      : instructionProblems(ins, { memWords, banks: dataBanks(cfg.engine), lanes: cfg.lanes });
    own.forEach((p) => problem(i, ins, p));
    if (!own.length) regionProblems(ins, cfg).forEach((p) => problem(i, ins, p));
    for (const j of ins.after ?? [])
      if (!Number.isInteger(j) || j < 0 || j >= program.length) problem(i, ins, `after ${j}: no such instruction`);
      else if (j >= i)
        problem(i, ins, `after ${j} ('${nameOf(program[j]!)}'): a dependence cycle (it comes later or is itself)`);
    if (own.length) {
      payloads.push(undefined);
      entries.push({
        name: nameOf(ins),
        kind: isGemm(ins) ? 'gemm' : 'vector',
        waitOther: false,
        unitCycles: 0,
        macs: 0,
      });
      return;
    }
    if (isGemm(ins)) {
      try {
        const step = compileStep(cfg.engine, gemmStep(ins), { base: new Map([['mem', 0]]), words: 0, depth: 0 });
        payloads.push(encodeInstruction(step));
        entries.push({
          name: nameOf(ins),
          kind: 'gemm',
          waitOther: false,
          unitCycles: step.stepCycles,
          macs: ins.m * ins.n * ins.k,
        });
      } catch (e) {
        problem(i, ins, (e as Error).message);
        payloads.push(undefined);
        entries.push({ name: nameOf(ins), kind: 'gemm', waitOther: false, unitCycles: 0, macs: 0 });
      }
    } else {
      if (!hw.includes(ins.op))
        problem(i, ins, `the vector unit has no hardware for ${ins.op} (it runs ${hw.join(', ')})`);
      payloads.push(encodeVectorInstruction(ins, false));
      entries.push({
        name: nameOf(ins),
        kind: 'vector',
        waitOther: false,
        unitCycles: vectorCycles(cfg, ins, hw),
        macs: 0,
      });
    }
  });
  if (diags.length) throw new CombinedProgramError(diags);

  // The dependence bits: against the latest instruction of the other unit.
  let lastOf: Record<WordKind, number | undefined> = { gemm: undefined, vector: undefined };
  program.forEach((ins, i) => {
    const e = entries[i]!;
    const other = lastOf[e.kind === 'gemm' ? 'vector' : 'gemm'];
    e.waitOther =
      other !== undefined &&
      (opts.serial === true || (ins.after ?? []).includes(other) || dependent(ins, program[other]!));
    lastOf = { ...lastOf, [e.kind]: i };
  });
  const words = entries.map((e, i) =>
    encodeCombinedWord({ kind: e.kind, waitOther: e.waitOther, last: i === program.length - 1, payload: payloads[i]! }),
  );
  return { words, entries };
}

/**
 * Cycles after dispatch D until a unit is free again (combined-core.ts): the engine is started at D + 1,
 * fetches and decodes (2), runs stepCycles and is idle from D + 4 + stepCycles; the vector unit starts
 * at D and is idle from D + its cycles. Each then waits for its writes to land in the region's wider copy.
 */
export const ENGINE_FREE_AFTER = 4;
export const vectorFreeAfter = (cfg: CombinedConfig): number => Math.max(0, cfg.engine.cols - cfg.lanes);

export interface CombinedTiming {
  /** Cycles from the start cycle to the first cycle `done` is high. */
  cycles: number;
  /** Per instruction: the dispatch cycle and the cycle its unit is free again. */
  dispatch: number[];
  free: number[];
  /** Cycles the engine is busy (its instructions' spans). */
  engineBusy: number;
}

/** The combined core's timeline (the dispatcher's rules, cycle by cycle as the RTL takes them). */
export function combinedTiming(cfg: CombinedConfig, entries: readonly CombinedEntry[]): CombinedTiming {
  const freeAt: Record<WordKind, number> = { gemm: 0, vector: 0 };
  let earliest = 2; // start, fetch, then the first issue cycle
  const dispatch: number[] = [];
  const free: number[] = [];
  let engineBusy = 0;
  for (const e of entries) {
    const other = e.kind === 'gemm' ? 'vector' : 'gemm';
    const d = Math.max(earliest, freeAt[e.kind], e.waitOther ? freeAt[other] : 0);
    const span = e.kind === 'gemm' ? ENGINE_FREE_AFTER + e.unitCycles : e.unitCycles + vectorFreeAfter(cfg);
    if (e.kind === 'gemm') engineBusy += span;
    freeAt[e.kind] = d + span;
    dispatch.push(d);
    free.push(d + span);
    earliest = d + 2;
  }
  const finish = Math.max(dispatch[dispatch.length - 1]! + 1, freeAt.gemm, freeAt.vector);
  return { cycles: finish + 1, dispatch, free, engineBusy };
}
