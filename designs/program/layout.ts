// The data memory of a whole-model program: named regions placed by a bump allocator while the program
// is compiled (every region its own words), then, for a training step, placed again by lifetime
// (reuse.ts: regions never live at the same time share words); plus the words the image starts with
// (constants of the program, values the host writes per sample).
/** Banks of the lane memory (17 Fermat banks for up to 16 lanes: fermat-banks.ts, docs/memory.md). */
export const LANE_MEMORY_BANKS = 17;

/**
 * The row stride of a row-major block with `cols` columns: `cols`, or `cols + 1` when `cols` is a
 * multiple of the bank count. With a stride of 0 mod 17 every row of a column sits in one bank, so a
 * GEMM reading the block down its columns (A = P V, dQ = dS K at T = 17, 34, ...) has all its lanes
 * on one bank and the engine refuses it.
 */
export const conflictFreeStride = (cols: number): number => (cols % LANE_MEMORY_BANKS === 0 ? cols + 1 : cols);

export type RegionRole = 'param' | 'grad' | 'optimizer' | 'activation' | 'scratch' | 'const' | 'host';

export interface Region {
  name: string;
  base: number;
  words: number;
  role: RegionRole;
}

export class MemoryLayout {
  readonly regions: Region[] = [];
  private readonly byName = new Map<string, Region>();
  /** Fixed contents of 'const' regions (the program's constants: 1/d, eps, the attention scale). */
  readonly constants = new Map<string, Float32Array>();
  words = 0;

  alloc(name: string, words: number, role: RegionRole): number {
    if (this.byName.has(name)) throw new Error(`region '${name}' allocated twice`);
    if (!Number.isInteger(words) || words < 1) throw new Error(`region '${name}': ${words} words`);
    const r: Region = { name, base: this.words, words, role };
    this.regions.push(r);
    this.byName.set(name, r);
    this.words += words;
    return r.base;
  }

  /** A region at a given base (reuse.ts): regions placed this way may share words. */
  place(name: string, base: number, words: number, role: RegionRole): void {
    if (this.byName.has(name)) throw new Error(`region '${name}' allocated twice`);
    const r: Region = { name, base, words, role };
    this.regions.push(r);
    this.byName.set(name, r);
    this.words = Math.max(this.words, base + words);
  }

  /** A region of constants, filled in every image (FP32 values). */
  constant(name: string, values: readonly number[]): number {
    const base = this.alloc(name, values.length, 'const');
    this.constants.set(name, Float32Array.from(values));
    return base;
  }

  region(name: string): Region {
    const r = this.byName.get(name);
    if (!r) throw new Error(`no region '${name}'`);
    return r;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  base(name: string): number {
    return this.region(name).base;
  }

  /** The region's words in an image (a view, not a copy). */
  read(image: Float32Array, name: string): Float32Array {
    const r = this.region(name);
    return image.subarray(r.base, r.base + r.words);
  }

  write(image: Float32Array, name: string, data: ArrayLike<number>): void {
    const r = this.region(name);
    if (data.length !== r.words) throw new Error(`region '${name}' has ${r.words} words, got ${data.length}`);
    image.set(data, r.base);
  }

  /** A zeroed image with the constants in place. */
  newImage(): Float32Array {
    const image = new Float32Array(this.words);
    for (const [name, v] of this.constants) image.set(v, this.base(name));
    return image;
  }
}

/**
 * A layout whose regions are those of a reference layout (compile-one.ts): alloc returns the
 * reference's base for the name, so a program compiled for a shorter sample addresses the words the
 * maxTokens program planned. A region larger than the reference's, or unknown to it, is refused.
 */
export class FixedLayout extends MemoryLayout {
  constructor(private readonly ref: MemoryLayout) {
    super();
  }

  override alloc(name: string, words: number, role: RegionRole): number {
    const r = this.ref.region(name);
    if (words > r.words || role !== r.role)
      throw new Error(`region '${name}': ${words} words (${role}), the plan has ${r.words} (${r.role})`);
    this.place(name, r.base, r.words, r.role);
    return r.base;
  }
}
