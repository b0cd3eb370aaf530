// Float64 execution of schedule steps: checks a schedule's layouts against the float64 reference
// independently of FP32 rounding.
import type { GemmStep } from './gemm-step.js';

export function executeGemmStep64(step: GemmStep, buffers: ReadonlyMap<string, Float64Array>): void {
  const get = (name: string) => {
    const b = buffers.get(name);
    if (!b) throw new Error(`no buffer '${name}'`);
    return b;
  };
  const A = get(step.a.buffer);
  const B = get(step.b.buffer);
  const C = get(step.c.buffer);
  const { a, b, c } = step;
  for (let i = 0; i < step.m; i++) {
    for (let j = 0; j < step.n; j++) {
      const ci = c.offset + i * c.rowStride + j * c.colStride;
      let s = step.accumulate ? C[ci]! : 0;
      for (let p = 0; p < step.k; p++)
        s += A[a.offset + i * a.rowStride + p * a.colStride]! * B[b.offset + p * b.rowStride + j * b.colStride]!;
      C[ci] = s;
    }
  }
}
