// A small program for the kernel's shell, whose every effect the program interpreter predicts: it
// reads every per-sample input the kernel writes and leaves every output the kernel reads.
//   evaluation: slotPreds = slot labels + tokens (positions 1..), intentPred = intent label,
//               loss = the column sum of the whole host block (tokens, labels, 1/scored, 1, 0, T, lr);
//   training:   the same, then G = lr * tokens and P -= G (the parameters move by what the sample holds).
// The host block is in the engine's region, the outputs and P in the vector unit's (it writes them).
import type { CombinedConfig } from '../engine/combined-core.js';
import { compileCombinedProgram } from '../engine/combined-program.js';
import { broadcastRow, rowMajor, type ProgramInstruction } from '../program/isa.js';
import type { HostMap, TransformerKernelOptions } from './kernel-options.js';
import type { ReferencePrograms } from './kernel-reference.js';
import type { RecordShape } from './sample-record.js';

export interface TinyKernel {
  options: TransformerKernelOptions;
  programs: ReferencePrograms;
  /** Where P (the parameters the training entry moves) lives. */
  pBase: number;
}

export function tinyKernel(shape: RecordShape, core: CombinedConfig, maxBeats = 8): TinyKernel {
  const M = shape.maxTokens;
  const E = core.engineDepth;
  const map: HostMap = {
    tokens: 0,
    slotLabels: M,
    intentLabel: 2 * M - 1,
    slotCE: 2 * M,
    length: 2 * M + 3,
    optimizer: 2 * M + 4,
    lrWords: 1,
    slotPreds: E,
    intentPred: E + M - 1,
    loss: E + M,
  };
  const g = E + M + 1;
  const p = E + 2 * M + 1;
  const hostWords = 2 * M + 5;
  const evalProgram: ProgramInstruction[] = [
    {
      op: 'add',
      label: 'slot predictions',
      m: 1,
      n: M - 1,
      a: rowMajor(map.slotLabels, M - 1),
      b: rowMajor(map.tokens! + 1, M - 1),
      y: rowMajor(map.slotPreds, M - 1),
    },
    {
      op: 'copy',
      label: 'intent prediction',
      m: 1,
      n: 1,
      a: rowMajor(map.intentLabel, 1),
      y: rowMajor(map.intentPred, 1),
    },
    { op: 'sumRows', label: 'loss', m: hostWords, n: 1, a: rowMajor(0, 1), y: broadcastRow(map.loss) },
  ];
  const trainProgram: ProgramInstruction[] = [
    ...evalProgram,
    {
      op: 'scale',
      label: 'G = lr tokens',
      m: 1,
      n: M,
      a: rowMajor(map.tokens!, M),
      y: rowMajor(g, M),
      k: map.optimizer,
    },
    { op: 'sub', label: 'P -= G', m: 1, n: M, a: rowMajor(p, M), b: rowMajor(g, M), y: rowMajor(p, M) },
  ];
  const ev = compileCombinedProgram(core, evalProgram).words;
  const tr = compileCombinedProgram(core, trainProgram).words;
  return {
    options: {
      shape,
      core,
      program: [...ev, ...tr],
      entry: { eval: 0, train: ev.length },
      map,
      params: { base: 0, words: E + core.vectorDepth },
      maxBeats,
    },
    programs: { eval: evalProgram, train: trainProgram },
    pBase: p,
  };
}
