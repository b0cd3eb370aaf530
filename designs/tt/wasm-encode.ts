// The few pieces of the WebAssembly binary format that the FP32 GEMM kernel (wasm-gemm32.ts) needs:
// LEB128 integers, names, sections, and one module shape (a memory import, functions, exports).
// Written here because a toolchain or an assembler package for ~40 instructions would be a build step
// and a dependency for what is a page of byte tables. Opcodes are those of the WebAssembly 2.0 spec
// (core instructions and the 128-bit SIMD proposal, which Node has shipped since 16.4).

export type Bytes = readonly number[];

/** Instructions in sequence. */
export const seq = (...parts: Bytes[]): Bytes => parts.flat();

/** Unsigned LEB128. */
export function uleb(n: number): Bytes {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(n: number): Bytes {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const vec = (items: readonly Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const name = (s: string): Bytes => vec([...s].map((ch) => [ch.charCodeAt(0)]));
const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];

export const I32 = 0x7f;
export const V128 = 0x7b;
type ValType = typeof I32 | typeof V128;

/** Instructions, as byte sequences. Memory offsets are byte offsets; alignment hints are log2 bytes. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth: number): Bytes => [0x0c, ...uleb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...uleb(depth)],
  get: (l: number): Bytes => [0x20, ...uleb(l)],
  set: (l: number): Bytes => [0x21, ...uleb(l)],
  i32Const: (n: number): Bytes => [0x41, ...sleb(n)],
  i32GtS: [0x4a],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  /** v128.load / v128.store / v128.load32_splat with a constant byte offset. */
  v128Load: (offset: number): Bytes => [0xfd, ...uleb(0x00), 2, ...uleb(offset)],
  v128Store: (offset: number): Bytes => [0xfd, ...uleb(0x0b), 2, ...uleb(offset)],
  v128Load32Splat: (offset: number): Bytes => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  /** v128.const of four equal 32-bit words. */
  v128ConstI32x4: (w: number): Bytes => {
    const lane = [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, (w >>> 24) & 0xff];
    return [0xfd, ...uleb(0x0c), ...lane, ...lane, ...lane, ...lane];
  },
  v128Bitselect: [0xfd, ...uleb(0x52)],
  f32x4Eq: [0xfd, ...uleb(0x41)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
} as const;

export interface WasmFunction {
  exportName: string;
  params: ValType[];
  /** Extra locals after the parameters, in order. */
  locals: ValType[];
  /** The body's instructions, without the final `end`. */
  code: Bytes;
}

/** A module importing one memory as `env.memory` and exporting the given functions (no results). */
export function wasmModule(minPages: number, fns: readonly WasmFunction[]): Uint8Array<ArrayBuffer> {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec([])]);
  const imports = [[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(minPages)]];
  const bodies = fns.map((f) => {
    // Locals as runs of one type: (count, type) pairs.
    const runs: Bytes[] = [];
    for (let i = 0; i < f.locals.length; ) {
      let j = i;
      while (j < f.locals.length && f.locals[j] === f.locals[i]) j++;
      runs.push([...uleb(j - i), f.locals[i]!]);
      i = j;
    }
    const body = [...vec(runs), ...f.code, ...op.end];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}
