// The planner: (layer shape, ranks, tokens K) -> the schedule of GEMM steps of the bi-directional flow
// for forward, backward and parameter update. tt-linear.ts (with the FP32 kernel) performs the same GEMMs directly; the
// schedule is what the hardware sequencer will encode. Buffer names:
//   X, dY (inputs); Y, dX (outputs); core<k>, bias (params); dcore<k>, dbias (grads); one, negLr (consts);
//   left<k>  = core0 ... core<k> merged (M_<=k x r_{k+1}), left0 is core0 itself, left<dIn-1> is L;
//   right<k> = core<k> ... core<last> merged (r_k x N_>=k), right<last> is the last core, right<dIn> is R;
//   Z = X L; T = dY R^T (= dZ); dleft<k>, dright<k> their gradients (dleft0 = dcore0, dright<last> = dcore<last>);
//   adamM<k>, adamV<k> (optimizer state when the update is Adam).
import { type BufferDecl, type GemmStep, broadcast, gemm, rowMajor, transposed } from './gemm-step.js';
import type { TTLayerShape } from '../transformer/config.js';
import { ttLayerDims } from './tt-shape.js';

/** Adam on one parameter buffer, in the FP32 order documented in optimizer32.ts. */
export interface AdamStep {
  op: 'adam';
  label: string;
  param: string;
  grad: string;
  m: string;
  v: string;
  words: number;
}
export type UpdateStep = GemmStep | AdamStep;

export interface TTSchedule {
  shape: TTLayerShape;
  K: number;
  optimizer: 'sgd' | 'adam';
  buffers: BufferDecl[];
  forward: GemmStep[];
  backward: GemmStep[];
  update: UpdateStep[];
}

const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

export function planTTLinear(shape: TTLayerShape, K: number, optimizer: 'sgd' | 'adam' = 'sgd'): TTSchedule {
  const d = ttLayerDims(shape);
  const { dIn, cores, modes, ranks, M, N, mid } = d;
  const last = cores - 1;
  const core = (k: number) => `core${k}`;
  const dcore = (k: number) => `dcore${k}`;
  const left = (k: number) => (k === 0 ? core(0) : `left${k}`);
  const dleft = (k: number) => (k === 0 ? dcore(0) : `dleft${k}`);
  const right = (k: number) => (k === last ? core(last) : `right${k}`);
  const dright = (k: number) => (k === last ? dcore(last) : `dright${k}`);
  const L = left(dIn - 1);
  const R = right(dIn);

  const buffers: BufferDecl[] = [
    { name: 'X', words: K * M, role: 'input' },
    { name: 'dY', words: K * N, role: 'input' },
    { name: 'Y', words: K * N, role: 'output' },
    { name: 'dX', words: K * M, role: 'output' },
    { name: 'one', words: 1, role: 'const' },
    ...d.coreWords.map((w, k): BufferDecl => ({ name: core(k), words: w, role: 'param' })),
    { name: 'bias', words: N, role: 'param' },
    ...d.coreWords.map((w, k): BufferDecl => ({ name: dcore(k), words: w, role: 'grad' })),
    { name: 'dbias', words: N, role: 'grad' },
  ];
  for (let k = 1; k < dIn; k++) {
    const words = prod(modes.slice(0, k + 1)) * ranks[k + 1]!;
    buffers.push({ name: left(k), words, role: 'intermediate' }, { name: dleft(k), words, role: 'intermediate' });
  }
  for (let k = dIn; k < last; k++) {
    const words = ranks[k]! * prod(modes.slice(k));
    buffers.push({ name: right(k), words, role: 'intermediate' }, { name: dright(k), words, role: 'intermediate' });
  }
  buffers.push(
    { name: 'Z', words: K * mid, role: 'intermediate' },
    { name: 'T', words: K * mid, role: 'intermediate' },
  );

  const forward: GemmStep[] = [];
  for (let k = 1; k < dIn; k++) {
    const rows = prod(modes.slice(0, k));
    const cols = modes[k]! * ranks[k + 1]!;
    forward.push(
      gemm(
        `${left(k)} = ${left(k - 1)} ${core(k)}`,
        rows,
        cols,
        ranks[k]!,
        rowMajor(left(k - 1), ranks[k]!),
        rowMajor(core(k), cols),
        rowMajor(left(k), cols),
      ),
    );
  }
  for (let k = last - 1; k >= dIn; k--) {
    const rows = ranks[k]! * modes[k]!;
    const cols = prod(modes.slice(k + 1));
    forward.push(
      gemm(
        `${right(k)} = ${core(k)} ${right(k + 1)}`,
        rows,
        cols,
        ranks[k + 1]!,
        rowMajor(core(k), ranks[k + 1]!),
        rowMajor(right(k + 1), cols),
        rowMajor(right(k), cols),
      ),
    );
  }
  forward.push(
    gemm('Z = X L', K, mid, M, rowMajor('X', M), rowMajor(L, mid), rowMajor('Z', mid)),
    gemm('Y = Z R', K, N, mid, rowMajor('Z', mid), rowMajor(R, N), rowMajor('Y', N)),
    gemm('Y += 1 bias', K, N, 1, broadcast('one'), rowMajor('bias', N), rowMajor('Y', N), true),
  );

  const backward: GemmStep[] = [
    gemm('T = dY R^T', K, mid, N, rowMajor('dY', N), transposed(R, N), rowMajor('T', mid)),
    gemm('dX = T L^T', K, M, mid, rowMajor('T', mid), transposed(L, mid), rowMajor('dX', M)),
    gemm('dR = Z^T dY', mid, N, K, transposed('Z', mid), rowMajor('dY', N), rowMajor(dright(dIn), N)),
    gemm('dL = X^T T', M, mid, K, transposed('X', M), rowMajor('T', mid), rowMajor(dleft(dIn - 1), mid)),
  ];
  for (let k = dIn - 1; k >= 1; k--) {
    const rows = prod(modes.slice(0, k));
    const cols = modes[k]! * ranks[k + 1]!;
    backward.push(
      gemm(
        `${dcore(k)} = ${left(k - 1)}^T ${dleft(k)}`,
        ranks[k]!,
        cols,
        rows,
        transposed(left(k - 1), ranks[k]!),
        rowMajor(dleft(k), cols),
        rowMajor(dcore(k), cols),
      ),
      gemm(
        `${dleft(k - 1)} = ${dleft(k)} ${core(k)}^T`,
        rows,
        ranks[k]!,
        cols,
        rowMajor(dleft(k), cols),
        transposed(core(k), cols),
        rowMajor(dleft(k - 1), ranks[k]!),
      ),
    );
  }
  for (let k = dIn; k < last; k++) {
    const rows = ranks[k]! * modes[k]!;
    const cols = prod(modes.slice(k + 1));
    backward.push(
      gemm(
        `${dcore(k)} = ${dright(k)} ${right(k + 1)}^T`,
        rows,
        ranks[k + 1]!,
        cols,
        rowMajor(dright(k), cols),
        transposed(right(k + 1), cols),
        rowMajor(dcore(k), ranks[k + 1]!),
      ),
      gemm(
        `${dright(k + 1)} = ${core(k)}^T ${dright(k)}`,
        ranks[k + 1]!,
        cols,
        rows,
        transposed(core(k), ranks[k + 1]!),
        rowMajor(dright(k), cols),
        rowMajor(dright(k + 1), cols),
      ),
    );
  }
  backward.push(gemm('dbias = 1^T dY', 1, N, K, broadcast('one'), rowMajor('dY', N), rowMajor('dbias', N)));

  const update = biasAndUpdate(buffers, d.coreWords, N, optimizer);
  return { shape, K, optimizer, buffers, forward, backward, update };
}

/** Update steps for every core and the bias (declares the consts / optimizer state they need). */
export function biasAndUpdate(
  buffers: BufferDecl[],
  coreWords: number[],
  N: number,
  optimizer: 'sgd' | 'adam',
): UpdateStep[] {
  const params = [
    ...coreWords.map((w, k) => ({ p: `core${k}`, g: `dcore${k}`, w, k: `${k}` })),
    { p: 'bias', g: 'dbias', w: N, k: 'Bias' },
  ];
  const update: UpdateStep[] = [];
  if (optimizer === 'sgd') {
    buffers.push({ name: 'negLr', words: 1, role: 'const' });
    // w += g * (-lr): fround(w + fround(g * -lr)) has the bits of fround(w - fround(lr * g)).
    for (const x of params)
      update.push(gemm(`${x.p} -= lr ${x.g}`, x.w, 1, 1, rowMajor(x.g, 1), broadcast('negLr'), rowMajor(x.p, 1), true));
  } else {
    for (const x of params) {
      buffers.push(
        { name: `adamM${x.k}`, words: x.w, role: 'optimizer' },
        { name: `adamV${x.k}`, words: x.w, role: 'optimizer' },
      );
      update.push({
        op: 'adam',
        label: `adam ${x.p}`,
        param: x.p,
        grad: x.g,
        m: `adamM${x.k}`,
        v: `adamV${x.k}`,
        words: x.w,
      });
    }
  }
  return update;
}

/** Highest word each operand of a step touches must be inside its buffer; returns the problems found. */
export function checkScheduleBounds(s: {
  buffers: BufferDecl[];
  forward: UpdateStep[];
  backward: UpdateStep[];
  update?: UpdateStep[];
}): string[] {
  const size = new Map(s.buffers.map((b) => [b.name, b.words]));
  const problems: string[] = [];
  for (const step of [...s.forward, ...s.backward, ...(s.update ?? [])]) {
    if (step.op !== 'gemm') continue;
    const ops = [
      ['A', step.a, step.m, step.k],
      ['B', step.b, step.k, step.n],
      ['C', step.c, step.m, step.n],
    ] as const;
    for (const [what, ref, rows, cols] of ops) {
      const words = size.get(ref.buffer);
      const top = ref.offset + (rows - 1) * ref.rowStride + (cols - 1) * ref.colStride;
      if (words === undefined) problems.push(`${step.label}: ${what} uses undeclared buffer ${ref.buffer}`);
      else if (top >= words || ref.offset < 0)
        problems.push(`${step.label}: ${what} reaches word ${top} of ${ref.buffer} (${words} words)`);
    }
  }
  return problems;
}

export function scheduleMacs(steps: UpdateStep[]): number {
  return steps.reduce((a, s) => a + (s.op === 'gemm' ? s.m * s.n * s.k : s.words), 0);
}
