// The kernel's view of a compiled whole-model program (designs/program): where its host.* regions are
// (the input part of the host map) and the lrTable rows a training run needs, each the words
// writeStepConstants writes for that step. So the kernel writes, for a sample, exactly what the
// program's host side (writeHostInputs + writeStepConstants) writes; for the one program of every
// length, the input record (length and token ids too) the program reads.
import { HOST_INTENT_LABEL, HOST_SLOT_CE, HOST_SLOT_LABELS } from '../program/compile-heads.js';
import type { SampleProgram } from '../program/compile-model.js';
import type { OneProgram } from '../program/compile-one.js';
import { HOST_LENGTH, HOST_TOKENS } from '../program/input-record.js';
import { HOST_OPTIMIZER, writeStepConstants } from '../program/compile-update.js';
import { MemoryLayout } from '../program/layout.js';
import { type OptimizerSettings, settingsForEpoch } from '../transformer/optimizer.js';
import { OP_SPECS } from '../engine/vector/isa.js';
import type { HostInputMap } from './kernel-options.js';

/**
 * The input map of a program compiled for one length T: its host.* regions' addresses. At T = 1 the
 * slot regions do not exist (the kernel writes them only when T > 1); they are given as 0.
 */
export function programInputMap(prog: SampleProgram): HostInputMap {
  const L = prog.layout;
  const at = (name: string) => (L.has(name) ? L.base(name) : 0);
  return {
    intentLabel: L.base(HOST_INTENT_LABEL),
    slotLabels: at(HOST_SLOT_LABELS),
    slotCE: at(HOST_SLOT_CE),
    optimizer: L.base(HOST_OPTIMIZER),
    lrWords: L.region(HOST_OPTIMIZER).words,
  };
}

/**
 * The input map of the one program of every length (designs/program/compile-one.ts): its input record's
 * fixed regions, the length and the token ids included (the kernel writes them when the map has them).
 */
export function oneProgramInputMap(one: OneProgram): HostInputMap {
  const L = one.layout;
  return {
    intentLabel: L.base(HOST_INTENT_LABEL),
    slotLabels: L.has(HOST_SLOT_LABELS) ? L.base(HOST_SLOT_LABELS) : 0,
    slotCE: L.base(HOST_SLOT_CE),
    optimizer: L.base(HOST_OPTIMIZER),
    lrWords: L.region(HOST_OPTIMIZER).words,
    tokens: L.base(HOST_TOKENS),
    length: L.base(HOST_LENGTH),
  };
}

/** One step of a run: t counts from 1 (as the trainer's OptimizerState.step), epoch from 0. */
export interface StepIndex {
  t: number;
  epoch?: number;
}

/** The lrTable of a run: per step the FP32 bits of the optimizer block writeStepConstants writes. */
export function lrTableRows(settings: OptimizerSettings, steps: readonly StepIndex[]): Uint32Array {
  const words = OP_SPECS[settings.kind].consts.length;
  const layout = new MemoryLayout();
  layout.alloc(HOST_OPTIMIZER, words, 'host');
  const block = new Float32Array(words);
  const out = new Uint32Array(words * steps.length);
  steps.forEach((s, i) => {
    writeStepConstants(layout, block, settingsForEpoch(settings, s.epoch ?? 0), s.t);
    out.set(new Uint32Array(block.buffer), i * words);
  });
  return out;
}
