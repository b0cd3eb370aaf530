// A TT schedule (designs/tt/tt-planner.ts) as a program of the combined core (combined-core.ts): every
// GEMM step on the engine except the two bias steps, which go to the vector unit with the same bits:
//   `Y += 1 bias` (k = 1, accumulate: r(Y + r(1 bias)) = r(Y + bias)) -> add, b the bias row broadcast,
//     written to `Yb` in the vector region (the vector unit writes only there; Y keeps Z R);
//   `dbias = 1^T dY` (m = 1: r(... r(+0 + dY_0j) ... + dY_(K-1)j)) -> sumRows into `dbias`, also in the
//     vector region, placed after the first backward GEMM so that it runs beside the engine.
// The engine region holds every other buffer in declaration order, those the vector unit reads (and the
// parameter block) in its window at the top.
import type { BufferDecl, GemmStep, OperandRef } from '../tt/gemm-step.js';
import type { GemmInstruction } from '../program/isa.js';
import type { VectorInstruction } from './vector/isa.js';
import type { CombinedInstruction } from './combined-program.js';

/** Buffers that live in the vector region: the bias add's result and the bias gradient. */
export const VECTOR_REGION_BUFFERS = ['Yb', 'dbias'] as const;
/** Engine-region buffers the bias steps read (with the parameters, kept in one block): the window. */
const VECTOR_READS = ['Y', 'dY', 'bias'];

export interface CombinedLayout {
  base: Map<string, number>;
  /** Words used in each region, and the regions' sizes (powers of two, V <= E). */
  engineWords: number;
  vectorWords: number;
  engineDepth: number;
  vectorDepth: number;
  /** The vector unit's window [E - S, E) of the engine region: the buffers it reads, and the parameters. */
  vectorWindow: number;
}

const pow2 = (x: number, least = 16) => {
  let d = least;
  while (d < x) d *= 2;
  return d;
};

/**
 * Places the schedule's buffers (and Yb) in the two regions: the engine region from 0 with the window's
 * buffers (what the vector unit reads, and the parameter block so that it stays one block) at its top,
 * the vector region from E. `force` sets larger sizes (one build for several layers).
 */
export function combinedLayout(
  buffers: readonly BufferDecl[],
  K: number,
  N: number,
  force: Partial<Pick<CombinedLayout, 'engineDepth' | 'vectorDepth' | 'vectorWindow'>> = {},
): CombinedLayout {
  const inV = (b: BufferDecl) => (VECTOR_REGION_BUFFERS as readonly string[]).includes(b.name);
  const inWindow = (b: BufferDecl) => VECTOR_READS.includes(b.name) || b.role === 'param';
  const sum = (bs: readonly { words: number }[]) => bs.reduce((a, b) => a + b.words, 0);
  const below = buffers.filter((b) => !inV(b) && !inWindow(b));
  const window = buffers.filter((b) => !inV(b) && inWindow(b));
  const vBuffers = [{ name: 'Yb', words: K * N }, ...buffers.filter((x) => x.name === 'dbias')];
  const vectorWindow = force.vectorWindow ?? pow2(sum(window));
  const engineDepth = force.engineDepth ?? pow2(sum(below) + vectorWindow);
  const vectorDepth = force.vectorDepth ?? pow2(sum(vBuffers));
  if (sum(window) > vectorWindow || sum(below) > engineDepth - vectorWindow || sum(vBuffers) > vectorDepth)
    throw new Error(
      `regions ${engineDepth} (window ${vectorWindow}) + ${vectorDepth} words are too small for the schedule`,
    );
  if (vectorDepth > engineDepth) throw new Error(`vector region of ${vectorDepth} words is larger than the engine's`);
  const base = new Map<string, number>();
  const place = (bs: readonly { name: string; words: number }[], from: number) =>
    bs.reduce((at, b) => {
      base.set(b.name, at);
      return at + b.words;
    }, from);
  place(below, 0);
  place(window, engineDepth - vectorWindow);
  place(vBuffers, engineDepth);
  return {
    base,
    engineWords: sum(below) + sum(window),
    vectorWords: sum(vBuffers),
    engineDepth,
    vectorDepth,
    vectorWindow,
  };
}

const isBiasAdd = (s: GemmStep) => s.a.buffer === 'one' && s.k === 1 && s.accumulate;
const isBiasGrad = (s: GemmStep) => s.a.buffer === 'one' && s.m === 1;

/** One GEMM step at the layout's addresses. */
export function gemmInstruction(s: GemmStep, layout: CombinedLayout): GemmInstruction {
  const view = (r: OperandRef) => ({ off: layout.base.get(r.buffer)! + r.offset, row: r.rowStride, col: r.colStride });
  return {
    op: 'gemm',
    label: s.label,
    m: s.m,
    n: s.n,
    k: s.k,
    a: view(s.a),
    b: view(s.b),
    c: view(s.c),
    accumulate: s.accumulate,
  };
}

/** The bias steps as vector instructions (the step's own operands, the result of the add in Yb). */
function biasInstruction(s: GemmStep, layout: CombinedLayout): VectorInstruction {
  const at = (r: OperandRef) => layout.base.get(r.buffer)! + r.offset;
  if (isBiasAdd(s)) {
    const y = { off: at(s.c), row: s.c.rowStride, col: s.c.colStride };
    return {
      op: 'add',
      label: s.label,
      m: s.m,
      n: s.n,
      a: y,
      b: { off: at(s.b), row: 0, col: s.b.colStride },
      y: { ...y, off: layout.base.get('Yb')! + s.c.offset },
    };
  }
  return {
    op: 'sumRows',
    label: s.label,
    m: s.k,
    n: s.n,
    a: { off: at(s.b), row: s.b.rowStride, col: s.b.colStride },
    y: { off: at(s.c), row: 0, col: s.c.colStride },
    accumulate: s.accumulate,
  };
}

/**
 * The steps of one stage as combined instructions: bias steps on the vector unit; a bias gradient is
 * moved after the stage's first GEMM (it depends only on dY, so it then runs beside the engine).
 */
export function combinedStage(steps: readonly GemmStep[], layout: CombinedLayout): CombinedInstruction[] {
  const out: CombinedInstruction[] = [];
  const late: CombinedInstruction[] = [];
  for (const s of steps) {
    if (isBiasAdd(s)) out.push(biasInstruction(s, layout));
    else if (isBiasGrad(s)) late.push(biasInstruction(s, layout));
    else out.push(gemmInstruction(s, layout));
  }
  const firstGemm = out.findIndex((i) => i.op === 'gemm');
  out.splice(firstGemm < 0 ? out.length : firstGemm + 1, 0, ...late);
  return out;
}
