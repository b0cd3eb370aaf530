// Parameters of the RAM primitives, checked once in one place so that the modules, the TypeScript
// model and the synthesis expectations all agree on what a configuration means.
import { bitsFor, refuse } from '../../dsl/index.js';

/** Where the synthesizer should put the array (Vivado's ram_style; Yosys reads the same attribute). */
export type RamStyle = 'block' | 'ultra' | 'distributed' | 'registers' | 'auto';

/**
 * What a read returns when it addresses the word its own port writes in the same cycle:
 * - read-first: the old word (BRAM READ_FIRST, the natural behaviour of a registered array read);
 * - write-first: the new word, merged with the old one in the lanes a byte enable leaves alone;
 * - no-change: the read data keeps its previous value during a write (BRAM NO_CHANGE).
 */
export type Collision = 'read-first' | 'write-first' | 'no-change';

/** Cycles from the address to the data: 1 is the array's own register, 2 and 3 add output registers. 0 is an asynchronous read (distributed/registers only). */
export type ReadLatency = 0 | 1 | 2 | 3;

export interface RamConfig {
  depth: number;
  width: number;
  /** Default 1. */
  latency?: ReadLatency;
  /** Bits per write-enable lane (8 or 9 for byte enables); omitted: one enable for the whole word. */
  byteWidth?: number;
  /** Default 'block'. */
  style?: RamStyle;
  /** Default 'read-first'. */
  collision?: Collision;
  /** Initial contents, word 0 first; missing words are 0. */
  init?: readonly (bigint | number)[];
}

/** A configuration with every default filled in. */
export interface ResolvedRamConfig {
  depth: number;
  width: number;
  addrWidth: number;
  latency: ReadLatency;
  /** Bits per enable lane; equals width for word enables. */
  byteWidth: number;
  /** Write-enable lanes: width / byteWidth (1 for word enables). */
  lanes: number;
  byteEnables: boolean;
  style: RamStyle;
  collision: Collision;
  init: readonly bigint[] | undefined;
}

export function resolveRamConfig(c: RamConfig): ResolvedRamConfig {
  const fail = (msg: string): never => refuse('TTF140', `RAM configuration: ${msg}`);
  if (!Number.isInteger(c.depth) || c.depth < 2) fail(`depth must be an integer >= 2, got ${c.depth}`);
  if (!Number.isInteger(c.width) || c.width < 1) fail(`width must be a positive integer, got ${c.width}`);
  const latency = c.latency ?? 1;
  if (![0, 1, 2, 3].includes(latency)) fail(`read latency must be 0, 1, 2 or 3, got ${latency}`);
  const style = c.style ?? 'block';
  if (latency === 0 && (style === 'block' || style === 'ultra'))
    fail(`a ${style} RAM reads synchronously: latency 0 needs style 'distributed' or 'registers'`);
  const byteEnables = c.byteWidth !== undefined;
  const byteWidth = c.byteWidth ?? c.width;
  if (!Number.isInteger(byteWidth) || byteWidth < 1 || c.width % byteWidth !== 0)
    fail(`byte width ${byteWidth} must divide the word width ${c.width}`);
  const collision = c.collision ?? 'read-first';
  if (latency === 0 && collision !== 'read-first')
    fail(
      `an asynchronous read (latency 0) always sees the stored word: collision '${collision}' needs a synchronous read`,
    );
  const mask = (1n << BigInt(c.width)) - 1n;
  let init: bigint[] | undefined;
  if (c.init) {
    if (c.init.length > c.depth) fail(`init has ${c.init.length} words, depth is ${c.depth}`);
    init = c.init.map((v, i) => {
      const b = BigInt(v);
      if (b < 0n || b > mask) fail(`init word ${i} = ${b} does not fit ${c.width} bits`);
      return b;
    });
    // URAM288 has no initialization in the bitstream: it powers up zero.
    if (style === 'ultra' && init.some((v) => v !== 0n))
      fail('UltraRAM cannot be initialized (URAM288 powers up zero): use block RAM for initial contents');
  }
  return {
    depth: c.depth,
    width: c.width,
    addrWidth: bitsFor(c.depth),
    latency,
    byteWidth,
    lanes: c.width / byteWidth,
    byteEnables,
    style,
    collision,
    init,
  };
}

/** Short text for module parameters and reports, e.g. `1024x32 L2 be8 block read-first`. */
export function describeRam(r: ResolvedRamConfig): string {
  return `${r.depth}x${r.width} L${r.latency}${r.byteEnables ? ` be${r.byteWidth}` : ''} ${r.style} ${r.collision}${r.init ? ' init' : ''}`;
}
