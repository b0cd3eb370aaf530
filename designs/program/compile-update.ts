// The optimizer in the program: the gradients zeroed before a sample (the trainer's fill(0)), and after
// backward the update of every parameter tensor on the vector unit, in place, in tensors() order:
//   sgd:  p = r(p - r(lr * g))
//   adam: m = r(r(b1 m) + r(c1 g)); v = r(r(b2 v) + r(r(c2 g) g)); p = r(p - r(lrT div(m, r(sqrt(v) + epsT))))
// (optimizer.ts's order; the vector unit's sgd and adam opcodes are exactly that). The per-step scalars
// live in the host-written block 'host.optimizer' (lr; or b1, b2, c1, c2, lrT, epsT), so the program is
// the same for every step: the host computes them with optimizer.ts's own sgdRate / adamConstants.
import { type OptimizerSettings, adamConstants, sgdRate } from '../transformer/optimizer.js';
import { FP32 } from '../transformer/precision.js';
import type { ProgramBuilder } from './builder.js';
import { zeroConstant } from './compile-constants.js';
import { OP_SPECS } from '../engine/vector/isa.js';
import type { MemoryLayout, Region } from './layout.js';
import { rowMajor } from './isa.js';

export type OptimizerKind = OptimizerSettings['kind'];

export const HOST_OPTIMIZER = 'host.optimizer';

/** Optimizer state regions: Adam's m and v for every parameter region ('opt.m.' / 'opt.v.' + name). */
export function allocOptimizerState(b: ProgramBuilder, kind: OptimizerKind, params: readonly Region[]): void {
  b.layout.alloc(HOST_OPTIMIZER, OP_SPECS[kind].consts.length, 'host');
  if (kind === 'sgd') return;
  for (const moment of ['m', 'v'])
    for (const p of params) b.layout.alloc(`opt.${moment}.${p.name}`, p.words, 'optimizer');
}

/** Every gradient region set to +0 (one broadcast copy each). */
export function emitZeroGradients(b: ProgramBuilder, params: readonly Region[]): void {
  const zero = b.constant(zeroConstant);
  for (const p of params)
    b.vector({
      op: 'copy',
      label: `zero grad.${p.name}`,
      m: 1,
      n: p.words,
      a: { off: zero, row: 0, col: 0 },
      y: rowMajor(b.layout.base(`grad.${p.name}`), p.words),
    });
}

/** One in-place update instruction per parameter region. */
export function emitUpdate(b: ProgramBuilder, kind: OptimizerKind, params: readonly Region[]): void {
  const k = b.layout.base(HOST_OPTIMIZER);
  const view = (name: string, n: number) => rowMajor(b.layout.base(name), n);
  for (const p of params) {
    const n = p.words,
      pv = view(p.name, n),
      g = view(`grad.${p.name}`, n);
    if (kind === 'sgd') {
      b.vector({ op: 'sgd', label: `sgd ${p.name}`, m: 1, n, k, a: pv, b: g, y: pv });
      continue;
    }
    const m = view(`opt.m.${p.name}`, n),
      v = view(`opt.v.${p.name}`, n);
    b.vector({ op: 'adam', label: `adam ${p.name}`, m: 1, n, k, a: pv, b: g, c: m, d: v, y: pv, z: m, w: v });
  }
}

/**
 * The host's per-step words: the scalars of step t (1-based; the model's OptimizerState.step after its
 * increment) for `settings` (already the epoch's, settingsForEpoch), in the opcode's constants order.
 */
export function writeStepConstants(
  layout: MemoryLayout,
  image: Float32Array,
  settings: OptimizerSettings,
  t: number,
): void {
  if (!Number.isInteger(t) || t < 1) throw new Error(`optimizer step ${t}: steps count from 1`);
  const words = layout.region(HOST_OPTIMIZER).words;
  if (words !== OP_SPECS[settings.kind].consts.length)
    throw new Error(
      `program compiled for the other optimizer: ${settings.kind} needs ${OP_SPECS[settings.kind].consts.length} words`,
    );
  if (settings.kind === 'sgd') {
    layout.write(image, HOST_OPTIMIZER, [sgdRate(FP32, settings, t)]);
    return;
  }
  const c = adamConstants(FP32, settings, t);
  layout.write(
    image,
    HOST_OPTIMIZER,
    OP_SPECS.adam.consts.map((name) => c[name as keyof typeof c]),
  );
}
