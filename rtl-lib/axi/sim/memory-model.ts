// An AXI4 slave for test benches: answers a kernel's m_axi_<name> port from a SparseMemory, as a
// process forked on the simulation that runs every clock cycle. It checks the master's side of the
// protocol (INCR bursts of the full bus width, aligned, not crossing 4 KB, WLAST on the last beat,
// VALID held with stable payload until READY) and can stall any channel at random (seeded).
//
// Cycle discipline: after each edge the model samples the kernel's outputs, drives its own inputs
// for the next edge, and after that edge counts a transfer where VALID and READY were both high.
// This needs the kernel's AXI outputs to depend on its registers only, not combinationally on the
// same cycle's AXI inputs (true of rtl-lib/axi's masters).
import type { Simulation } from '../../../sim/simulation.js';
import { SparseMemory } from './sparse-memory.js';
import { seededRandom } from './prng.js';

export interface AxiMemoryOptions {
  /** Port prefix, e.g. 'm_axi_gmem'. */
  prefix: string;
  dataBits: number;
  /** Probability that a ready/valid the model drives is offered in a given cycle (1 = never stall). */
  throughput?: number;
  /** Cycles from an accepted read address to its first data beat. */
  readLatency?: number;
  seed?: number;
}

export interface BurstRecord { addr: number; beats: number; cycle: number }

interface ReadBurst { addr: number; beats: number; next: number; readyAt: number }
interface WriteBurst { addr: number; beats: number; next: number }

export class AxiMemoryModel {
  readonly memory: SparseMemory;
  readonly reads: BurstRecord[] = [];
  readonly writes: BurstRecord[] = [];
  private readonly bytes: number;
  private readonly rand: () => number;
  private readonly throughput: number;
  private readonly latency: number;
  private stopped = false;
  private proc: Promise<void> | undefined;

  constructor(private readonly sim: Simulation, readonly opts: AxiMemoryOptions, memory = new SparseMemory()) {
    this.memory = memory;
    this.bytes = opts.dataBits / 8;
    this.rand = seededRandom(opts.seed ?? 1);
    this.throughput = opts.throughput ?? 1;
    this.latency = opts.readLatency ?? 2;
  }

  private n(sig: string): string { return `${this.opts.prefix}_${sig}`; }

  /** Starts answering (forks the process). */
  start(): this {
    this.proc = this.sim.fork(() => this.run());
    return this;
  }

  /** Stops at the next cycle and waits for the process to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.proc;
  }

  private offer(): boolean { return this.throughput >= 1 || this.rand() < this.throughput; }

  private fail(msg: string): never {
    throw new Error(`${this.opts.prefix} at cycle ${this.sim.cycle}: ${msg}`);
  }

  private checkBurst(kind: 'read' | 'write', addr: number, len: number, size: number, burst: number): void {
    if (burst !== 1) this.fail(`${kind} burst type ${burst}, only INCR (1) is supported`);
    if (1 << size !== this.bytes) this.fail(`${kind} burst size ${1 << size} bytes, the bus is ${this.bytes} bytes wide`);
    if (addr % this.bytes !== 0) this.fail(`${kind} address 0x${addr.toString(16)} is not aligned to ${this.bytes} bytes`);
    if ((addr % 4096) + (len + 1) * this.bytes > 4096) this.fail(`${kind} burst at 0x${addr.toString(16)} of ${len + 1} beats crosses a 4 KB boundary`);
  }

  private async run(): Promise<void> {
    const sim = this.sim;
    const readQ: ReadBurst[] = [];
    const writeQ: WriteBurst[] = [];
    const pendingW: { data: bigint; strb: bigint; last: boolean }[] = [];
    let responses = 0;
    // Driven values (hold VALID until taken).
    let rvalid = false; let bvalid = false;
    // The master's pending VALIDs with payloads, to check they stay stable until taken.
    let heldAr: string | undefined; let heldAw: string | undefined; let heldW: string | undefined;
    const peek = async (s: string) => sim.peek(this.n(s));
    for (const s of ['arready', 'rvalid', 'rlast', 'awready', 'wready', 'bvalid']) sim.poke(this.n(s), 0);
    sim.poke(this.n('rdata'), 0); sim.poke(this.n('rresp'), 0); sim.poke(this.n('bresp'), 0);

    while (!this.stopped) {
      const [arvalid, araddr, arlen, arsize, arburst, rready, awvalid, awaddr, awlen, awsize, awburst, wvalid, wdata, wstrb, wlast, bready] =
        await Promise.all(['arvalid', 'araddr', 'arlen', 'arsize', 'arburst', 'rready', 'awvalid', 'awaddr', 'awlen', 'awsize', 'awburst', 'wvalid', 'wdata', 'wstrb', 'wlast', 'bready'].map(peek)) as bigint[];
      const ar = `${araddr}/${arlen}/${arsize}/${arburst}`;
      const aw = `${awaddr}/${awlen}/${awsize}/${awburst}`;
      const w = `${wdata}/${wstrb}/${wlast}`;
      if (heldAr !== undefined && (arvalid !== 1n || ar !== heldAr)) this.fail('ARVALID dropped or AR payload changed before ARREADY');
      if (heldAw !== undefined && (awvalid !== 1n || aw !== heldAw)) this.fail('AWVALID dropped or AW payload changed before AWREADY');
      if (heldW !== undefined && (wvalid !== 1n || w !== heldW)) this.fail('WVALID dropped or W payload changed before WREADY');

      // Drive the slave side for the coming edge.
      const arready = this.offer();
      const awready = this.offer();
      const wready = this.offer();
      const head = readQ[0];
      if (!rvalid && head && head.readyAt <= sim.cycle && this.offer()) rvalid = true;
      if (rvalid) {
        sim.poke(this.n('rdata'), this.memory.readWord(head!.addr + head!.next * this.bytes, this.bytes));
        sim.poke(this.n('rlast'), head!.next === head!.beats - 1 ? 1 : 0);
      }
      if (!bvalid && responses > 0 && this.offer()) bvalid = true;
      sim.poke(this.n('arready'), arready ? 1 : 0);
      sim.poke(this.n('awready'), awready ? 1 : 0);
      sim.poke(this.n('wready'), wready ? 1 : 0);
      sim.poke(this.n('rvalid'), rvalid ? 1 : 0);
      sim.poke(this.n('bvalid'), bvalid ? 1 : 0);
      await sim.step(1);

      // Transfers at that edge.
      heldAr = arvalid === 1n && !arready ? ar : undefined;
      heldAw = awvalid === 1n && !awready ? aw : undefined;
      heldW = wvalid === 1n && !wready ? w : undefined;
      if (arvalid === 1n && arready) {
        const addr = Number(araddr); const len = Number(arlen);
        this.checkBurst('read', addr, len, Number(arsize), Number(arburst));
        readQ.push({ addr, beats: len + 1, next: 0, readyAt: sim.cycle + this.latency });
        this.reads.push({ addr, beats: len + 1, cycle: sim.cycle });
      }
      if (rvalid && rready === 1n) {
        rvalid = false;
        head!.next++;
        if (head!.next === head!.beats) readQ.shift();
      }
      if (awvalid === 1n && awready) {
        const addr = Number(awaddr); const len = Number(awlen);
        this.checkBurst('write', addr, len, Number(awsize), Number(awburst));
        writeQ.push({ addr, beats: len + 1, next: 0 });
        this.writes.push({ addr, beats: len + 1, cycle: sim.cycle });
      }
      if (wvalid === 1n && wready) pendingW.push({ data: wdata!, strb: wstrb!, last: wlast === 1n });
      // Apply write beats to their bursts (data may come before its address, as AXI allows).
      while (writeQ.length > 0 && pendingW.length > 0) {
        const b = writeQ[0]!;
        const beat = pendingW.shift()!;
        const isLast = b.next === b.beats - 1;
        if (beat.last !== isLast) this.fail(`WLAST ${beat.last ? 'set' : 'missing'} on beat ${b.next + 1} of a ${b.beats}-beat write burst at 0x${b.addr.toString(16)}`);
        this.memory.writeWord(b.addr + b.next * this.bytes, this.bytes, beat.data, beat.strb);
        b.next++;
        if (isLast) { writeQ.shift(); responses++; }
      }
      if (bvalid && bready === 1n) { bvalid = false; responses--; }
    }
  }
}
