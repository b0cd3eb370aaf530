// The AXI memory model and the AXI4-Lite host compiled into the Verilator harness (native agents)
// against their TypeScript models: the same kernel run with the same seeded stalls gives the same
// bits, the same cycle counts and the same polls; a protocol violation stops the simulator with the
// model's own message.
import assert from 'node:assert/strict';
import { Fp32Axpy, fp32AxpySpec } from '../../../designs/kernels/fp32-axpy.js';
import { Bool, Module, UInt } from '../../../dsl/index.js';
import { CONTROL_REGS } from '../../../rtl-lib/axi/kernel-spec.js';
import { AxiLiteHost } from '../../../rtl-lib/axi/sim/control-host.js';
import { AxiMemoryModel } from '../../../rtl-lib/axi/sim/memory-model.js';
import { nativeAxiLiteHost } from '../../../rtl-lib/axi/sim/native-axi-lite-host.js';
import { nativeAxiMemory } from '../../../rtl-lib/axi/sim/native-axi-memory.js';
import { seededRandom } from '../../../rtl-lib/axi/sim/prng.js';
import type { BackendName } from '../../../sim/backend.js';
import { simulate } from '../../../sim/simulate.js';
import { requireTool } from '../../support/tools.js';

const f32Bits = (v: number): number => new Uint32Array(new Float32Array([v]).buffer)[0]!;

interface Trace {
  native: boolean;
  runs: { cycles: number; polls: number; y: number[] }[];
  ctrlAfter: number;
  isr: number;
  cycle: number;
}

/** Two AXPY runs (the second with n not a multiple of the chunk), then register reads and writes. */
async function axpyTrace(backend: BackendName): Promise<Trace> {
  const sim = await simulate(new Fp32Axpy({ chunk: 16, maxBeats: 8, macStages: 2 }), {
    backend,
    reset: 'ap_rst_n',
    internals: false,
    agents: [nativeAxiMemory('m_axi_gmem', 32), nativeAxiLiteHost()],
  });
  try {
    const mem = new AxiMemoryModel(sim, {
      prefix: 'm_axi_gmem',
      dataBits: 32,
      throughput: 0.6,
      seed: 11,
      readLatency: 3,
    });
    const host = new AxiLiteHost(sim);
    host.idle();
    mem.start();
    await sim.reset(3, true);
    const rnd = seededRandom(5);
    const runs: Trace['runs'] = [];
    for (const [n, x, y] of [
      [40, 0x0fe8, 0x3_0ff0],
      [23, 0x8000, 0x9000],
    ] as const) {
      mem.writeF32(
        x,
        Array.from({ length: n }, () => rnd() - 0.5),
      );
      mem.writeF32(
        y,
        Array.from({ length: n }, () => rnd() * 4),
      );
      const r = await host.run(fp32AxpySpec, { n, alpha: f32Bits(-1.25), x, y });
      runs.push({ ...r, y: Array.from(await mem.readU32(y, n + 1)) });
    }
    await host.write(CONTROL_REGS.gie, 1);
    await host.write(CONTROL_REGS.ier, 1);
    const ctrlAfter = await host.read(CONTROL_REGS.ctrl);
    const isr = await host.read(CONTROL_REGS.isr);
    await mem.stop();
    return { native: mem.isNative && host.isNative, runs, ctrlAfter, isr, cycle: sim.cycle };
  } finally {
    await sim.close();
  }
}

/** Drives an unaligned read burst: the memory model must refuse it. */
class UnalignedReader extends Module {
  arvalid = this.output(Bool(), 'm_axi_bad_arvalid');
  araddr = this.output(UInt(64), 'm_axi_bad_araddr');
  arlen = this.output(UInt(8), 'm_axi_bad_arlen');
  arsize = this.output(UInt(3), 'm_axi_bad_arsize');
  arburst = this.output(UInt(2), 'm_axi_bad_arburst');
  rready = this.output(Bool(), 'm_axi_bad_rready');
  arready = this.input(Bool(), 'm_axi_bad_arready');
  rvalid = this.input(Bool(), 'm_axi_bad_rvalid');
  rdata = this.input(UInt(32), 'm_axi_bad_rdata');
  rlast = this.input(Bool(), 'm_axi_bad_rlast');
  rresp = this.input(UInt(2), 'm_axi_bad_rresp');
  constructor() {
    super();
    const started = this.reg(Bool(), { init: 0 });
    started.set(true);
    this.arvalid.set(started);
    this.araddr.set(0x1003);
    this.arlen.set(0);
    this.arsize.set(2);
    this.arburst.set(1);
    this.rready.set(true);
  }
}

describe('rtl-lib/axi/sim: native agents in the Verilator harness', function () {
  this.timeout(600_000);

  it('the FP32 AXPY kernel runs with the same bits, cycles and polls as with the TypeScript models', async function () {
    await requireTool(this, 'verilator');
    const ts = await axpyTrace('builtin');
    const native = await axpyTrace('verilator');
    assert.equal(ts.native, false);
    assert.equal(native.native, true, 'the Verilator model runs both agents natively');
    assert.deepEqual(native, { ...ts, native: true });
    // The results themselves are right (y = round(round(alpha * x) + y)) and the word after y untouched.
    assert.equal(ts.runs[0]!.y.length, 41);
    assert.ok(ts.runs.every((r) => r.cycles > 0 && r.polls > 1));
    assert.equal(ts.ctrlAfter & 0b110, 0b100, 'idle, done already cleared by the poll');
  });

  it('a protocol violation stops the simulator with the memory model’s message and cycle', async function () {
    await requireTool(this, 'verilator');
    const sim = await simulate(new UnalignedReader(), {
      backend: 'verilator',
      internals: false,
      agents: [nativeAxiMemory('m_axi_bad', 32)],
    });
    const mem = new AxiMemoryModel(sim, { prefix: 'm_axi_bad', dataBits: 32, write: false });
    mem.start();
    await sim.step(5);
    await assert.rejects(
      sim.flush(),
      /exited \(3\):\s*m_axi_bad at cycle 2: read address 0x1003 is not aligned to 4 bytes/,
    );
    await sim.close().catch(() => undefined);
  });
});
