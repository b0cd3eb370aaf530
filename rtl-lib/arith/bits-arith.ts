// The bit-level implementation of Arith: values are masked bigints with a width. It holds no
// arithmetic knowledge beyond the primitives (all algorithms live in the generic code), but checks
// widths strictly so a width slip in an algorithm fails in the model before it reaches hardware.
import type { Arith } from './arith.js';

export interface Bits {
  readonly value: bigint;
  readonly width: number;
}

const masks: bigint[] = [];
/** 2^width - 1, cached because every operation needs one. */
function mask(width: number): bigint {
  let m = masks[width];
  if (m === undefined) {
    m = (1n << BigInt(width)) - 1n;
    masks[width] = m;
  }
  return m;
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`invalid width ${width}`);
}

function same(op: string, a: Bits, b: Bits): number {
  if (a.width !== b.width) throw new RangeError(`${op}: width mismatch ${a.width} vs ${b.width}`);
  return a.width;
}

const FALSE: Bits = Object.freeze({ value: 0n, width: 1 });
const TRUE: Bits = Object.freeze({ value: 1n, width: 1 });
const flag = (c: boolean): Bits => (c ? TRUE : FALSE);
const mk = (value: bigint, width: number): Bits => ({ value, width });

export class BitsArith implements Arith<Bits> {
  constant(value: bigint, width: number): Bits {
    checkWidth(width);
    if (value < 0n || value > mask(width)) throw new RangeError(`constant ${value} does not fit ${width} bits`);
    return mk(value, width);
  }
  width(v: Bits): number {
    return v.width;
  }

  add(a: Bits, b: Bits): Bits {
    const w = same('add', a, b);
    return mk((a.value + b.value) & mask(w), w);
  }
  sub(a: Bits, b: Bits): Bits {
    const w = same('sub', a, b);
    return mk((a.value - b.value) & mask(w), w);
  }
  addWide(a: Bits, b: Bits): Bits {
    const w = same('addWide', a, b);
    return mk(a.value + b.value, w + 1);
  }
  mul(a: Bits, b: Bits): Bits {
    return mk(a.value * b.value, a.width + b.width);
  }

  and(a: Bits, b: Bits): Bits {
    return mk(a.value & b.value, same('and', a, b));
  }
  or(a: Bits, b: Bits): Bits {
    return mk(a.value | b.value, same('or', a, b));
  }
  xor(a: Bits, b: Bits): Bits {
    return mk(a.value ^ b.value, same('xor', a, b));
  }
  not(a: Bits): Bits {
    return mk(a.value ^ mask(a.width), a.width);
  }

  eq(a: Bits, b: Bits): Bits {
    same('eq', a, b);
    return flag(a.value === b.value);
  }
  ne(a: Bits, b: Bits): Bits {
    same('ne', a, b);
    return flag(a.value !== b.value);
  }
  ltu(a: Bits, b: Bits): Bits {
    same('ltu', a, b);
    return flag(a.value < b.value);
  }
  leu(a: Bits, b: Bits): Bits {
    same('leu', a, b);
    return flag(a.value <= b.value);
  }
  gtu(a: Bits, b: Bits): Bits {
    same('gtu', a, b);
    return flag(a.value > b.value);
  }
  geu(a: Bits, b: Bits): Bits {
    same('geu', a, b);
    return flag(a.value >= b.value);
  }

  shl(v: Bits, amount: number): Bits {
    if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`shl: bad amount ${amount}`);
    if (amount >= v.width) return mk(0n, v.width);
    return mk((v.value << BigInt(amount)) & mask(v.width), v.width);
  }
  shr(v: Bits, amount: number): Bits {
    if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`shr: bad amount ${amount}`);
    if (amount >= v.width) return mk(0n, v.width);
    return mk(v.value >> BigInt(amount), v.width);
  }
  shlVar(v: Bits, amount: Bits): Bits {
    if (amount.value >= BigInt(v.width)) return mk(0n, v.width);
    return mk((v.value << amount.value) & mask(v.width), v.width);
  }
  shrVar(v: Bits, amount: Bits): Bits {
    if (amount.value >= BigInt(v.width)) return mk(0n, v.width);
    return mk(v.value >> amount.value, v.width);
  }

  slice(v: Bits, hi: number, lo: number): Bits {
    if (!(Number.isInteger(hi) && Number.isInteger(lo) && lo >= 0 && hi >= lo && hi < v.width)) {
      throw new RangeError(`slice [${hi}:${lo}] out of range for width ${v.width}`);
    }
    const w = hi - lo + 1;
    return mk((v.value >> BigInt(lo)) & mask(w), w);
  }
  bit(v: Bits, i: number): Bits {
    if (!Number.isInteger(i) || i < 0 || i >= v.width)
      throw new RangeError(`bit ${i} out of range for width ${v.width}`);
    return flag(((v.value >> BigInt(i)) & 1n) === 1n);
  }
  concat(...parts: Bits[]): Bits {
    if (parts.length === 0) throw new RangeError('concat of nothing');
    let value = 0n;
    let width = 0;
    for (const p of parts) {
      value = (value << BigInt(p.width)) | p.value;
      width += p.width;
    }
    return mk(value, width);
  }
  repeat(v: Bits, n: number): Bits {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`repeat: bad count ${n}`);
    let value = 0n;
    for (let i = 0; i < n; i++) value = (value << BigInt(v.width)) | v.value;
    return mk(value, v.width * n);
  }
  mux(sel: Bits, whenTrue: Bits, whenFalse: Bits): Bits {
    if (sel.width !== 1) throw new RangeError(`mux: select must be 1 bit, got ${sel.width}`);
    same('mux', whenTrue, whenFalse);
    return sel.value === 1n ? whenTrue : whenFalse;
  }
  zext(v: Bits, width: number): Bits {
    if (width < v.width) throw new RangeError(`zext: ${v.width} -> ${width} would truncate`);
    return v.width === width ? v : mk(v.value, width);
  }
  trunc(v: Bits, width: number): Bits {
    checkWidth(width);
    if (width > v.width) throw new RangeError(`trunc: ${v.width} -> ${width} would extend`);
    return v.width === width ? v : mk(v.value & mask(width), width);
  }
  orReduce(v: Bits): Bits {
    return flag(v.value !== 0n);
  }
  andReduce(v: Bits): Bits {
    return flag(v.value === mask(v.width));
  }

  stage(v: Bits): Bits {
    return v;
  }
  named(v: Bits, _name: string): Bits {
    return v;
  }
}

/** A shared instance: BitsArith is stateless. */
export const bitsArith = new BitsArith();

/** Shorthand for building a Bits value in tests and models. */
export function bits(value: bigint | number, width: number): Bits {
  return bitsArith.constant(BigInt(value), width);
}
