// Finds an existing cell with the same operation and inputs, so identical expressions share one
// cell. Open addressing over an Int32Array: Map keys made of packed net ids or strings allocated a
// heap number or a string per cell, which cost more than the lookups themselves.
import type { CellOp } from '../ir/netlist.js';

const OP_INDEX: Record<CellOp, number> = {
  add: 0,
  sub: 1,
  mul: 2,
  and: 3,
  or: 4,
  xor: 5,
  not: 6,
  neg: 7,
  andr: 8,
  orr: 9,
  xorr: 10,
  eq: 11,
  ne: 12,
  lt: 13,
  le: 14,
  gt: 15,
  ge: 16,
  shl: 17,
  shr: 18,
  mux: 19,
  slice: 20,
  concat: 21,
  zext: 22,
  sext: 23,
};

/** A positive number naming an operation variant: op, result width and signedness (no string per cell). */
export function cellKind(op: CellOp, width: number, signed: boolean): number {
  return 1 + OP_INDEX[op] + 32 * (width * 2 + (signed ? 1 : 0));
}

/** Ints per slot: kind, three inputs (-1 where unused), out. */
const SLOT = 5;

export class CellTable {
  /** Starts small: most modules have a handful of cells, and one is made per module instance. */
  private keys = new Int32Array(16 * SLOT);
  private used = 0;

  /** The net of an identical cell, or -1. Inputs a cell does not have are -1. */
  find(kind: number, a: number, b: number, c: number): number {
    const keys = this.keys;
    const slots = keys.length / SLOT;
    let i = hash(kind, a, b, c) & (slots - 1);
    for (;;) {
      const o = i * SLOT;
      const k = keys[o]!;
      if (k === 0) return -1;
      if (k === kind && keys[o + 1] === a && keys[o + 2] === b && keys[o + 3] === c) return keys[o + 4]!;
      i = (i + 1) & (slots - 1);
    }
  }

  add(kind: number, a: number, b: number, c: number, out: number): void {
    if ((this.used + 1) * 2 > this.keys.length / SLOT) this.grow();
    this.insert(kind, a, b, c, out);
    this.used++;
  }

  private insert(kind: number, a: number, b: number, c: number, out: number): void {
    const keys = this.keys;
    const slots = keys.length / SLOT;
    let i = hash(kind, a, b, c) & (slots - 1);
    while (keys[i * SLOT] !== 0) i = (i + 1) & (slots - 1);
    const o = i * SLOT;
    keys[o] = kind;
    keys[o + 1] = a;
    keys[o + 2] = b;
    keys[o + 3] = c;
    keys[o + 4] = out;
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Int32Array(old.length * 2);
    for (let o = 0; o < old.length; o += SLOT)
      if (old[o] !== 0) this.insert(old[o]!, old[o + 1]!, old[o + 2]!, old[o + 3]!, old[o + 4]!);
  }
}

function hash(kind: number, a: number, b: number, c: number): number {
  let h =
    Math.imul(kind, 0x9e3779b1) ^
    Math.imul(a + 0x7f4a7c15, 0x85ebca6b) ^
    Math.imul(b + 0x165667b1, 0xc2b2ae35) ^
    Math.imul(c + 0x27d4eb2f, 0x61c88647);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}
