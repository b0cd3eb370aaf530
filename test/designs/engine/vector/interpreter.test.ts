// Every vector instruction: the interpreter (strided views in one memory image) equals the FP32 model's
// own function (contiguous arrays) bit for bit, on random rows of 1..3072 with FP32 edge values,
// random layouts (row-major with padding, transposed, strided) and in-place variants.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { executeVectorInstruction } from '../../../../designs/engine/vector/interpreter.js';
import { OP_SPECS, VIEW_OPERANDS, type VectorOp, type ViewOperand } from '../../../../designs/engine/vector/isa.js';
import { ONE32, gemm32 } from '../../../../designs/tt/gemm32.js';
import {
  crossEntropyRow,
  geluBackward,
  geluForward,
  softmaxRow,
  softmaxRowBackward,
  tanhBackward,
  tanhForward,
} from '../../../../designs/transformer/activations.js';
import { addArrays } from '../../../../designs/transformer/encoder-layer.js';
import { layerNormBackward, layerNormForward } from '../../../../designs/transformer/layernorm.js';
import { adamUpdate, sgdUpdate } from '../../../../designs/transformer/optimizer.js';
import { FP32 } from '../../../../designs/transformer/precision.js';
import { rowMax, rowSum } from '../../../../designs/transformer/row-reduce.js';
import {
  type OperandLayout,
  type ValueStyle,
  firstMismatch,
  gather,
  layoutArb,
  lengthArb,
  place,
  shapeSize,
  valueArb,
} from './harness.js';

const f = Math.fround;
type Arrs = Partial<Record<ViewOperand, Float32Array>>;

interface OpCase {
  op: VectorOp;
  /** Rows per case (rows are long, so a few suffice). */
  maxRows?: number;
  consts?: (n: number) => fc.Arbitrary<number[]>;
  /** Destination -> the source it may overwrite in place. */
  inPlace?: Partial<Record<ViewOperand, ViewOperand>>;
  /** Operands with their own values (labels). */
  special?: (m: number, n: number) => fc.Arbitrary<Arrs>;
  accumulate?: boolean;
  /** The model's result: writes the destinations `dst` (initialised with the memory's contents). */
  model(m: number, n: number, src: Arrs, dst: Arrs, k: number[], accumulate: boolean): void;
}

const P = FP32;
const src = (x: Arrs, o: ViewOperand) => x[o]!;

function caseArb(c: OpCase) {
  const spec = OP_SPECS[c.op];
  const ops = VIEW_OPERANDS.filter((o) => spec.operands[o]);
  return fc
    .record({
      m: fc.integer({ min: 1, max: c.maxRows ?? 3 }),
      n: lengthArb(),
      style: fc.constantFrom<ValueStyle>('clean', 'clean', 'wild'),
      layouts: fc.tuple(...ops.map(() => layoutArb)),
      inPlace: fc.boolean(),
      accumulate: fc.boolean(),
    })
    .chain((d) =>
      fc.record({
        d: fc.constant(d),
        data: fc.tuple(
          ...ops.map((o) => {
            const size = shapeSize(spec.operands[o]!, d.m, d.n);
            return fc.array(valueArb(d.style), { minLength: size, maxLength: size }).map((xs) => Float32Array.from(xs));
          }),
        ),
        special: c.special ? c.special(d.m, d.n) : fc.constant({} as Arrs),
        consts: c.consts ? c.consts(d.n) : fc.constant([] as number[]),
      }),
    )
    .map(({ d, data, special, consts }) => {
      const arrs: Arrs = {};
      const layouts: Partial<Record<ViewOperand, OperandLayout>> = {};
      ops.forEach((o, i) => {
        arrs[o] = special[o] ?? data[i]!;
        layouts[o] = d.layouts[i]!;
      });
      return { ...d, arrs, layouts, consts };
    });
}

function checkOp(c: OpCase, numRuns = 25): void {
  const spec = OP_SPECS[c.op];
  fc.assert(
    fc.property(caseArb(c), ({ m, n, arrs, layouts, consts, inPlace, accumulate }) => {
      const acc = c.accumulate ? accumulate : undefined;
      const placed = place(c.op, m, n, arrs, layouts, consts, inPlace ? (c.inPlace ?? {}) : {}, acc);
      const { ins, mem } = placed;
      const srcs: Arrs = {},
        dsts: Arrs = {};
      for (const o of VIEW_OPERANDS) {
        const shape = spec.operands[o];
        if (!shape) continue;
        const now = gather(mem, ins[o]!, shape, m, n);
        if (['a', 'b', 'c', 'd'].includes(o)) srcs[o] = now;
        else dsts[o] = now;
      }
      c.model(m, n, srcs, dsts, consts, acc ?? false);
      executeVectorInstruction(ins, mem);
      for (const [o, want] of Object.entries(dsts) as [ViewOperand, Float32Array][]) {
        const got = gather(mem, ins[o]!, spec.operands[o]!, m, n);
        const at = firstMismatch(got, want);
        assert.equal(at, -1, `${c.op} ${m}x${n} operand ${o} word ${at}: got ${got[at]}, model ${want[at]}`);
      }
    }),
    { numRuns },
  );
}

/** Applies a per-row model function to the contiguous rows of m x n arrays. */
const perRow = (m: number, n: number, fn: (o: number) => void) => {
  for (let i = 0; i < m; i++) fn(i * n);
};

const elementwise = (op: VectorOp, fn: (a: number, b: number) => number): OpCase => ({
  op,
  inPlace: { y: 'a' },
  model: (_m, _n, s, d) => {
    const a = src(s, 'a'),
      b = src(s, 'b');
    for (let i = 0; i < a.length; i++) d.y![i] = fn(a[i]!, b[i]!);
  },
});

const positive = fc.float({ min: f(1e-4), max: 2, noNaN: true });

const CASES: OpCase[] = [
  { ...elementwise('add', (a, b) => f(a + b)), model: (_m, _n, s, d) => d.y!.set(addArrays(P, s.a!, s.b!)) },
  elementwise('sub', (a, b) => f(a - b)),
  elementwise('mul', (a, b) => f(a * b)),
  {
    op: 'scale',
    inPlace: { y: 'a' },
    consts: () => fc.tuple(fc.float({ min: -4, max: 4, noNaN: true })),
    model: (_m, _n, s, d, k) => s.a!.forEach((x, i) => (d.y![i] = f(x * k[0]!))),
  },
  { op: 'copy', model: (_m, _n, s, d) => d.y!.set(s.a!) },
  {
    op: 'sumRows',
    accumulate: true,
    model: (m, n, s, d, _k, acc) => gemm32(1, n, m, ONE32, 0, 0, 0, s.a!, 0, n, 1, d.y!, 0, n, 1, acc),
  },
  { op: 'rowMax', model: (m, n, s, d) => perRow(m, n, (o) => (d.y![o / n] = rowMax(s.a!, o, n))) },
  { op: 'rowSum', model: (m, n, s, d) => perRow(m, n, (o) => (d.y![o / n] = rowSum(P, s.a!, o, n))) },
  {
    op: 'softmax',
    inPlace: { y: 'a' },
    model: (m, n, s, d) => perRow(m, n, (o) => softmaxRow(P, s.a!, d.y!, o, n)),
  },
  {
    op: 'softmaxBwd',
    inPlace: { y: 'b' },
    model: (m, n, s, d) => perRow(m, n, (o) => softmaxRowBackward(P, s.a!, s.b!, d.y!, o, n)),
  },
  {
    op: 'layerNormFwd',
    inPlace: { y: 'a' },
    consts: (n) => fc.tuple(fc.constant(f(1 / n)), fc.constantFrom(f(1e-12), f(1e-5), 0)),
    model: (m, n, s, d, k) => {
      const eps = k[1]!; // layerNormForward rounds eps itself: the host writes r(eps)
      const cache = layerNormForward(P, s.a!, m, n, s.b!, s.c!, eps, d.y!);
      d.z!.set(cache.xhat);
      d.w!.set(cache.rstd);
    },
  },
  {
    op: 'layerNormBwd',
    inPlace: { y: 'a' },
    consts: (n) => fc.tuple(fc.constant(f(1 / n))),
    model: (m, n, s, d) => layerNormBackward(P, { xhat: s.b!, rstd: s.c!, rows: m }, n, s.d!, s.a!, d.y!, d.z!, d.w!),
  },
  {
    op: 'geluFwd',
    inPlace: { y: 'a' },
    model: (_m, _n, s, d) => geluForward(P, s.a!, d.y!, d.z!),
  },
  {
    op: 'geluBwd',
    inPlace: { y: 'c' },
    model: (_m, _n, s, d) => geluBackward(P, s.a!, s.b!, s.c!, d.y!),
  },
  { op: 'tanhFwd', inPlace: { y: 'a' }, model: (_m, _n, s, d) => tanhForward(P, s.a!, d.y!) },
  { op: 'tanhBwd', inPlace: { y: 'b' }, model: (_m, _n, s, d) => tanhBackward(P, s.a!, s.b!, d.y!) },
  {
    op: 'crossEntropyGrad',
    maxRows: 4,
    // Labels: a class, or -1 for an unscored position; weight 1/words and smoothing as the host computes them.
    special: (m, n) =>
      fc
        .array(fc.integer({ min: -1, max: n - 1 }), { minLength: m, maxLength: m })
        .map((ls) => ({ b: Float32Array.from(ls) })),
    consts: (n) =>
      fc
        .tuple(fc.constantFrom(1, 1 / 3, 1 / 12), fc.constantFrom(0, 0.1))
        .map(([w, e]) => [f(w), f(1 - e + e / n), f(e / n), e]),
    model: (m, n, s, d, k) =>
      perRow(m, n, (o) => {
        const label = s.b![o / n]!;
        if (label >= 0) crossEntropyRow(P, s.a!, o, n, label, k[0]!, d.y!, d.z!, k[3]!);
      }),
  },
  {
    op: 'sgd',
    inPlace: { y: 'a' },
    consts: () => fc.tuple(fc.constantFrom(f(1e-3), f(0.1), f(3e-5))),
    model: (_m, _n, s, d, k) => {
      d.y!.set(s.a!);
      sgdUpdate(P, k[0]!, d.y!, s.b!);
    },
  },
  {
    op: 'adam',
    inPlace: { y: 'a', z: 'c', w: 'd' },
    consts: () =>
      fc
        .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(1e-3, 3e-4))
        .map(([t, lr]) => [
          f(0.9),
          f(0.98),
          f(1 - 0.9),
          f(1 - 0.98),
          f((lr * Math.sqrt(1 - 0.98 ** t)) / (1 - 0.9 ** t)),
          f(1e-6 * Math.sqrt(1 - 0.98 ** t)),
        ]),
    special: (m, n) =>
      fc.array(positive, { minLength: m * n, maxLength: m * n }).map((v) => ({ d: Float32Array.from(v) })),
    model: (_m, _n, s, d, k) => {
      const [b1, b2, c1, c2, lrT, epsT] = k as [number, number, number, number, number, number];
      d.y!.set(s.a!);
      d.z!.set(s.c!);
      d.w!.set(s.d!);
      adamUpdate(P, { b1, b2, c1, c2, lrT, epsT }, d.y!, s.b!, d.z!, d.w!);
    },
  },
];

describe('engine/vector interpreter = the FP32 model, bit for bit', () => {
  it('covers every opcode of the instruction set', () => {
    assert.deepEqual(CASES.map((c) => c.op).sort(), Object.keys(OP_SPECS).sort());
  });
  for (const c of CASES)
    it(`${c.op} (random rows 1..3072, edge values, strided and in-place layouts)`, () => checkOp(c));
});
