// The FP32 GEMM step and its accumulation order: the ONE place that defines how the FP32 model (and,
// later, the systolic engine) rounds. Everything in the FP32 model multiplies and adds through gemm32.
import type { GemmStep } from './gemm-step.js';
import { wasmGemm32 } from './wasm-gemm32.js';

/**
 * Accumulation order of every FP32 GEMM C (m x n) = A (m x k) B (k x n) (+ C):
 * for each output element independently, acc starts at 0 (or at the existing C value when the step
 * accumulates), then for p = 0, 1, ..., k-1 in ascending order acc = fround(acc + fround(A[i,p] * B[p,j])):
 * a MAC is a binary32 multiply then a binary32 add, two roundings, round to nearest even. The order of
 * output elements does not matter (each is independent); p ascending does.
 */
export const FP32_GEMM_ORDER =
  'per output element: acc = accumulate ? C[i,j] : 0; for p = 0..k-1 ascending: acc = fround(acc + fround(A[i,p]*B[p,j]))';

/** One multiply-accumulate in binary32: two roundings. */
export function mac32(acc: number, a: number, b: number): number {
  return Math.fround(acc + Math.fround(a * b));
}

/**
 * C[i,j] (+)= sum_p A[i,p] B[p,j] in the order FP32_GEMM_ORDER documents. Every operand is addressed
 * as base + row * rowStride + col * colStride, which is how reshapes and transposes are expressed.
 * It runs the WebAssembly SIMD kernel (wasm-gemm32.ts: native binary32 multiply and add, vectors across
 * output columns only; the JavaScript blocked kernel of blocked-gemm.ts where WebAssembly SIMD is
 * missing); each element still sees its MACs in p-ascending order, so the bits are those of the
 * element-by-element definition (a NaN result is the canonical NaN). C must not overlap A or B.
 */
export const gemm32: (
  m: number,
  n: number,
  k: number,
  A: Float32Array,
  aOff: number,
  aRow: number,
  aCol: number,
  B: Float32Array,
  bOff: number,
  bRow: number,
  bCol: number,
  C: Float32Array,
  cOff: number,
  cRow: number,
  cCol: number,
  accumulate: boolean,
) => void = wasmGemm32;

/** The element-by-element definition of gemm32 (for tests: same bits, slower). */
export function gemm32Reference(
  m: number,
  n: number,
  k: number,
  A: Float32Array,
  aOff: number,
  aRow: number,
  aCol: number,
  B: Float32Array,
  bOff: number,
  bRow: number,
  bCol: number,
  C: Float32Array,
  cOff: number,
  cRow: number,
  cCol: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c = cOff + i * cRow + j * cCol;
      let acc = accumulate ? C[c]! : 0;
      for (let p = 0; p < k; p++) acc = mac32(acc, A[aOff + i * aRow + p * aCol]!, B[bOff + p * bRow + j * bCol]!);
      C[c] = acc;
    }
  }
}

/** Row-major convenience over gemm32: op(A) m x k, op(B) k x n; transA: A stored k x m; transB: B stored n x k. */
export function matmul32(
  m: number,
  n: number,
  k: number,
  A: Float32Array,
  transA: boolean,
  B: Float32Array,
  transB: boolean,
  C: Float32Array,
  accumulate = false,
): Float32Array {
  gemm32(m, n, k, A, 0, transA ? 1 : k, transA ? m : 1, B, 0, transB ? 1 : n, transB ? k : 1, C, 0, n, 1, accumulate);
  return C;
}

/** Runs one schedule step on named buffers, with the order FP32_GEMM_ORDER documents. */
export function executeGemmStep32(step: GemmStep, buffers: ReadonlyMap<string, Float32Array>): void {
  const get = (name: string): Float32Array => {
    const b = buffers.get(name);
    if (!b) throw new Error(`GEMM step '${step.label}': no buffer '${name}'`);
    return b;
  };
  const { a, b, c } = step;
  gemm32(
    step.m,
    step.n,
    step.k,
    get(a.buffer),
    a.offset,
    a.rowStride,
    a.colStride,
    get(b.buffer),
    b.offset,
    b.rowStride,
    b.colStride,
    get(c.buffer),
    c.offset,
    c.rowStride,
    c.colStride,
    step.accumulate,
  );
}

/** The constant 1.0 used as a stride-0 operand: bias add and bias gradient are GEMMs with it. */
export const ONE32 = new Float32Array([1]);
