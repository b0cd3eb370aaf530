// The host side of a Vitis kernel in a test bench: AXI4-Lite reads and writes on s_axi_control
// (one transaction at a time, like XRT's register access), and the ap_ctrl_hs sequence: write the
// arguments, set ap_start, poll CTRL until ap_done. Uses only the public simulation API. When the
// simulator was built with the native host (native-axi-lite-host.ts, `agents` of simulate()), the same
// transactions run inside the simulator, cycle for cycle, and the testbench waits with runUntil.
import type { NativeAgentHandle } from '../../../sim/agents.js';
import type { Simulation } from '../../../sim/simulation.js';
import { CONTROL_REGS, registerMap, type KernelSpec } from '../kernel-spec.js';
import { AxiLiteHostOp, axiLiteHostAgentName } from './native-axi-lite-host.js';

export type ArgValue = number | bigint;

export interface RunResult {
  /** Cycles from the write of ap_start to the poll that saw ap_done. */
  cycles: number;
  /** CTRL polls until ap_done. */
  polls: number;
}

/** Per finished native operation: data or BRESP, reads made, ok, first cycle, cycle after the last edge. */
const RESULT_WORDS = 5;

export class AxiLiteHost {
  private readonly native: NativeAgentHandle | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly prefix = 's_axi_control',
  ) {
    this.native = sim.nativeAgent(axiLiteHostAgentName(prefix));
  }

  /** True when the transactions run inside the simulator. */
  get isNative(): boolean {
    return this.native !== undefined;
  }

  /** Native: runs the queued operations to the end and returns their results. */
  private async finishNative(ops: number, what: string, expectCycles?: number): Promise<Uint32Array[]> {
    await this.sim.runUntil(
      { agentsIdle: true },
      { what: `${this.prefix}: ${what}`, ...(expectCycles ? { expectCycles } : {}) },
    );
    const words = await this.native!.call(AxiLiteHostOp.take, [ops * RESULT_WORDS], ops * RESULT_WORDS);
    return Array.from({ length: ops }, (_, i) => words.subarray(i * RESULT_WORDS, (i + 1) * RESULT_WORDS));
  }

  private queueWrite(addr: number, value: number, strobe = 0xf): void {
    this.native!.send(AxiLiteHostOp.write, [addr, value >>> 0, strobe]);
  }

  private checkWrite(r: Uint32Array, addr: number): void {
    if (r[2] !== 1) throw new Error(`write to 0x${addr.toString(16)} answered BRESP ${r[0]}`);
  }

  private n(sig: string): string {
    return `${this.prefix}_${sig}`;
  }

  /** Drives every host-side input low (call before reset). */
  idle(): void {
    for (const s of ['awvalid', 'wvalid', 'bready', 'arvalid', 'rready', 'awaddr', 'wdata', 'wstrb', 'araddr'])
      this.sim.poke(this.n(s), 0);
  }

  /** Waits edge by edge until `signal` was high at an edge (sampled just before it); at most `max` edges. */
  private async handshake(signal: string, max = 10_000): Promise<void> {
    for (let i = 0; i < max; i++) {
      const ready = await this.sim.peek(this.n(signal));
      await this.sim.step(1);
      if (ready === 1n) return;
    }
    throw new Error(`${this.n(signal)} not seen within ${max} cycles`);
  }

  /** One AXI4-Lite write: address and data offered together, then the response. */
  async write(addr: number, value: number, strobe = 0xf): Promise<void> {
    if (this.native) {
      this.queueWrite(addr, value, strobe);
      this.checkWrite((await this.finishNative(1, `write 0x${addr.toString(16)}`))[0]!, addr);
      return;
    }
    const sim = this.sim;
    sim.poke(this.n('awaddr'), addr);
    sim.poke(this.n('awvalid'), 1);
    sim.poke(this.n('wdata'), value >>> 0);
    sim.poke(this.n('wstrb'), strobe);
    sim.poke(this.n('wvalid'), 1);
    let aw = false;
    let w = false;
    while (!aw || !w) {
      const [awready, wready] = await Promise.all([sim.peek(this.n('awready')), sim.peek(this.n('wready'))]);
      await sim.step(1);
      if (!aw && awready === 1n) {
        aw = true;
        sim.poke(this.n('awvalid'), 0);
      }
      if (!w && wready === 1n) {
        w = true;
        sim.poke(this.n('wvalid'), 0);
      }
    }
    sim.poke(this.n('bready'), 1);
    const resp = await this.waitValid('bvalid', 'bresp');
    sim.poke(this.n('bready'), 0);
    if (resp !== 0n) throw new Error(`write to 0x${addr.toString(16)} answered BRESP ${resp}`);
  }

  /** One AXI4-Lite read. */
  async read(addr: number): Promise<number> {
    if (this.native) {
      this.native.send(AxiLiteHostOp.read, [addr]);
      return (await this.finishNative(1, `read 0x${addr.toString(16)}`))[0]![0]!;
    }
    const sim = this.sim;
    sim.poke(this.n('araddr'), addr);
    sim.poke(this.n('arvalid'), 1);
    await this.handshake('arready');
    sim.poke(this.n('arvalid'), 0);
    sim.poke(this.n('rready'), 1);
    const data = await this.waitValid('rvalid', 'rdata');
    sim.poke(this.n('rready'), 0);
    return Number(data);
  }

  /** With READY high: waits for VALID at an edge and returns `payload` as it was at that edge. */
  private async waitValid(valid: string, payload: string, max = 10_000): Promise<bigint> {
    for (let i = 0; i < max; i++) {
      const [v, p] = await Promise.all([this.sim.peek(this.n(valid)), this.sim.peek(this.n(payload))]);
      await this.sim.step(1);
      if (v === 1n) return p;
    }
    throw new Error(`${this.n(valid)} not seen within ${max} cycles`);
  }

  /** The register writes of the arguments (pointers as low then high word), in order. */
  private argWrites(spec: KernelSpec, values: Record<string, ArgValue>): [number, number][] {
    const out: [number, number][] = [];
    for (const r of registerMap(spec)) {
      const v = values[r.arg.name];
      if (v === undefined) throw new Error(`no value for argument '${r.arg.name}' of ${spec.name}`);
      const big = BigInt(v);
      out.push([r.offset, Number(big & 0xffffffffn)]);
      if (r.bytes === 8) out.push([r.offset + 4, Number((big >> 32n) & 0xffffffffn)]);
    }
    return out;
  }

  /** Writes every argument at the offsets of the register map. */
  async setArgs(spec: KernelSpec, values: Record<string, ArgValue>): Promise<void> {
    for (const [addr, v] of this.argWrites(spec, values)) await this.write(addr, v);
  }

  /** Native: arguments, ap_start and the CTRL polls queued at once and run in one go. */
  private async runNative(writes: [number, number][], maxPolls: number, expectCycles?: number): Promise<RunResult> {
    for (const [addr, v] of writes) this.queueWrite(addr, v);
    this.queueWrite(CONTROL_REGS.ctrl, 1);
    this.native!.send(AxiLiteHostOp.poll, [CONTROL_REGS.ctrl, 0b10, maxPolls]);
    const res = await this.finishNative(writes.length + 2, 'kernel run until ap_done', expectCycles);
    res.slice(0, -1).forEach((r, i) => this.checkWrite(r, writes[i]?.[0] ?? CONTROL_REGS.ctrl));
    const poll = res.at(-1)!;
    if (poll[2] !== 1) throw new Error(`ap_done not seen after ${maxPolls} polls of CTRL`);
    const started = res.at(-2)![3]!;
    return { cycles: (poll[4]! - started) >>> 0, polls: poll[1]! };
  }

  /** Sets ap_start and polls CTRL until ap_done (the read clears it, as XRT's polling does). */
  async start(maxPolls = 1_000_000, expectCycles?: number): Promise<RunResult> {
    if (this.native) return this.runNative([], maxPolls, expectCycles);
    const t0 = this.sim.cycle;
    await this.write(CONTROL_REGS.ctrl, 1);
    for (let polls = 1; polls <= maxPolls; polls++) {
      const ctrl = await this.read(CONTROL_REGS.ctrl);
      if (ctrl & 0b10) return { cycles: this.sim.cycle - t0, polls };
    }
    throw new Error(`ap_done not seen after ${maxPolls} polls of CTRL`);
  }

  /**
   * setArgs + start: what xrt::kernel's `run = kernel(args...); run.wait()` does. `expectCycles` (a
   * cycle model's estimate) only feeds the status line of a long native run.
   */
  async run(spec: KernelSpec, values: Record<string, ArgValue>, expectCycles?: number): Promise<RunResult> {
    if (this.native) return this.runNative(this.argWrites(spec, values), 1_000_000, expectCycles);
    await this.setArgs(spec, values);
    return this.start(1_000_000, expectCycles);
  }
}
