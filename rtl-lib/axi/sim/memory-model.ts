// An AXI4 slave for test benches: answers a design's AXI4 master port (m_axi_<name>_*) from a
// SparseMemory, every clock cycle, as a ClockedAgent. It checks the master's side of the protocol
// (INCR bursts of the full bus width, aligned, not crossing 4 KB, WLAST on the last beat, VALID held
// with a stable payload until READY) and can stall any channel at random (seeded, repeatable).
// When the simulator was built with the native model (native-axi-memory.ts, `agents` of simulate()),
// the same model runs inside the simulator and this class only configures it and moves bytes; use
// the async accessors (writeU32, readU32, ...) that work either way.
import type { NativeAgentHandle } from '../../../sim/agents.js';
import type { Simulation } from '../../../sim/simulation.js';
import { AxiMemoryOp, axiMemoryAgentName } from './native-axi-memory.js';
import { SparseMemory } from './sparse-memory.js';
import { seededRandom } from './prng.js';
import { runAgents, type AgentRun, type ClockedAgent } from './clocked-agents.js';

export interface AxiMemoryOptions {
  /** Port prefix, e.g. 'm_axi_gmem'. */
  prefix: string;
  dataBits: number;
  /** Probability that a READY or VALID the model drives is offered in a given cycle (1 = never stall). */
  throughput?: number;
  /** Cycles from an accepted read address to its first data beat. */
  readLatency?: number;
  seed?: number;
  /** Which halves the port has (default both): a lone read or write master has only one. */
  read?: boolean;
  write?: boolean;
}

export interface BurstRecord {
  addr: number;
  beats: number;
  cycle: number;
}

interface ReadBurst {
  addr: number;
  beats: number;
  next: number;
  readyAt: number;
}
interface WriteBurst {
  addr: number;
  beats: number;
  next: number;
}

const MASTER_OUTPUTS = [
  'arvalid',
  'araddr',
  'arlen',
  'arsize',
  'arburst',
  'rready',
  'awvalid',
  'awaddr',
  'awlen',
  'awsize',
  'awburst',
  'wvalid',
  'wdata',
  'wstrb',
  'wlast',
  'bready',
] as const;
type MasterOutput = (typeof MASTER_OUTPUTS)[number];

export class AxiMemoryModel implements ClockedAgent {
  private readonly tsMemory: SparseMemory;
  private readonly native: NativeAgentHandle | undefined;
  /** Every accepted burst, in order. */
  readonly reads: BurstRecord[] = [];
  readonly writes: BurstRecord[] = [];
  private readonly bytes: number;
  private readonly rand: () => number;
  private readonly throughput: number;
  private readonly latency: number;
  private readonly hasRead: boolean;
  private readonly hasWrite: boolean;
  private run: AgentRun | undefined;

  // Protocol state.
  private readonly readQ: ReadBurst[] = [];
  private readonly writeQ: WriteBurst[] = [];
  private readonly pendingW: { data: bigint; strb: bigint; last: boolean }[] = [];
  private responses = 0;
  // What the model drives this cycle (VALIDs stay up until taken).
  private arready = false;
  private awready = false;
  private wready = false;
  private rvalid = false;
  private bvalid = false;
  // The master's outputs this cycle, and its pending payloads (to check they are held).
  private out = {} as Record<MasterOutput, bigint>;
  private heldAr: string | undefined;
  private heldAw: string | undefined;
  private heldW: string | undefined;

  constructor(
    private readonly sim: Simulation,
    readonly opts: AxiMemoryOptions,
    memory = new SparseMemory(),
  ) {
    this.tsMemory = memory;
    this.native = sim.nativeAgent(axiMemoryAgentName(opts.prefix));
    this.bytes = opts.dataBits / 8;
    this.rand = seededRandom(opts.seed ?? 1);
    this.throughput = opts.throughput ?? 1;
    this.latency = opts.readLatency ?? 2;
    this.hasRead = opts.read ?? true;
    this.hasWrite = opts.write ?? true;
    for (const s of ['arready', 'rvalid', 'rlast', 'rdata', 'rresp', 'awready', 'wready', 'bvalid', 'bresp'])
      this.poke(s, 0);
  }

  /** The memory behind the TypeScript model (not available when the model runs natively). */
  get memory(): SparseMemory {
    if (this.native)
      throw new Error(`${this.opts.prefix}: the memory is inside the simulator: use the async accessors`);
    return this.tsMemory;
  }

  /** True when the model runs inside the simulator. */
  get isNative(): boolean {
    return this.native !== undefined;
  }

  /**
   * Starts answering on its own (in a forked process, or inside the simulator when native); use
   * `runAgents` to run the TypeScript model with other agents.
   */
  start(): this {
    if (this.native) {
      // rand() < throughput exactly when the 32-bit draw is below ceil(throughput * 2^32).
      const threshold = this.throughput >= 1 ? 2 ** 32 : Math.max(0, Math.ceil(this.throughput * 2 ** 32));
      this.native.send(AxiMemoryOp.configure, [
        1,
        threshold % 2 ** 32,
        Math.floor(threshold / 2 ** 32),
        (this.opts.seed ?? 1) >>> 0,
        this.latency,
      ]);
    } else this.run = runAgents(this.sim, [this]);
    return this;
  }

  async stop(): Promise<void> {
    if (this.native) this.native.send(AxiMemoryOp.disable, []);
    else await this.run?.stop();
  }

  /** Writes bytes at `addr` (native: queued in order with the simulation's commands). */
  writeBytes(addr: number, bytes: Uint8Array): void {
    if (!this.native) {
      for (let i = 0; i < bytes.length; i++) this.tsMemory.writeByte(addr + i, bytes[i]!);
      return;
    }
    const chunk = 1 << 16;
    for (let at = 0; at < bytes.length; at += chunk) {
      const part = bytes.subarray(at, Math.min(bytes.length, at + chunk));
      const words = new Uint32Array(Math.ceil(part.length / 4));
      new Uint8Array(words.buffer).set(part);
      const a = addr + at;
      this.native.send(AxiMemoryOp.write, [a % 2 ** 32, Math.floor(a / 2 ** 32), part.length, ...words]);
    }
  }

  async readBytes(addr: number, count: number): Promise<Uint8Array> {
    if (!this.native) return Uint8Array.from({ length: count }, (_, i) => this.tsMemory.readByte(addr + i));
    const out = new Uint8Array(count);
    const chunk = 1 << 16;
    for (let at = 0; at < count; at += chunk) {
      const n = Math.min(chunk, count - at);
      const a = addr + at;
      const w = await this.native.call(AxiMemoryOp.read, [a % 2 ** 32, Math.floor(a / 2 ** 32), n], Math.ceil(n / 4));
      out.set(new Uint8Array(w.buffer, 0, n), at);
    }
    return out;
  }

  writeU32(addr: number, values: ArrayLike<number>): void {
    this.writeBytes(addr, new Uint8Array(Uint32Array.from(values as ArrayLike<number>).buffer));
  }

  writeF32(addr: number, values: ArrayLike<number>): void {
    this.writeBytes(addr, new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer));
  }

  async readU32(addr: number, count: number): Promise<Uint32Array> {
    return new Uint32Array((await this.readBytes(addr, 4 * count)).buffer);
  }

  async readF32(addr: number, count: number): Promise<Float32Array> {
    return new Float32Array((await this.readBytes(addr, 4 * count)).buffer);
  }

  private present(s: string): boolean {
    return s.startsWith('ar') || s.startsWith('r') ? this.hasRead : this.hasWrite;
  }
  private poke(s: string, v: number | bigint): void {
    if (this.present(s)) this.sim.poke(`${this.opts.prefix}_${s}`, v);
  }
  private offer(): boolean {
    return this.throughput >= 1 || this.rand() < this.throughput;
  }

  private fail(msg: string): never {
    throw new Error(`${this.opts.prefix} at cycle ${this.sim.cycle}: ${msg}`);
  }

  drive(): void {
    this.arready = this.offer();
    this.awready = this.offer();
    this.wready = this.offer();
    const head = this.readQ[0];
    if (!this.rvalid && head && head.readyAt <= this.sim.cycle && this.offer()) this.rvalid = true;
    if (this.rvalid) {
      this.poke('rdata', this.tsMemory.readWord(head!.addr + head!.next * this.bytes, this.bytes));
      this.poke('rlast', head!.next === head!.beats - 1 ? 1 : 0);
    }
    if (!this.bvalid && this.responses > 0 && this.offer()) this.bvalid = true;
    this.poke('arready', this.arready ? 1 : 0);
    this.poke('awready', this.awready ? 1 : 0);
    this.poke('wready', this.wready ? 1 : 0);
    this.poke('rvalid', this.rvalid ? 1 : 0);
    this.poke('bvalid', this.bvalid ? 1 : 0);
  }

  async sample(): Promise<void> {
    const values = await Promise.all(
      MASTER_OUTPUTS.map((s) => (this.present(s) ? this.sim.peek(`${this.opts.prefix}_${s}`) : Promise.resolve(0n))),
    );
    MASTER_OUTPUTS.forEach((s, i) => {
      this.out[s] = values[i]!;
    });
    const o = this.out;
    if (this.heldAr !== undefined && (o.arvalid !== 1n || this.ar() !== this.heldAr))
      this.fail('ARVALID dropped or AR payload changed before ARREADY');
    if (this.heldAw !== undefined && (o.awvalid !== 1n || this.aw() !== this.heldAw))
      this.fail('AWVALID dropped or AW payload changed before AWREADY');
    if (this.heldW !== undefined && (o.wvalid !== 1n || this.w() !== this.heldW))
      this.fail('WVALID dropped or W payload changed before WREADY');
  }

  private ar(): string {
    const o = this.out;
    return `${o.araddr}/${o.arlen}/${o.arsize}/${o.arburst}`;
  }
  private aw(): string {
    const o = this.out;
    return `${o.awaddr}/${o.awlen}/${o.awsize}/${o.awburst}`;
  }
  private w(): string {
    const o = this.out;
    return `${o.wdata}/${o.wstrb}/${o.wlast}`;
  }

  private checkBurst(kind: 'read' | 'write', addr: number, len: number, size: number, burst: number): void {
    if (burst !== 1) this.fail(`${kind} burst type ${burst}, only INCR (1) is supported`);
    if (1 << size !== this.bytes)
      this.fail(`${kind} burst size ${1 << size} bytes, the bus is ${this.bytes} bytes wide`);
    if (addr % this.bytes !== 0)
      this.fail(`${kind} address 0x${addr.toString(16)} is not aligned to ${this.bytes} bytes`);
    if ((addr % 4096) + (len + 1) * this.bytes > 4096)
      this.fail(`${kind} burst at 0x${addr.toString(16)} of ${len + 1} beats crosses a 4 KB boundary`);
  }

  commit(): void {
    const o = this.out;
    const cycle = this.sim.cycle;
    this.heldAr = o.arvalid === 1n && !this.arready ? this.ar() : undefined;
    this.heldAw = o.awvalid === 1n && !this.awready ? this.aw() : undefined;
    this.heldW = o.wvalid === 1n && !this.wready ? this.w() : undefined;
    if (o.arvalid === 1n && this.arready) {
      const addr = Number(o.araddr);
      const len = Number(o.arlen);
      this.checkBurst('read', addr, len, Number(o.arsize), Number(o.arburst));
      this.readQ.push({ addr, beats: len + 1, next: 0, readyAt: cycle + this.latency });
      this.reads.push({ addr, beats: len + 1, cycle });
    }
    if (this.rvalid && o.rready === 1n) {
      this.rvalid = false;
      const head = this.readQ[0]!;
      if (++head.next === head.beats) this.readQ.shift();
    }
    if (o.awvalid === 1n && this.awready) {
      const addr = Number(o.awaddr);
      const len = Number(o.awlen);
      this.checkBurst('write', addr, len, Number(o.awsize), Number(o.awburst));
      this.writeQ.push({ addr, beats: len + 1, next: 0 });
      this.writes.push({ addr, beats: len + 1, cycle });
    }
    if (o.wvalid === 1n && this.wready) this.pendingW.push({ data: o.wdata, strb: o.wstrb, last: o.wlast === 1n });
    // Write beats meet their bursts in order (data may come before its address, as AXI allows).
    while (this.writeQ.length > 0 && this.pendingW.length > 0) {
      const b = this.writeQ[0]!;
      const beat = this.pendingW.shift()!;
      const isLast = b.next === b.beats - 1;
      if (beat.last !== isLast)
        this.fail(
          `WLAST ${beat.last ? 'set' : 'missing'} on beat ${b.next + 1} of a ${b.beats}-beat write burst at 0x${b.addr.toString(16)}`,
        );
      this.tsMemory.writeWord(b.addr + b.next * this.bytes, this.bytes, beat.data, beat.strb);
      b.next++;
      if (isLast) {
        this.writeQ.shift();
        this.responses++;
      }
    }
    if (this.bvalid && o.bready === 1n) {
      this.bvalid = false;
      this.responses--;
    }
  }
}
