// The vector unit's instruction set: every non-GEMM operation of a training step, each over strided
// views of the one data memory (docs/vector-unit.md, "Instruction set").
//
// An instruction covers an m x n block. Element (i, j) of an operand lives at off + i*row + j*col; a
// stride of 0 broadcasts (a bias row over every row: row = 0; a scalar: both 0). Operands have one of
// four shapes: 'mn' (m x n), 'row' (1 x n, indexed by j only), 'col' (m x 1, indexed by i only), and the
// constants block k: `consts` consecutive words at address k (per-step scalars such as lr_t and eps_t,
// written by the host, so the program itself never changes between steps).
//
// Sources are a, b, c, d; destinations y, z, w. A destination may be the very same view as a source
// (in-place update: Adam's p, m, v; softmax of the scores in place); any other overlap is refused.

export const VECTOR_OPS = [
  'add',
  'sub',
  'mul',
  'scale',
  'copy',
  'sumRows',
  'rowMax',
  'rowSum',
  'softmax',
  'softmaxBwd',
  'layerNormFwd',
  'layerNormBwd',
  'geluFwd',
  'geluBwd',
  'tanhFwd',
  'tanhBwd',
  'crossEntropyGrad',
  'sgd',
  'adam',
] as const;
export type VectorOp = (typeof VECTOR_OPS)[number];

export const SOURCE_OPERANDS = ['a', 'b', 'c', 'd'] as const;
export const DEST_OPERANDS = ['y', 'z', 'w'] as const;
export const VIEW_OPERANDS = [...SOURCE_OPERANDS, ...DEST_OPERANDS] as const;
export type ViewOperand = (typeof VIEW_OPERANDS)[number];

export type OperandShape = 'mn' | 'row' | 'col';

export interface View {
  off: number;
  row: number;
  col: number;
}

export interface VectorInstruction {
  op: VectorOp;
  m: number;
  n: number;
  a?: View;
  b?: View;
  c?: View;
  d?: View;
  y?: View;
  z?: View;
  w?: View;
  /** Address of the constants block (ops with consts > 0). */
  k?: number;
  /** sumRows: start each column sum from y instead of +0. */
  accumulate?: boolean;
  /** Not encoded: a name for errors and reports. */
  label?: string;
}

export interface OpSpec {
  /** Opcode in the binary format (0 is never used, so an all-zero word is refused). */
  code: number;
  operands: Partial<Record<ViewOperand, OperandShape>>;
  /** Words of the constants block, in order. */
  consts: readonly string[];
  /** The meaning of each operand, for errors and docs. */
  roles: Partial<Record<ViewOperand, string>>;
  accumulate?: true;
}

const ew2 = (code: number): OpSpec => ({
  code,
  operands: { a: 'mn', b: 'mn', y: 'mn' },
  consts: [],
  roles: { a: 'x', b: 'x2', y: 'out' },
});

/** What each opcode reads and writes. The FP32 formulas are in interpreter.ts and docs/vector-unit.md. */
export const OP_SPECS: Record<VectorOp, OpSpec> = {
  add: ew2(1),
  sub: ew2(2),
  mul: ew2(3),
  scale: { code: 4, operands: { a: 'mn', y: 'mn' }, consts: ['s'], roles: { a: 'x', y: 'out' } },
  copy: { code: 5, operands: { a: 'mn', y: 'mn' }, consts: [], roles: { a: 'x', y: 'out' } },
  sumRows: {
    code: 6,
    operands: { a: 'mn', y: 'row' },
    consts: [],
    roles: { a: 'x', y: 'column sums' },
    accumulate: true,
  },
  rowMax: { code: 7, operands: { a: 'mn', y: 'col' }, consts: [], roles: { a: 'x', y: 'row max' } },
  rowSum: { code: 8, operands: { a: 'mn', y: 'col' }, consts: [], roles: { a: 'x', y: 'row sum' } },
  softmax: { code: 9, operands: { a: 'mn', y: 'mn' }, consts: [], roles: { a: 'x', y: 'p' } },
  softmaxBwd: {
    code: 10,
    operands: { a: 'mn', b: 'mn', y: 'mn' },
    consts: [],
    roles: { a: 'p', b: 'dp', y: 'dx' },
  },
  layerNormFwd: {
    code: 11,
    operands: { a: 'mn', b: 'row', c: 'row', y: 'mn', z: 'mn', w: 'col' },
    consts: ['invD', 'eps'],
    roles: { a: 'x', b: 'gamma', c: 'beta', y: 'out', z: 'xhat', w: 'rstd' },
  },
  layerNormBwd: {
    code: 12,
    operands: { a: 'mn', b: 'mn', c: 'col', d: 'row', y: 'mn', z: 'row', w: 'row' },
    consts: ['invD'],
    roles: { a: 'dy', b: 'xhat', c: 'rstd', d: 'gamma', y: 'dx', z: 'dGamma (+=)', w: 'dBeta (+=)' },
  },
  geluFwd: { code: 13, operands: { a: 'mn', y: 'mn', z: 'mn' }, consts: [], roles: { a: 'x', y: 'out', z: 't' } },
  geluBwd: {
    code: 14,
    operands: { a: 'mn', b: 'mn', c: 'mn', y: 'mn' },
    consts: [],
    roles: { a: 'x', b: 't', c: 'dy', y: 'dx' },
  },
  tanhFwd: { code: 15, operands: { a: 'mn', y: 'mn' }, consts: [], roles: { a: 'x', y: 'out' } },
  tanhBwd: { code: 16, operands: { a: 'mn', b: 'mn', y: 'mn' }, consts: [], roles: { a: 'y', b: 'dy', y: 'dx' } },
  crossEntropyGrad: {
    code: 17,
    operands: { a: 'mn', b: 'col', y: 'mn', z: 'mn' },
    consts: ['weight', 'qOn', 'qOff'],
    roles: { a: 'logits', b: 'label', y: 'p', z: 'dz' },
  },
  sgd: {
    code: 18,
    operands: { a: 'mn', b: 'mn', y: 'mn' },
    consts: ['lr'],
    roles: { a: 'p', b: 'g', y: 'p out' },
  },
  adam: {
    code: 19,
    operands: { a: 'mn', b: 'mn', c: 'mn', d: 'mn', y: 'mn', z: 'mn', w: 'mn' },
    consts: ['b1', 'b2', 'c1', 'c2', 'lrT', 'epsT'],
    roles: { a: 'p', b: 'g', c: 'm', d: 'v', y: 'p out', z: 'm out', w: 'v out' },
  },
};

const BY_CODE = new Map(VECTOR_OPS.map((op) => [OP_SPECS[op].code, op]));

export const opByCode = (code: number): VectorOp | undefined => BY_CODE.get(code);

/** Address of element (i, j) of a view of the given shape. */
export function viewAddress(v: View, shape: OperandShape, i: number, j: number): number {
  if (shape === 'row') return v.off + j * v.col;
  if (shape === 'col') return v.off + i * v.row;
  return v.off + i * v.row + j * v.col;
}

/** The highest address a view of this shape touches over an m x n block. */
export function viewLastAddress(v: View, shape: OperandShape, m: number, n: number): number {
  return viewAddress(v, shape, m - 1, n - 1);
}

/** A name for messages: the label, else the opcode. */
export const insName = (ins: VectorInstruction): string => ins.label ?? ins.op;
