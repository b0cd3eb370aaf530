// Runs a TT schedule in the FP32 model: allocate its buffers, then execute its steps in order.
import { executeGemmStep32 } from './gemm32.js';
import { adamUpdate32, type AdamConfig, DEFAULT_ADAM } from './optimizer32.js';
import type { TTSchedule, UpdateStep } from './tt-planner.js';

/** Zero-filled buffers for every declared name; `one` holds 1 and `negLr` holds -lr. */
export function allocateBuffers32(s: TTSchedule, lr = 0): Map<string, Float32Array> {
  const m = new Map<string, Float32Array>();
  for (const b of s.buffers) m.set(b.name, new Float32Array(b.words));
  m.get('one')![0] = 1;
  m.get('negLr')?.set([-Math.fround(lr)]);
  return m;
}

export interface RunOptions {
  adamStep?: number;
  adam?: AdamConfig;
}

export function runSteps32(
  steps: UpdateStep[],
  buffers: ReadonlyMap<string, Float32Array>,
  opts: RunOptions = {},
): void {
  const get = (n: string) => {
    const b = buffers.get(n);
    if (!b) throw new Error(`no buffer '${n}'`);
    return b;
  };
  for (const step of steps) {
    if (step.op === 'gemm') executeGemmStep32(step, buffers);
    else
      adamUpdate32(
        get(step.param),
        get(step.grad),
        get(step.m),
        get(step.v),
        opts.adamStep ?? 1,
        opts.adam ?? DEFAULT_ADAM,
      );
  }
}
