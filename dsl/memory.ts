// Memories: an array of words with write ports (clocked) and read ports (synchronous, read latency 1,
// or asynchronous). Writes follow when/switch like any assignment: a write port's enable, address and
// data are combinational signals with defaults, so a write happens exactly where the user wrote it.
import { type Expr, type Operand, operand } from './expr.js';
import { Bool, type GroundType, UInt, bitsFor } from './types.js';
import { Signal, type SignalOwner } from './signal.js';
import { type SourceLoc, captureLoc } from './source-loc.js';
import { constructionError } from './context.js';
import type { VivadoAttributes } from './attributes.js';
import type { ClockDomain } from './clock-domain.js';

export interface MemoryOptions {
  name?: string;
  /** Initial contents (emitted inline or as a $readmemh file); missing words are 0. */
  init?: readonly (bigint | number)[];
  attrs?: VivadoAttributes;
  /** Clock of the write and synchronous read ports; defaults to the module's default domain. */
  domain?: ClockDomain;
}

export interface MemWritePort {
  readonly en: Signal;
  readonly addr: Signal;
  readonly data: Signal;
  /** One enable bit per `maskGranularity` bits of data, when byte/word enables are used. */
  readonly mask: Signal | undefined;
  readonly maskGranularity: number;
  readonly domain: ClockDomain;
}

export interface MemReadPort {
  readonly addr: Expr;
  readonly data: Signal;
  readonly enable: Expr | undefined;
  /** true: data appears the cycle after the address (block/ultra RAM); false: combinational read. */
  readonly sync: boolean;
  readonly domain: ClockDomain | undefined;
  readonly loc: SourceLoc | undefined;
}

interface MemoryOwner extends SignalOwner {
  readonly signals: Signal[];
  defaultDomain(): ClockDomain;
}

export class Memory {
  userName: string | undefined;
  readonly writePorts: MemWritePort[] = [];
  readonly readPorts: MemReadPort[] = [];
  readonly init: bigint[] | undefined;
  readonly attrs: VivadoAttributes | undefined;
  readonly domain: ClockDomain;

  constructor(
    readonly owner: MemoryOwner,
    readonly type: GroundType,
    readonly depth: number,
    opts: MemoryOptions,
    readonly loc: SourceLoc | undefined,
  ) {
    if (!Number.isInteger(depth) || depth < 1) throw new Error(`memory depth must be a positive integer, got ${depth}`);
    this.userName = opts.name;
    this.attrs = opts.attrs;
    this.domain = opts.domain ?? owner.defaultDomain();
    if (opts.init) {
      if (opts.init.length > depth)
        constructionError('TTF104', `memory init has ${opts.init.length} words, depth is ${depth}`, loc);
      const [lo, hi] = type.range();
      this.init = opts.init.map((v, i) => {
        const b = BigInt(v);
        if (b < lo || b > hi) constructionError('TTF101', `memory init word ${i} = ${b} does not fit ${type}`, loc);
        return b & ((1n << BigInt(type.width)) - 1n);
      });
    }
  }

  get addrWidth(): number {
    return bitsFor(this.depth);
  }

  named(name: string): this {
    this.userName = name;
    return this;
  }

  /** Write `data` at `addr` on the next clock edge, where this statement applies. */
  write(addr: Operand, data: Operand, opts: { port?: number; mask?: Operand; maskGranularity?: number } = {}): void {
    const p = this.writePort(opts.port ?? 0, opts.mask !== undefined ? (opts.maskGranularity ?? 8) : 0);
    p.en.set(true);
    p.addr.set(operand(addr, p.addr));
    p.data.set(operand(data, p.data));
    if (opts.mask !== undefined) {
      if (!p.mask)
        constructionError(
          'TTF147',
          `write port ${opts.port ?? 0} was first used without a mask; use masks on every write of a port or none`,
        );
      else p.mask.set(operand(opts.mask, p.mask));
    } else if (p.mask) {
      p.mask.set(p.mask.type.range()[1]);
    }
  }

  /** Read port: with sync (the default) the data is registered, as block and ultra RAM require. */
  read(addr: Operand, opts: { sync?: boolean; enable?: Operand; name?: string } = {}): Signal {
    const a = operand(addr, UInt(this.addrWidth));
    if (a.width !== this.addrWidth || (a.type.kind !== 'uint' && a.type.kind !== 'bits')) {
      constructionError(
        'TTF100',
        `memory address must be UInt(${this.addrWidth}) for depth ${this.depth}, got ${a.type}`,
      );
    }
    const data = new Signal(this.type, 'memread', this.owner, captureLoc(Memory.prototype.read));
    if (opts.name) data.named(opts.name);
    data.memoryOf = this;
    this.owner.signals.push(data);
    const sync = opts.sync ?? true;
    this.readPorts.push({
      addr: a,
      data,
      sync,
      enable: opts.enable === undefined ? undefined : operand(opts.enable, Bool()),
      domain: sync ? this.domain : undefined,
      loc: captureLoc(Memory.prototype.read),
    });
    return data;
  }

  private writePort(i: number, granularity: number): MemWritePort {
    while (this.writePorts.length <= i) {
      const n = this.writePorts.length;
      const mk = (t: GroundType, suffix: string) => {
        const s = new Signal(t, 'wire', this.owner, this.loc);
        s.internal = true;
        s.pendingSuffix = `w${n}_${suffix}`;
        s.memoryOf = this;
        s.setDefault(0);
        this.owner.signals.push(s);
        return s;
      };
      // A granularity that does not divide the word is reported and then read as one mask bit per word.
      const fits = !granularity || this.type.width % granularity === 0;
      const g = fits ? granularity || this.type.width : this.type.width;
      if (!fits)
        constructionError(
          'TTF147',
          `mask granularity ${granularity} does not divide the word width ${this.type.width}`,
        );
      this.writePorts.push({
        en: mk(Bool(), 'en'),
        addr: mk(UInt(this.addrWidth), 'addr'),
        data: mk(this.type, 'data'),
        mask: granularity ? mk(UInt(this.type.width / g), 'mask') : undefined,
        maskGranularity: g,
        domain: this.domain,
      });
    }
    return this.writePorts[i]!;
  }
}

declare module './signal.js' {
  interface Signal {
    /** For a memory's internal port signals: the memory, whose name prefixes theirs. */
    memoryOf?: Memory;
  }
}
