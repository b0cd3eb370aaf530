// Schedule of one TTM embedding row (lookup and gradient) for a given token, as GEMM steps. The token's
// digits only move base offsets: slice G_k[:, v_k, :, :] is read in place as an r_k x (D_k r_{k+1})
// operand with row stride V_k D_k r_{k+1}, so nothing is copied. Buffers: core<k>, dcore<k>, row, dRow,
// prefix<k> (row = prefix<d-1>), dprefix<k>, dslice<k> (the slice gradient, then added into dcore<k>
// run by run: fround(dcore + dslice), which is what applyTTMGrads32 does with ttmRowBackward32's runs).
import type { TTMEmbeddingShape } from '../transformer/config.js';
import { type BufferDecl, broadcast, gemm, type GemmStep, type OperandRef, rowMajor, transposed } from './gemm-step.js';
import { mixedRadixDigits, ttmDims } from './tt-shape.js';
import type { TTMSliceGrad } from './ttm-embedding.js';

export interface TTMRowSchedule {
  token: number;
  buffers: BufferDecl[];
  forward: GemmStep[];
  backward: GemmStep[];
}

export function planTTMRow(shape: TTMEmbeddingShape, token: number): TTMRowSchedule {
  const dims = ttmDims(shape);
  if (!Number.isInteger(token) || token < 0 || token >= dims.V)
    throw new Error(`token ${token} outside 0..${dims.V - 1}`);
  const { d, ranks: r } = dims;
  const V = shape.rowShape;
  const D = shape.colShape;
  const v = mixedRadixDigits(token, V);
  const cols = (k: number) => D[k]! * r[k + 1]!;
  const rows = (k: number) => D.slice(0, k).reduce((a, b) => a * b, 1);
  const sliceOff = (k: number) => v[k]! * cols(k);
  /** Slice k as an r_k x (D_k r_{k+1}) matrix inside core k, or its transpose. */
  const slice = (k: number): OperandRef => ({
    buffer: `core${k}`,
    offset: sliceOff(k),
    rowStride: V[k]! * cols(k),
    colStride: 1,
  });
  const sliceT = (k: number): OperandRef => ({
    buffer: `core${k}`,
    offset: sliceOff(k),
    rowStride: 1,
    colStride: V[k]! * cols(k),
  });
  const prefix = (k: number) => (k === d - 1 ? 'row' : `prefix${k}`);
  const gradOf = (k: number) => (k === d - 1 ? 'dRow' : k === 0 ? 'dslice0' : `dprefix${k}`);

  const buffers: BufferDecl[] = [
    { name: 'row', words: dims.D, role: 'output' },
    { name: 'dRow', words: dims.D, role: 'input' },
    { name: 'one', words: 1, role: 'const' },
    ...dims.coreWords.map((w, k): BufferDecl => ({ name: `core${k}`, words: w, role: 'param' })),
    ...dims.coreWords.map((w, k): BufferDecl => ({ name: `dcore${k}`, words: w, role: 'grad' })),
    ...dims.coreWords.map((_, k): BufferDecl => ({ name: `dslice${k}`, words: r[k]! * cols(k), role: 'intermediate' })),
  ];
  for (let k = 1; k < d - 1; k++) {
    buffers.push(
      { name: prefix(k), words: rows(k + 1) * r[k + 1]!, role: 'intermediate' },
      { name: `dprefix${k}`, words: rows(k + 1) * r[k + 1]!, role: 'intermediate' },
    );
  }
  // The first prefix is slice 0 itself (r_0 = 1): a D_0 x r_1 row-major run of core 0.
  const prefixRef = (k: number): OperandRef =>
    k === 0 ? { buffer: 'core0', offset: sliceOff(0), rowStride: r[1]!, colStride: 1 } : rowMajor(prefix(k), r[k + 1]!);
  const prefixRefT = (k: number): OperandRef =>
    k === 0
      ? { buffer: 'core0', offset: sliceOff(0), rowStride: 1, colStride: r[1]! }
      : transposed(prefix(k), r[k + 1]!);

  const forward: GemmStep[] = [];
  if (d === 1) forward.push(gemm('row = slice0', 1, dims.D, 1, broadcast('one'), slice(0), rowMajor('row', dims.D)));
  for (let k = 1; k < d; k++) {
    forward.push(
      gemm(
        `${prefix(k)} = ${k === 1 ? 'slice0' : prefix(k - 1)} slice${k}`,
        rows(k),
        cols(k),
        r[k]!,
        prefixRef(k - 1),
        slice(k),
        rowMajor(prefix(k), cols(k)),
      ),
    );
  }
  const backward: GemmStep[] = [];
  if (d === 1)
    backward.push(
      gemm('dslice0 = dRow', 1, dims.D, 1, broadcast('one'), rowMajor('dRow', dims.D), rowMajor('dslice0', dims.D)),
    );
  for (let k = d - 1; k >= 1; k--) {
    backward.push(
      gemm(
        `dslice${k} = prefix${k - 1}^T ${gradOf(k)}`,
        r[k]!,
        cols(k),
        rows(k),
        prefixRefT(k - 1),
        rowMajor(gradOf(k), cols(k)),
        rowMajor(`dslice${k}`, cols(k)),
      ),
      gemm(
        `${gradOf(k - 1)} = ${gradOf(k)} slice${k}^T`,
        rows(k),
        r[k]!,
        cols(k),
        rowMajor(gradOf(k), cols(k)),
        sliceT(k),
        rowMajor(gradOf(k - 1), r[k]!),
      ),
    );
  }
  // dcore<k> slice += dslice<k>, one run (rank row a) at a time: m = run length, n = k = 1.
  for (let k = 0; k < d; k++) {
    for (let a = 0; a < r[k]!; a++) {
      backward.push(
        gemm(
          `dcore${k}[run ${a}] += dslice${k}[${a}]`,
          cols(k),
          1,
          1,
          { buffer: `dslice${k}`, offset: a * cols(k), rowStride: 1, colStride: 1 },
          broadcast('one'),
          { buffer: `dcore${k}`, offset: sliceOff(k) + a * V[k]! * cols(k), rowStride: 1, colStride: 1 },
          true,
        ),
      );
    }
  }
  return { token, buffers, forward, backward };
}

/** Adds gradient runs into dense core gradients in FP32: dcore[offset + i] = fround(dcore + grad[i]). */
export function applyTTMGrads32(dcores: Float32Array[], runs: TTMSliceGrad<Float32Array>[]): void {
  for (const run of runs) {
    const c = dcores[run.core]!;
    for (let i = 0; i < run.grad.length; i++) c[run.offset + i] = Math.fround(c[run.offset + i]! + run.grad[i]!);
  }
}
