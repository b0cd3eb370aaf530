// The program generator: a TT schedule (GemmStep records) -> engine instructions over one data-memory
// layout. Each step may be turned around (C^T = B^T A^T, same products, same p order, so the same bits)
// when that tiles better; the cycle model decides.
import type { GemmStep, OperandRef } from '../tt/gemm-step.js';
import type { DataLayout } from './data-layout.js';
import { fermatBanks, stridedLanesConflict } from '../../rtl-lib/mem/fermat-banks.js';
import { type EngineConfig, checkConfig, dataBanks, loopSlots } from './engine-config.js';
import { encodeInstruction, type Instruction } from './instruction.js';
import { stepTiming } from './cycle-model.js';

/** The transposed product: C^T (n x m) = B^T (n x k) A^T (k x m), operands addressed in place. */
export function transposeStep(s: GemmStep): GemmStep {
  const t = (r: OperandRef): OperandRef => ({
    buffer: r.buffer,
    offset: r.offset,
    rowStride: r.colStride,
    colStride: r.rowStride,
  });
  return { ...s, m: s.n, n: s.m, a: t(s.b), b: t(s.a), c: t(s.c) };
}

function encodeStep(c: EngineConfig, s: GemmStep, layout: DataLayout, transposed: boolean): Instruction {
  const P = loopSlots(c);
  const R = c.rows;
  const at = (r: OperandRef): number => {
    const base = layout.base.get(r.buffer);
    if (base === undefined) throw new Error(`step '${s.label}': buffer '${r.buffer}' is not in the layout`);
    return base + r.offset;
  };
  const t = stepTiming(c, s.m, s.n, s.k);
  // Lane strides: with one lane in use the others only need to stay out of its bank, which stride 0
  // (every lane on lane 0's word) guarantees for any operand.
  const lane = (stride: number, used: number) => (used > 1 ? stride : 0);
  return {
    label: s.label,
    transposed,
    accumulate: s.accumulate,
    last: false,
    k: s.k,
    rounds: t.rounds,
    groups: t.groups,
    colTiles: t.colTiles,
    m: s.m,
    n: s.n,
    stepCycles: t.stepCycles,
    aOff: at(s.a),
    aRow: lane(s.a.rowStride, Math.min(R, s.m)),
    aCol: s.a.colStride,
    aSlot: R * s.a.rowStride,
    aGroup: P * R * s.a.rowStride,
    bOff: at(s.b),
    bRow: s.b.rowStride,
    bCol: lane(s.b.colStride, Math.min(c.cols, s.n)),
    bTile: c.cols * s.b.colStride,
    cOff: at(s.c),
    cRow: s.c.rowStride,
    cCol: lane(s.c.colStride, Math.min(c.cols, s.n)),
    cSlot: R * s.c.rowStride,
    cGroup: P * R * s.c.rowStride,
    cTile: c.cols * s.c.colStride,
    cLast: (R - 1) * s.c.rowStride,
  };
}

export interface ProgramOptions {
  /** 'auto' (default): the orientation with fewer modelled cycles; 'never': as scheduled. */
  transpose?: 'auto' | 'never' | 'always';
}

/**
 * Why an instruction's lanes would collide in the banked data memory (two lanes of one vector in one
 * bank: a lane stride that is a non-zero multiple of the bank count), or undefined when they cannot.
 * Every lane counts, used or not: the bank ports select their lane with an AND-OR.
 */
export function bankConflict(c: EngineConfig, ins: Instruction): string | undefined {
  const f = fermatBanks(dataBanks(c));
  const lanes: [string, number, number][] = [
    ['A lane (row) stride', ins.aRow, c.rows],
    ['B lane (column) stride', ins.bCol, c.cols],
    ['C lane (column) stride', ins.cCol, c.cols],
  ];
  const bad = lanes.filter(([, stride, n]) => stridedLanesConflict(f, stride, n));
  return bad.length
    ? `${bad.map(([what, stride]) => `${what} ${stride}`).join(', ')} is a multiple of the ${f.banks} data-memory banks`
    : undefined;
}

export function compileStep(c: EngineConfig, s: GemmStep, layout: DataLayout, opts: ProgramOptions = {}): Instruction {
  const mode = opts.transpose ?? 'auto';
  const plain = encodeStep(c, s, layout, false);
  const turned = encodeStep(c, transposeStep(s), layout, true);
  const options =
    mode === 'never'
      ? [plain]
      : mode === 'always'
        ? [turned]
        : turned.stepCycles < plain.stepCycles
          ? [turned, plain]
          : [plain, turned];
  const ok = options.find((ins) => bankConflict(c, ins) === undefined);
  if (!ok) {
    throw new Error(
      `step '${s.label}': ${bankConflict(c, options[0]!)}, so two lanes would need one bank in the same cycle; ` +
        `build the engine with another bank count (EngineConfig.banks: 5, 17 or 257) or give the buffer a padded stride`,
    );
  }
  return ok;
}

/** Instructions for the GEMM steps in order; the last is flagged so the sequencer stops. */
export function compileProgram(
  c: EngineConfig,
  steps: readonly GemmStep[],
  layout: DataLayout,
  opts: ProgramOptions = {},
): Instruction[] {
  checkConfig(c);
  if (steps.length === 0) throw new Error('a program needs at least one step');
  const prog = steps.map((s) => compileStep(c, s, layout, opts));
  prog[prog.length - 1]!.last = true;
  return prog;
}

export const encodeProgram = (prog: readonly Instruction[]): bigint[] => prog.map(encodeInstruction);
