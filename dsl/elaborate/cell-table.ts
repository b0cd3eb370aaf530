// Finds an existing cell with the same operation and inputs, so identical expressions share one
// cell. Open addressing over an Int32Array: a Map keyed by packed net pairs allocated a heap number
// per key (the pairs exceed small-integer range), which cost more than the lookups themselves.
export class CellTable {
  private keys = new Int32Array(4 * 1024); // kind, a, b, out per slot; kind 0 = empty
  private used = 0;
  private readonly kinds = new Map<string, number>();

  /** A small integer for an operation variant (op, signedness, slice bounds, width). */
  kind(variant: string): number {
    let k = this.kinds.get(variant);
    if (k === undefined) this.kinds.set(variant, (k = this.kinds.size + 1));
    return k;
  }

  /** The net of an identical cell, or -1. `b` is -1 for one-input cells. */
  find(kind: number, a: number, b: number): number {
    const mask = (this.keys.length >> 2) - 1;
    let i = hash(kind, a, b) & mask;
    for (;;) {
      const o = i << 2;
      const k = this.keys[o]!;
      if (k === 0) return -1;
      if (k === kind && this.keys[o + 1] === a && this.keys[o + 2] === b) return this.keys[o + 3]!;
      i = (i + 1) & mask;
    }
  }

  add(kind: number, a: number, b: number, out: number): void {
    if ((this.used + 1) * 2 > this.keys.length >> 2) this.grow();
    this.insert(kind, a, b, out);
    this.used++;
  }

  private insert(kind: number, a: number, b: number, out: number): void {
    const mask = (this.keys.length >> 2) - 1;
    let i = hash(kind, a, b) & mask;
    while (this.keys[i << 2] !== 0) i = (i + 1) & mask;
    const o = i << 2;
    this.keys[o] = kind;
    this.keys[o + 1] = a;
    this.keys[o + 2] = b;
    this.keys[o + 3] = out;
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Int32Array(old.length * 2);
    for (let o = 0; o < old.length; o += 4) if (old[o] !== 0) this.insert(old[o]!, old[o + 1]!, old[o + 2]!, old[o + 3]!);
  }
}

function hash(kind: number, a: number, b: number): number {
  let h = Math.imul(kind, 0x9e3779b1) ^ Math.imul(a + 0x7f4a7c15, 0x85ebca6b) ^ Math.imul(b + 0x165667b1, 0xc2b2ae35);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}
