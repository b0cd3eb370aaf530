// Byte-addressed device memory for test benches: sparse 4 KB pages, little endian, unwritten bytes
// read as zero. Helpers move 32-bit words and FP32 values (as their bit patterns).

const PAGE = 4096;

export class SparseMemory {
  private readonly pages = new Map<number, Uint8Array>();

  private page(index: number, create: boolean): Uint8Array | undefined {
    let p = this.pages.get(index);
    if (!p && create) {
      p = new Uint8Array(PAGE);
      this.pages.set(index, p);
    }
    return p;
  }

  readByte(addr: number): number {
    return this.page(Math.floor(addr / PAGE), false)?.[addr % PAGE] ?? 0;
  }

  writeByte(addr: number, value: number): void {
    this.page(Math.floor(addr / PAGE), true)![addr % PAGE] = value & 0xff;
  }

  /** `bytes` bytes from `addr` as one little-endian unsigned value. */
  readWord(addr: number, bytes: number): bigint {
    let v = 0n;
    for (let i = bytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.readByte(addr + i));
    return v;
  }

  /** Writes the bytes of `value` whose strobe bit is set (bit i enables byte i). */
  writeWord(addr: number, bytes: number, value: bigint, strobe: bigint = (1n << BigInt(bytes)) - 1n): void {
    for (let i = 0; i < bytes; i++) {
      if ((strobe >> BigInt(i)) & 1n) this.writeByte(addr + i, Number((value >> BigInt(8 * i)) & 0xffn));
    }
  }

  writeU32(addr: number, values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.writeWord(addr + 4 * i, 4, BigInt(values[i]! >>> 0));
  }

  readU32(addr: number, count: number): number[] {
    return Array.from({ length: count }, (_, i) => Number(this.readWord(addr + 4 * i, 4)));
  }

  writeF32(addr: number, values: ArrayLike<number>): void {
    const f = new Float32Array(Array.from(values as ArrayLike<number>));
    this.writeU32(addr, new Uint32Array(f.buffer));
  }

  readF32(addr: number, count: number): number[] {
    const u = new Uint32Array(this.readU32(addr, count));
    return Array.from(new Float32Array(u.buffer));
  }
}
