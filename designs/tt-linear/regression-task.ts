// The regression task the kernel is checked on: a random teacher TT layer, random inputs, the teacher's
// outputs as targets, and a student starting from other random parameters. Core entries are uniform in
// [-a, a] with a chosen so the reconstructed weight has variance 1/M (outputs of order one whatever the
// shape); the bias starts at zero for the student and is random for the teacher.
import { Rng } from '../transformer/rng.js';
import { ttLayerDims } from '../tt/tt-shape.js';
import type { TrainingPlan } from './training-plan.js';
import { TtLinearModel32 } from './training-model.js';

export interface RegressionTask {
  teacher: Float32Array;
  /** The student's initial parameter block. */
  initial: Float32Array;
  samples: { X: Float32Array; T: Float32Array }[];
}

function randomBlock(plan: TrainingPlan, rng: Rng, withBias: boolean): Float32Array {
  const d = ttLayerDims(plan.shape);
  const paths = d.ranks.slice(1, -1).reduce((a, r) => a * r, 1);
  const perCoreVar = (1 / (plan.M * paths)) ** (1 / d.cores);
  const a = Math.sqrt(3 * perCoreVar);
  const block = new Float32Array(plan.paramWords);
  const coreWords = plan.paramWords - plan.N;
  for (let i = 0; i < coreWords; i++) block[i] = Math.fround((rng.next() * 2 - 1) * a);
  if (withBias) for (let i = coreWords; i < block.length; i++) block[i] = Math.fround((rng.next() * 2 - 1) * 0.1);
  return block;
}

export function makeRegressionTask(plan: TrainingPlan, steps: number, seed: number): RegressionTask {
  const rng = new Rng(seed);
  const teacher = randomBlock(plan, rng, true);
  const initial = randomBlock(plan, rng, false);
  const oracle = new TtLinearModel32(plan, 0, 1);
  oracle.params = teacher;
  const samples = Array.from({ length: steps }, () => {
    const X = new Float32Array(plan.K * plan.M);
    for (let i = 0; i < X.length; i++) X[i] = Math.fround(rng.next() * 2 - 1);
    return { X, T: oracle.forward(X) };
  });
  return { teacher, initial, samples };
}
