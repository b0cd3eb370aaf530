// The arithmetic interface every reusable datapath in rtl-lib is written against. It is deliberately
// small and hardware-shaped: each method maps 1:1 onto a DSL expression method, so one algorithm is both
// the bit-level model (BitsArith, bigint values) and the hardware (the DSL signal implementation).
//
// Values are fixed-width unsigned bit vectors. Width rules are strict: binary operations require equal
// widths unless stated; nothing is silently truncated or extended.

export interface Arith<V> {
  /** A constant of the given width; the value must fit (0 <= value < 2^width). */
  constant(value: bigint, width: number): V;
  /** The width of a value, known at elaboration time. */
  width(v: V): number;

  /** Sum modulo 2^w (equal widths). */
  add(a: V, b: V): V;
  /** Difference modulo 2^w (equal widths). */
  sub(a: V, b: V): V;
  /** Full sum with carry-out: width w+1 (equal widths). */
  addWide(a: V, b: V): V;
  /** Full unsigned product: width wa+wb (any widths). */
  mul(a: V, b: V): V;

  and(a: V, b: V): V;
  or(a: V, b: V): V;
  xor(a: V, b: V): V;
  not(a: V): V;

  /** Unsigned comparisons with a 1-bit result (equal widths). */
  eq(a: V, b: V): V;
  ne(a: V, b: V): V;
  ltu(a: V, b: V): V;
  leu(a: V, b: V): V;
  gtu(a: V, b: V): V;
  geu(a: V, b: V): V;

  /** Logical shifts by a constant amount; the width is kept; amounts >= width give 0. */
  shl(v: V, amount: number): V;
  shr(v: V, amount: number): V;
  /** Logical shifts by a variable (unsigned) amount of any width; amounts >= width give 0. */
  shlVar(v: V, amount: V): V;
  shrVar(v: V, amount: V): V;

  /** Bits hi..lo inclusive (width hi-lo+1). */
  slice(v: V, hi: number, lo: number): V;
  /** One bit (width 1). */
  bit(v: V, i: number): V;
  /** Concatenation, most significant part first. */
  concat(...parts: V[]): V;
  /** n copies of v side by side (width n*w). */
  repeat(v: V, n: number): V;
  /** sel (1 bit) ? whenTrue : whenFalse (equal widths). */
  mux(sel: V, whenTrue: V, whenFalse: V): V;
  /** Zero extension to a width >= the current one. */
  zext(v: V, width: number): V;
  /** Keep the low `width` bits (width <= the current one). */
  trunc(v: V, width: number): V;
  /** OR / AND of all bits (1 bit). */
  orReduce(v: V): V;
  andReduce(v: V): V;

  /** Pipeline register hook: the hardware inserts a register, the bit-level model returns v. */
  stage(v: V): V;
  /** Naming hook: the hardware names the wire, the bit-level model returns v. */
  named(v: V, name: string): V;
}
