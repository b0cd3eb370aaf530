// The FP32 model of the training kernel: the same GEMM steps as the engine program (FP, BP, PU) and the
// error unit between FP and BP, on the same buffers. After every step its parameters must hold the
// same bits as the kernel's, and its loss the same bits as the loss the kernel writes.
import { allocateBuffers32, runSteps32 } from '../tt/schedule-exec32.js';
import type { TrainingPlan } from './training-plan.js';
import { errorAndLoss32 } from './error-loss32.js';

export class TtLinearModel32 {
  readonly buffers: Map<string, Float32Array>;

  /** @param lossSlots P of the kernel's error unit (its MAC latency + 1) */
  constructor(
    readonly plan: TrainingPlan,
    lr: number,
    readonly lossSlots: number,
  ) {
    this.buffers = new Map([...allocateBuffers32(plan.schedule, lr), ['Tgt', new Float32Array(plan.K * plan.N)]]);
  }

  /** The parameter block as the kernel stores it: cores in order, then the bias. */
  get params(): Float32Array {
    const out = new Float32Array(this.plan.paramWords);
    let at = 0;
    for (const p of this.plan.params) {
      out.set(this.buffers.get(p.name)!, at);
      at += p.words;
    }
    return out;
  }

  set params(block: Float32Array) {
    if (block.length !== this.plan.paramWords)
      throw new Error(`parameter block has ${block.length} words, the layer ${this.plan.paramWords}`);
    let at = 0;
    for (const p of this.plan.params) {
      this.buffers.get(p.name)!.set(block.subarray(at, at + p.words));
      at += p.words;
    }
  }

  /** The forward pass only: Y for X (K x M, row-major). */
  forward(X: Float32Array): Float32Array {
    this.buffers.get('X')!.set(X);
    runSteps32(this.plan.steps.fp, this.buffers);
    return Float32Array.from(this.buffers.get('Y')!);
  }

  /** One SGD step on (X, T); returns the loss (sum of squared errors, FP32, the kernel's order). */
  step(X: Float32Array, T: Float32Array): number {
    const b = this.buffers;
    b.get('X')!.set(X);
    b.get('Tgt')!.set(T);
    runSteps32(this.plan.steps.fp, b);
    const loss = errorAndLoss32(b.get('Y')!, b.get('Tgt')!, b.get('dY')!, this.lossSlots);
    runSteps32(this.plan.steps.bp, b);
    runSteps32(this.plan.steps.pu, b);
    return loss;
  }
}
