// The FP32 GEMM as a WebAssembly SIMD kernel: the bits of gemm32Reference (FP32_GEMM_ORDER), without
// JavaScript's two Math.fround per multiply-add. WebAssembly's f32.mul and f32.add are binary32 IEEE
// operations rounding to nearest even with subnormals, i.e. exactly fround(a * b) and fround(s + p);
// f32x4 applies them lane by lane. The vectors run ACROSS output columns only: each lane is one output
// element, accumulated from 0 (or C) over p ascending, so every element sees the element-by-element
// order. A NaN result is written as the canonical quiet NaN 0x7fc00000 (what the fp units emit):
// WebAssembly leaves NaN payloads open, and so does JavaScript when it stores a NaN into a Float32Array,
// so the NaN encoding is the one thing the two kernels may differ in (test/designs/tt/wasm-gemm32.test.ts).
//
// Operands live in JavaScript typed arrays, so each call packs A and B into the kernel's memory and
// copies C back: O(mk + kn + mn) copies for O(mnk) work. Layout in the memory (float indices):
//   A: row panels of 4 rows (then single rows): element (i0 + r, p) of the panel at row i0 with R rows
//      at i0 * k + p * R + r, so one pointer walks a panel and the R values of a p are adjacent;
//   B: k rows of n4 = n rounded up to 4 floats (the padding lanes compute garbage that is never read);
//   C: m rows of n4 floats.
// Register block: 4 rows x 8 columns (8 f32x4 accumulators), then 4 x 4, then 1 x 8 and 1 x 4.
import { blockedGemm32, type StridedGemm } from './blocked-gemm.js';
import { type Bytes, I32, op, seq, V128, wasmModule } from './wasm-encode.js';

// Parameters and locals of the kernel function (byte pointers and sizes in i32, vectors in v128).
const [M, N4, K, APTR, BPTR, CPTR, ACC] = [0, 1, 2, 3, 4, 5, 6];
const [I, J, P, KA, NB, NB2, NB3, AP, BP, CP] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
const ACCS = 17; // 8 accumulators: row r, vector v at ACCS + 2r + v
const [BV0, AV] = [25, 27]; // the B vectors of a p at 25, 26; the splatted A value at 27
const LOCALS = [...Array<number>(10).fill(I32), ...Array<number>(11).fill(V128)] as (typeof I32 | typeof V128)[];
const CANONICAL_NAN = 0x7fc00000;

const { get, set } = op;
const add = (l: number, x: Bytes): Bytes => seq(get(l), x, op.i32Add, set(l));
/** a * b + c of i32 locals/constants, left on the stack. */
const mulAdd = (a: Bytes, b: Bytes, c: Bytes): Bytes => seq(a, b, op.i32Mul, c, op.i32Add);

/** One R x 4V block at row I, column J: accumulators from C or 0, the p loop, the stores (NaN canonical). */
function block(R: 1 | 4, V: 1 | 2): Bytes {
  const acc = (r: number, v: number) => ACCS + 2 * r + v;
  const rowOff = [[], [...get(NB), ...op.i32Add], [...get(NB2), ...op.i32Add], [...get(NB3), ...op.i32Add]];
  const cAddr = (r: number): Bytes => seq(get(CP), rowOff[r]!);
  const each = (f: (r: number, v: number) => Bytes): Bytes[] => {
    const out: Bytes[] = [];
    for (let r = 0; r < R; r++) for (let v = 0; v < V; v++) out.push(f(r, v));
    return out;
  };
  const pStep: Bytes[] = [];
  for (let v = 0; v < V; v++) pStep.push(seq(get(BP), op.v128Load(16 * v), set(BV0 + v)));
  for (let r = 0; r < R; r++) {
    pStep.push(seq(get(AP), op.v128Load32Splat(4 * r), set(AV)));
    for (let v = 0; v < V; v++)
      pStep.push(seq(get(acc(r, v)), get(AV), get(BV0 + v), op.f32x4Mul, op.f32x4Add, set(acc(r, v))));
  }
  // NaN lanes (x != x) become the canonical NaN: bitselect(acc, nan, acc == acc).
  const canonical = (a: Bytes): Bytes => seq(a, op.v128ConstI32x4(CANONICAL_NAN), a, a, op.f32x4Eq, op.v128Bitselect);
  return seq(
    // ap = aPtr + i * k * 4 (the panel of row i), bp = bPtr + j * 4, cp = cPtr + i * nb + j * 4
    mulAdd(get(I), get(KA), get(APTR)),
    set(AP),
    mulAdd(get(J), op.i32Const(4), get(BPTR)),
    set(BP),
    mulAdd(get(I), get(NB), get(CPTR)),
    mulAdd(get(J), op.i32Const(4), []),
    set(CP),
    get(ACC),
    op.if,
    ...each((r, v) => seq(cAddr(r), op.v128Load(16 * v), set(acc(r, v)))),
    op.else,
    ...each((r, v) => seq(op.v128ConstI32x4(0), set(acc(r, v)))),
    op.end,
    // p = k .. 1 (k >= 1): one rank-1 update of the block per p
    get(K),
    set(P),
    op.loop,
    ...pStep,
    add(AP, op.i32Const(4 * R)),
    add(BP, get(NB)),
    add(P, op.i32Const(-1)),
    get(P),
    op.brIf(0),
    op.end,
    ...each((r, v) => seq(cAddr(r), canonical(get(acc(r, v))), op.v128Store(16 * v))),
  );
}

/** while (local + step <= limit) { body; local += step } */
const whileFits = (l: number, step: number, limit: number, body: Bytes): Bytes =>
  seq(op.block, op.loop, get(l), op.i32Const(step), op.i32Add, get(limit), op.i32GtS, op.brIf(1), body).concat(
    seq(add(l, op.i32Const(step)), op.br(0), op.end, op.end),
  );

/** Rows of height R from I on: column blocks of 8, then the last 4 columns. */
const rowsOf = (R: 1 | 4): Bytes =>
  seq(op.i32Const(0), set(J), whileFits(J, 8, N4, block(R, 2)), whileFits(J, 4, N4, block(R, 1)));

const kernelCode = (): Bytes =>
  seq(
    seq(get(K), op.i32Const(4), op.i32Mul, set(KA), get(N4), op.i32Const(4), op.i32Mul, set(NB)),
    seq(get(NB), get(NB), op.i32Add, set(NB2), get(NB2), get(NB), op.i32Add, set(NB3)),
    seq(op.i32Const(0), set(I), whileFits(I, 4, M, rowsOf(4)), whileFits(I, 1, M, rowsOf(1))),
  );

/** The kernel module's bytes: `gemm(m, n4, k, aPtr, bPtr, cPtr, accumulate)` over the imported memory. */
export const gemm32WasmBytes = (): Uint8Array<ArrayBuffer> =>
  wasmModule(1, [{ exportName: 'gemm', params: Array(7).fill(I32), locals: LOCALS, code: kernelCode() }]);

type Kernel = (m: number, n4: number, k: number, a: number, b: number, c: number, acc: number) => void;
const PAGE = 65536;

// The slice of the WebAssembly JS API used here (the project's lib is ES2022 without the DOM's types).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (d: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

/** The kernel instantiated with its memory, or undefined where WebAssembly SIMD is missing. */
function instantiate(): { memory: WasmMemory; run: Kernel } | undefined {
  const wa = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const bytes = gemm32WasmBytes();
  if (!wa?.validate(bytes)) return undefined;
  const memory = new wa.Memory({ initial: 16 });
  const instance = new wa.Instance(new wa.Module(bytes), { env: { memory } });
  return { memory, run: instance.exports.gemm as Kernel };
}

const kernel = instantiate();
/** False where WebAssembly SIMD is missing (wasmGemm32 then runs blocked-gemm.ts's JavaScript kernel). */
export const wasmGemm32Native = kernel !== undefined;
let mem = kernel ? new Float32Array(kernel.memory.buffer) : new Float32Array(0);

/** Room for `floats` floats in the kernel's memory (growing it detaches the old view). */
function reserve(floats: number): Float32Array {
  if (floats > mem.length) {
    const k = kernel!;
    k.memory.grow(Math.ceil((floats * 4 - k.memory.buffer.byteLength) / PAGE));
    mem = new Float32Array(k.memory.buffer);
  }
  return mem;
}

/** C (m x n) (+)= A (m x k) B (k x n) in FP32_GEMM_ORDER through the WebAssembly kernel (see the top). */
export const wasmGemm32: StridedGemm<Float32Array> = (
  m,
  n,
  k,
  a,
  aOff,
  ars,
  acs,
  b,
  bOff,
  brs,
  bcs,
  c,
  cOff,
  crs,
  ccs,
  accumulate,
) => {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || !kernel) {
    // No products (C stays, or becomes 0), or no WebAssembly SIMD here.
    blockedGemm32(m, n, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, crs, ccs, accumulate);
    return;
  }
  const n4 = (n + 3) & ~3;
  const bBase = m * k + 3 - ((m * k + 3) % 4); // 16-byte aligned
  const cBase = bBase + k * n4;
  const w = reserve(cBase + m * n4);
  // A in row panels: 4 rows, then single rows.
  const m4 = m - (m % 4);
  for (let i0 = 0; i0 < m; i0 += i0 < m4 ? 4 : 1) {
    const R = i0 < m4 ? 4 : 1;
    let d = i0 * k;
    for (let p = 0; p < k; p++) {
      const s = aOff + i0 * ars + p * acs;
      for (let r = 0; r < R; r++) w[d++] = a[s + r * ars]!;
    }
  }
  for (let p = 0; p < k; p++) {
    const s = bOff + p * brs;
    const d = bBase + p * n4;
    for (let j = 0; j < n; j++) w[d + j] = b[s + j * bcs]!;
  }
  if (accumulate)
    for (let i = 0; i < m; i++) {
      const s = cOff + i * crs;
      const d = cBase + i * n4;
      for (let j = 0; j < n; j++) w[d + j] = c[s + j * ccs]!;
    }
  kernel.run(m, n4, k, 0, bBase * 4, cBase * 4, accumulate ? 1 : 0);
  for (let i = 0; i < m; i++) {
    const s = cBase + i * n4;
    const d = cOff + i * crs;
    for (let j = 0; j < n; j++) c[d + j * ccs] = w[s + j]!;
  }
};
