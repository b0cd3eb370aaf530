// The FP32 AXPY kernel driven only through its AXI interfaces, as a host would: arguments over
// s_axi_control, ap_start, poll ap_done; x and y live in an AXI memory model with random stalls.
// Results are bit-exact against round(round(alpha*x) + y) in the same order.
import assert from 'node:assert/strict';
import { simulate } from '../../../sim/simulate.js';
import type { Simulation } from '../../../sim/simulation.js';
import type { BackendName } from '../../../sim/backend.js';
import { Fp32Axpy, fp32AxpySpec } from '../../../designs/kernels/fp32-axpy.js';
import { AxiMemoryModel } from '../../../rtl-lib/axi/sim/memory-model.js';
import { AxiLiteHost, type RunResult } from '../../../rtl-lib/axi/sim/control-host.js';
import { seededRandom } from '../../../rtl-lib/axi/sim/prng.js';
import { CONTROL_REGS } from '../../../rtl-lib/axi/kernel-spec.js';
import { requireTool } from '../../support/tools.js';

const f32Bits = (v: number): number => new Uint32Array(new Float32Array([v]).buffer)[0]!;
const bitsOf = (vs: number[]): number[] => Array.from(new Uint32Array(new Float32Array(vs).buffer));

/** Operands with mixed signs and magnitudes, exact cancellations, zeros and subnormal results. */
function operands(n: number, seed: number, alpha: number): { x: number[]; y: number[] } {
  const r = seededRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = Math.fround((r() - 0.5) * 2 ** Math.floor(r() * 40 - 20));
    let yi = Math.fround((r() - 0.5) * 2 ** Math.floor(r() * 40 - 20));
    if (i % 11 === 3) yi = -Math.fround(alpha * xi); // exact cancellation: +0
    if (i % 13 === 5) yi = 0;
    x.push(i % 17 === 7 ? Math.fround(3e-39) : xi); // subnormal x
    y.push(yi);
  }
  return { x, y };
}

interface Bench {
  sim: Simulation;
  mem: AxiMemoryModel;
  host: AxiLiteHost;
}

async function bench(backend: BackendName): Promise<Bench> {
  const sim = await simulate(new Fp32Axpy({ chunk: 16, maxBeats: 8, macStages: 2 }), { backend, reset: 'ap_rst_n' });
  const mem = new AxiMemoryModel(sim, { prefix: 'm_axi_gmem', dataBits: 32, throughput: 0.6, seed: 11 });
  const host = new AxiLiteHost(sim);
  host.idle();
  mem.start();
  await sim.reset(3, true);
  return { sim, mem, host };
}

/** Loads x and y (with guard words around y), runs the kernel over AXI and checks every bit. */
async function axpy(
  b: Bench,
  n: number,
  alpha: number,
  xAddr: number,
  yAddr: number,
  seed: number,
): Promise<RunResult> {
  const { x, y } = operands(n, seed, alpha);
  b.mem.memory.writeF32(xAddr, x);
  b.mem.memory.writeF32(yAddr, y);
  b.mem.memory.writeU32(yAddr - 4, [0xdeadbeef]);
  b.mem.memory.writeU32(yAddr + 4 * n, [0xfeedface]);
  const writesBefore = b.mem.writes.length;
  const r = await b.host.run(fp32AxpySpec, { n, alpha: f32Bits(alpha), x: xAddr, y: yAddr });
  const want = bitsOf(x.map((xi, i) => Math.fround(Math.fround(alpha * xi) + y[i]!)));
  const got = b.mem.memory.readU32(yAddr, n);
  for (let i = 0; i < n; i++)
    assert.equal(got[i]!.toString(16), want[i]!.toString(16), `y[${i}] for x=${x[i]}, y=${y[i]}`);
  assert.deepEqual(b.mem.memory.readU32(yAddr - 4, 1), [0xdeadbeef], 'word before y untouched');
  assert.deepEqual(b.mem.memory.readU32(yAddr + 4 * n, 1), [0xfeedface], 'word after y untouched');
  assert.equal(
    b.mem.writes.slice(writesBefore).reduce((s, w) => s + w.beats, 0),
    n,
    'each y element written once',
  );
  return r;
}

async function close(b: Bench): Promise<void> {
  await b.mem.stop();
  await b.sim.close();
}

describe('kernels: fp32_axpy over AXI', () => {
  it('n = 64, x across a 4 KB boundary, y above 4 GB: bit-exact, legal bursts, split at 4 KB', async () => {
    const b = await bench('builtin');
    try {
      const xAddr = 0x0fe8;
      const yAddr = 0x1_0000_0ff0;
      const r = await axpy(b, 64, Math.fround(-1.37), xAddr, yAddr, 1);
      // x: 16-element passes in 8-beat bursts; the pass over 0xfe8.. must split at 0x1000.
      const xReads = b.mem.reads.filter((rd) => rd.addr < 0x2000);
      assert.ok(
        xReads.some((rd) => rd.addr + 4 * rd.beats === 0x1000 && rd.beats < 8),
        'a read burst ends at the 4 KB boundary',
      );
      assert.equal(
        xReads.reduce((s, rd) => s + rd.beats, 0),
        64,
      );
      assert.ok(
        b.mem.writes.some((w) => w.addr + 4 * w.beats === 0x1_0000_1000 && w.beats < 8),
        'a write burst ends at the 4 KB boundary',
      );
      assert.ok(r.cycles > 3 * 64 && r.cycles < 20 * 64, `${r.cycles} cycles`);
      assert.equal((await b.host.read(CONTROL_REGS.ctrl)) & 0b110, 0b100, 'idle, done already cleared by the poll');
    } finally {
      await close(b);
    }
  });

  it('runs again without reset: n = 37 (a partial pass), n = 0, and the ap_done interrupt', async () => {
    const b = await bench('builtin');
    try {
      await axpy(b, 37, Math.fround(0.75), 0x4000, 0x8000, 2);
      await b.host.write(CONTROL_REGS.gie, 1);
      await b.host.write(CONTROL_REGS.ier, 1);
      assert.equal(await b.sim.peek('interrupt'), 0n);
      const writes = b.mem.writes.length;
      const r = await axpy(b, 0, Math.fround(2), 0x4000, 0x8000, 3);
      assert.equal(b.mem.writes.length, writes, 'n = 0 touches no memory');
      assert.ok(r.polls <= 2, `n = 0 finishes at once (${r.polls} polls)`);
      assert.equal(await b.sim.peek('interrupt'), 1n, 'ap_done raised the interrupt');
      await b.host.write(CONTROL_REGS.isr, 1);
      assert.equal(await b.sim.peek('interrupt'), 0n, 'cleared by toggling ISR');
      await axpy(b, 50, Math.fround(-3.5e-3), 0x2_0000, 0x2_0ffc, 4);
    } finally {
      await close(b);
    }
  });

  /** The same run on `backend` and on the built-in simulator: bit-exact (checked inside axpy), same cycles. */
  async function sameAsBuiltin(backend: 'icarus' | 'verilator'): Promise<void> {
    const cycles: number[] = [];
    for (const be of ['builtin', backend] as const) {
      const b = await bench(be);
      try {
        cycles.push((await axpy(b, 64, Math.fround(1.0625), 0x0fe8, 0x3_0000, 5)).cycles);
      } finally {
        await close(b);
      }
    }
    assert.equal(cycles[1], cycles[0]);
  }

  it('Icarus: the emitted Verilog gives the same bits and the same cycle count as the built-in simulator', async function () {
    await requireTool(this, 'iverilog');
    await sameAsBuiltin('icarus');
  });

  it('Verilator: the kernel with its `interrupt` port (a C++ word) simulates with the same bits and cycles', async function () {
    await requireTool(this, 'verilator');
    await sameAsBuiltin('verilator');
  });
});
