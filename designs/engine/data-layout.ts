// Places every buffer of a schedule in the engine's one word-addressed data memory, in declaration
// order, so GemmStep operand offsets become absolute addresses.
import type { BufferDecl } from '../tt/gemm-step.js';

export interface DataLayout {
  base: Map<string, number>;
  /** Words used. */
  words: number;
  /** Memory depth: the next power of two (at least 16). */
  depth: number;
}

export function layoutBuffers(buffers: readonly BufferDecl[]): DataLayout {
  const base = new Map<string, number>();
  let next = 0;
  for (const b of buffers) {
    if (base.has(b.name)) throw new Error(`buffer '${b.name}' declared twice`);
    base.set(b.name, next);
    next += b.words;
  }
  let depth = 16;
  while (depth < next) depth *= 2;
  return { base, words: next, depth };
}

/** Copies named buffers into one data-memory image (Float32 words) following the layout. */
export function packBuffers(layout: DataLayout, buffers: ReadonlyMap<string, Float32Array>): Float32Array {
  const image = new Float32Array(layout.depth);
  for (const [name, data] of buffers) {
    const at = layout.base.get(name);
    if (at === undefined) throw new Error(`no layout slot for buffer '${name}'`);
    image.set(data, at);
  }
  return image;
}
