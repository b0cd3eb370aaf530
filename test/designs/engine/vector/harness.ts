// Test support for the vector unit: random strided layouts of an instruction's operands in one memory
// image, value generators with the FP32 edge values, and bit comparison.
import fc from 'fast-check';
import {
  DEST_OPERANDS,
  OP_SPECS,
  type OperandShape,
  type VectorInstruction,
  type VectorOp,
  type View,
  type ViewOperand,
  VIEW_OPERANDS,
  viewAddress,
} from '../../../../designs/engine/vector/isa.js';

const f = Math.fround;

/** Zeros of both signs, subnormals, the smallest normal, huge and tiny magnitudes, infinities, NaN. */
export const EDGE_VALUES: readonly number[] = [
  0,
  -0,
  f(1.4e-45),
  f(-1.4e-45),
  f(5.9e-39),
  f(-1.1e-38),
  f(1.1754944e-38),
  f(3.4028235e38),
  f(-3.4028235e38),
  f(1e-30),
  f(-1e-30),
  f(1e30),
  f(-1e30),
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];

/** 'clean': moderate values with finite edge values mixed in; 'wild': the whole FP32 range and every edge. */
export type ValueStyle = 'clean' | 'wild';

export function valueArb(style: ValueStyle): fc.Arbitrary<number> {
  const finiteEdges = EDGE_VALUES.filter(Number.isFinite);
  return style === 'clean'
    ? fc.oneof(
        { weight: 30, arbitrary: fc.float({ min: -8, max: 8, noNaN: true }) },
        { weight: 2, arbitrary: fc.constantFrom(...finiteEdges.filter((x) => Math.abs(x) < 1e29)) },
        { weight: 1, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }) },
      )
    : fc.oneof(
        { weight: 4, arbitrary: fc.float() },
        { weight: 4, arbitrary: fc.float({ min: -8, max: 8 }) },
        { weight: 2, arbitrary: fc.constantFrom(...EDGE_VALUES) },
      );
}

/** Row lengths 1..3072 with short rows and rows near the lane and partial counts common. */
export const lengthArb = (max = 3072): fc.Arbitrary<number> =>
  fc.oneof(fc.integer({ min: 1, max: 70 }), fc.constantFrom(63, 64, 65, 127, 128, 768), fc.integer({ min: 1, max }));

export interface OperandLayout {
  transposed: boolean;
  col: number;
  pad: number;
  gap: number;
}

export const layoutArb: fc.Arbitrary<OperandLayout> = fc.record({
  transposed: fc.boolean(),
  col: fc.integer({ min: 1, max: 3 }),
  pad: fc.integer({ min: 0, max: 4 }),
  gap: fc.integer({ min: 0, max: 9 }),
});

const shapeRows = (s: OperandShape, m: number) => (s === 'row' ? 1 : m);
const shapeCols = (s: OperandShape, n: number) => (s === 'col' ? 1 : n);

/** Words an operand of this shape holds (contiguous, row-major). */
export const shapeSize = (s: OperandShape, m: number, n: number): number => shapeRows(s, m) * shapeCols(s, n);

function viewFor(shape: OperandShape, m: number, n: number, l: OperandLayout, off: number): View {
  if (shape === 'row') return { off, row: l.pad, col: l.col };
  if (shape === 'col') return { off, row: l.col, col: l.pad };
  return l.transposed ? { off, row: l.col, col: m * l.col + l.pad } : { off, row: n * l.col + l.pad, col: l.col };
}

export interface PlacedInstruction {
  ins: VectorInstruction;
  mem: Float32Array;
}

/**
 * Places every operand of `op` with its layout (in-place pairs share the source's view), writes the
 * contiguous data of each operand and the constants, and fills the rest of the memory with a marker.
 */
export function place(
  op: VectorOp,
  m: number,
  n: number,
  data: Partial<Record<ViewOperand, Float32Array>>,
  layouts: Partial<Record<ViewOperand, OperandLayout>>,
  consts: readonly number[] = [],
  inPlace: Partial<Record<ViewOperand, ViewOperand>> = {},
  accumulate?: boolean,
): PlacedInstruction {
  const spec = OP_SPECS[op];
  const ins: VectorInstruction = { op, m, n, label: `test ${op}` };
  if (accumulate !== undefined) ins.accumulate = accumulate;
  let next = 3;
  const defaultLayout: OperandLayout = { transposed: false, col: 1, pad: 0, gap: 0 };
  for (const o of VIEW_OPERANDS) {
    const shape = spec.operands[o];
    if (!shape) continue;
    const alias = inPlace[o];
    if (alias && ins[alias]) {
      ins[o] = { ...ins[alias]! };
      continue;
    }
    const l = layouts[o] ?? defaultLayout;
    const v = viewFor(shape, m, n, l, next + l.gap);
    ins[o] = v;
    next = viewAddress(v, shape, shapeRows(shape, m) - 1, shapeCols(shape, n) - 1) + 1;
  }
  if (spec.consts.length) {
    ins.k = next + 1;
    next = ins.k + spec.consts.length;
  }
  const mem = new Float32Array(next + 2).fill(f(-7.25));
  // Only the opcode's constants go to memory (a case may carry extra host-side values after them).
  consts.slice(0, spec.consts.length).forEach((c, i) => {
    mem[ins.k! + i] = c;
  });
  for (const o of VIEW_OPERANDS) {
    const d = data[o];
    if (d && ins[o] && !(inPlace[o] && ins[inPlace[o]!] && (DEST_OPERANDS as readonly string[]).includes(o)))
      scatter(mem, ins[o]!, spec.operands[o]!, m, n, d);
  }
  return { ins, mem };
}

export function gather(mem: Float32Array, v: View, shape: OperandShape, m: number, n: number): Float32Array {
  const rows = shapeRows(shape, m),
    cols = shapeCols(shape, n);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = mem[viewAddress(v, shape, i, j)]!;
  return out;
}

export function scatter(mem: Float32Array, v: View, shape: OperandShape, m: number, n: number, d: Float32Array): void {
  const rows = shapeRows(shape, m),
    cols = shapeCols(shape, n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mem[viewAddress(v, shape, i, j)] = d[i * cols + j]!;
}

/** Same FP32 value bit for bit; any NaN equals any NaN (every unit emits the canonical NaN). */
export const sameBits = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Object.is(a, b);

/** The first index where two arrays differ in bits, or -1. */
export function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return 0;
  for (let i = 0; i < got.length; i++) if (!sameBits(got[i]!, want[i]!)) return i;
  return -1;
}
