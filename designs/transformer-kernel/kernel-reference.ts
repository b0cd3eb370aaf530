// What one invocation of the transformer kernel does to its data memory and its output records, in
// TypeScript: the reference its hardware must equal word for word. The per-sample writes are the
// kernel's (writeKernelInputs), the program runs in the program interpreter, the checks are
// checkInputRecord's.
import { fpModel } from '../../rtl-lib/fp/model.js';
import { fp32 } from '../../rtl-lib/fp/format.js';
import { runProgram } from '../program/interpreter.js';
import type { ProgramInstruction } from '../program/isa.js';
import {
  FLAG_EVAL_ONLY,
  FLAG_LOAD_PARAMS,
  FLAG_STORE_PARAMS,
  type HostInputMap,
  type TransformerKernelOptions,
} from './kernel-options.js';
import { SampleStatus, checkInputRecord, inputStride, outputStride, writeOutputRecord } from './sample-record.js';

const model = fpModel(fp32);
/** A 32-bit word (two's complement) as the FP32 bits of its value, as the kernel converts it (SmallIntToF32, for the checked values). */
export const intToF32Bits = (w: number): number => Number(model.fromInt32(BigInt(w >>> 0)));
/** FP32 bits to a 32-bit integer word (toward zero, saturating, NaN to 0), as the kernel's Fp32ToInt. */
export const f32BitsToInt = (bits: number): number => Number(model.toInt32(BigInt(bits >>> 0))) >>> 0;
const f32Bits = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!;

/**
 * The words the kernel writes into the data memory for good input record `index` (bits over `mem`):
 * the intent label, slot labels of positions 1..T-1, fround(1/scored), 1, 0 (when T > 1), the tokens
 * and the length when the map has them, and the lrTable row when one is given (not when evaluating).
 */
export function writeKernelInputs(
  map: HostInputMap,
  maxTokens: number,
  mem: Uint32Array,
  records: Uint32Array,
  index: number,
  lrRow?: Uint32Array,
): void {
  const base = index * inputStride(maxTokens);
  const T = records[base]!;
  mem[map.intentLabel] = intToF32Bits(records[base + 1]!);
  if (map.tokens !== undefined) for (let t = 0; t < T; t++) mem[map.tokens + t] = intToF32Bits(records[base + 2 + t]!);
  let scored = 0;
  for (let t = 1; t < T; t++) {
    const w = records[base + 2 + maxTokens + t]!;
    mem[map.slotLabels + t - 1] = intToF32Bits(w);
    if ((w | 0) >= 0) scored++;
  }
  if (T > 1) {
    mem[map.slotCE] = scored > 0 ? f32Bits(1 / scored) : 0;
    mem[map.slotCE + 1] = f32Bits(1);
    mem[map.slotCE + 2] = 0;
  }
  if (map.length !== undefined) mem[map.length] = intToF32Bits(T);
  if (lrRow) mem.set(lrRow, map.optimizer);
}

export interface ReferenceInvocation {
  samples: number;
  flags: number;
  records: Uint32Array;
  /** lrWords words per sample. */
  lrTable: Uint32Array;
  /** The HBM parameter buffer: read when loading, overwritten when storing. */
  params: Uint32Array;
}

/** The program as instructions, per entry point (what the words in the options encode). */
export interface ReferencePrograms {
  train: readonly ProgramInstruction[];
  eval: readonly ProgramInstruction[];
}

/**
 * One invocation on `image` (the data memory, carried between invocations as on chip); returns the
 * output records and stores the parameter block into `inv.params` when the store flag is set.
 */
export function referenceInvocation(
  o: TransformerKernelOptions,
  programs: ReferencePrograms,
  image: Float32Array,
  inv: ReferenceInvocation,
): Uint32Array {
  const M = o.shape.maxTokens;
  const mem = new Uint32Array(image.buffer, image.byteOffset, image.length);
  const { base: pBase, words: pWords } = o.params;
  if (inv.flags & FLAG_LOAD_PARAMS) mem.set(inv.params.subarray(0, pWords), pBase);
  const evalOnly = (inv.flags & FLAG_EVAL_ONLY) !== 0;
  const out = new Uint32Array(inv.samples * outputStride(M));
  const L = o.map.lrWords;
  for (let s = 0; s < inv.samples; s++) {
    const check = checkInputRecord(o.shape, inv.records, s);
    if (check.status !== SampleStatus.ok) {
      writeOutputRecord(M, out, s, { status: check.status, lossBits: 0, intentPred: -1, slotPred: new Int32Array(0) });
      continue;
    }
    const lrRow = evalOnly ? undefined : inv.lrTable.subarray(s * L, (s + 1) * L);
    writeKernelInputs(o.map, M, mem, inv.records, s, lrRow);
    runProgram(evalOnly ? programs.eval : programs.train, image);
    const T = inv.records[s * inputStride(M)]!;
    const slotPred = Int32Array.from({ length: T }, (_, t) =>
      t === 0 ? -1 : f32BitsToInt(mem[o.map.slotPreds + t - 1]!),
    );
    writeOutputRecord(M, out, s, {
      status: SampleStatus.ok,
      lossBits: mem[o.map.loss]!,
      intentPred: f32BitsToInt(mem[o.map.intentPred]!),
      slotPred,
    });
  }
  if (inv.flags & FLAG_STORE_PARAMS) inv.params.set(mem.subarray(pBase, pBase + pWords));
  return out;
}
