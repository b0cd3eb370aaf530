// The host side of a Vitis kernel in a test bench: AXI4-Lite reads and writes on s_axi_control
// (one transaction at a time, like XRT's register access), and the ap_ctrl_hs sequence: write the
// arguments, set ap_start, poll CTRL until ap_done. Uses only the public simulation API.
import type { Simulation } from '../../../sim/simulation.js';
import { CONTROL_REGS, registerMap, type KernelSpec } from '../kernel-spec.js';

export type ArgValue = number | bigint;

export interface RunResult {
  /** Cycles from the write of ap_start to the poll that saw ap_done. */
  cycles: number;
  /** CTRL polls until ap_done. */
  polls: number;
}

export class AxiLiteHost {
  constructor(
    private readonly sim: Simulation,
    private readonly prefix = 's_axi_control',
  ) {}

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

  /** Writes every argument (pointers as low then high word) at the offsets of the register map. */
  async setArgs(spec: KernelSpec, values: Record<string, ArgValue>): Promise<void> {
    for (const r of registerMap(spec)) {
      const v = values[r.arg.name];
      if (v === undefined) throw new Error(`no value for argument '${r.arg.name}' of ${spec.name}`);
      const big = BigInt(v);
      await this.write(r.offset, Number(big & 0xffffffffn));
      if (r.bytes === 8) await this.write(r.offset + 4, Number((big >> 32n) & 0xffffffffn));
    }
  }

  /** Sets ap_start and polls CTRL until ap_done (the read clears it, as XRT's polling does). */
  async start(maxPolls = 1_000_000): Promise<RunResult> {
    const t0 = this.sim.cycle;
    await this.write(CONTROL_REGS.ctrl, 1);
    for (let polls = 1; polls <= maxPolls; polls++) {
      const ctrl = await this.read(CONTROL_REGS.ctrl);
      if (ctrl & 0b10) return { cycles: this.sim.cycle - t0, polls };
    }
    throw new Error(`ap_done not seen after ${maxPolls} polls of CTRL`);
  }

  /** setArgs + start: what xrt::kernel's `run = kernel(args...); run.wait()` does. */
  async run(spec: KernelSpec, values: Record<string, ArgValue>): Promise<RunResult> {
    await this.setArgs(spec, values);
    return this.start();
  }
}
