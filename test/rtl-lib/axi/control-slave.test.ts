// The s_axi_control slave alone, driven over AXI4-Lite by the test-bench host: argument registers
// read back with byte strobes, ap_start/ap_done/ap_ready/ap_idle follow ap_ctrl_hs, interrupts.
import assert from 'node:assert/strict';
import { simulate } from '../../../sim/simulate.js';
import type { Simulation } from '../../../sim/simulation.js';
import { AxiLiteControlSlave } from '../../../rtl-lib/axi/control-slave.js';
import { AxiLiteHost } from '../../../rtl-lib/axi/sim/control-host.js';
import { CONTROL_REGS, type KernelSpec } from '../../../rtl-lib/axi/kernel-spec.js';

const spec: KernelSpec = {
  name: 'demo',
  args: [
    { name: 'a', kind: 'scalar', ctype: 'uint' },
    { name: 'p', kind: 'pointer', ctype: 'int*', master: 'gmem' },
  ],
  masters: [{ name: 'gmem', dataBits: 64 }],
};

async function withSlave(body: (sim: Simulation, host: AxiLiteHost) => Promise<void>): Promise<void> {
  const sim = await simulate(new AxiLiteControlSlave(spec), { backend: 'builtin' });
  try {
    const host = new AxiLiteHost(sim, 'axi');
    host.idle();
    for (const s of ['ap_done', 'ap_idle', 'ap_ready']) sim.poke(s, 0);
    sim.poke('ap_idle', 1);
    await sim.reset(2);
    await body(sim, host);
  } finally {
    await sim.close();
  }
}

describe('axi: AXI4-Lite control slave', () => {
  it('argument registers read back, honour byte strobes and drive the argument ports', async () => {
    await withSlave(async (sim, host) => {
      await host.setArgs(spec, { a: 0x12345678, p: 0x0000_0abc_dead_bee0n });
      assert.equal(await host.read(0x10), 0x12345678);
      assert.equal(await host.read(0x18), 0xdeadbee0);
      assert.equal(await host.read(0x1c), 0xabc);
      await host.write(0x10, 0xffffffff, 0b0100); // byte 2 only
      assert.equal((await host.read(0x10)) >>> 0, 0x12ff5678);
      assert.equal(await sim.peek('arg_a'), 0x12ff5678n);
      assert.equal(await sim.peek('arg_p'), 0x0abcdeadbee0n);
      assert.equal(await host.read(0x100), 0, 'unmapped addresses read as zero');
    });
  });

  it('ap_start holds until ap_ready; ap_done is sticky and clears on read; ap_idle mirrors the kernel', async () => {
    await withSlave(async (sim, host) => {
      assert.equal(await host.read(CONTROL_REGS.ctrl), 0b0100, 'idle after reset');
      await host.write(CONTROL_REGS.ctrl, 1);
      assert.equal(await sim.peek('ap_start'), 1n);
      sim.poke('ap_idle', 0);
      await sim.step(5);
      assert.equal(await sim.peek('ap_start'), 1n, 'held while the kernel runs');
      assert.equal(await host.read(CONTROL_REGS.ctrl), 0b0001);
      sim.poke('ap_done', 1);
      sim.poke('ap_ready', 1);
      sim.poke('ap_idle', 1);
      await sim.step(1);
      sim.poke('ap_done', 0);
      sim.poke('ap_ready', 0);
      await sim.step(1);
      assert.equal(await sim.peek('ap_start'), 0n, 'cleared by ap_ready');
      assert.equal(await host.read(CONTROL_REGS.ctrl), 0b1110, 'done, idle and ready');
      assert.equal(await host.read(CONTROL_REGS.ctrl), 0b0100, 'done and ready cleared by the previous read');
    });
  });

  it('auto_restart keeps ap_start set across ap_ready', async () => {
    await withSlave(async (sim, host) => {
      await host.write(CONTROL_REGS.ctrl, 0x81);
      sim.poke('ap_ready', 1);
      await sim.step(1);
      sim.poke('ap_ready', 0);
      await sim.step(1);
      assert.equal(await sim.peek('ap_start'), 1n);
      assert.equal((await host.read(CONTROL_REGS.ctrl)) & 0x81, 0x81);
    });
  });

  it('interrupt = GIE and an enabled ISR bit; writing 1 to ISR toggles it off', async () => {
    await withSlave(async (sim, host) => {
      const pulseDone = async () => {
        sim.poke('ap_done', 1);
        await sim.step(1);
        sim.poke('ap_done', 0);
        await sim.step(1);
      };
      await pulseDone();
      assert.equal(await host.read(CONTROL_REGS.isr), 0, 'IER off: no status');
      await host.write(CONTROL_REGS.ier, 1);
      await pulseDone();
      assert.equal(await host.read(CONTROL_REGS.isr), 1);
      assert.equal(await sim.peek('interrupt'), 0n, 'GIE off');
      await host.write(CONTROL_REGS.gie, 1);
      assert.equal(await sim.peek('interrupt'), 1n);
      await host.write(CONTROL_REGS.isr, 1);
      assert.equal(await host.read(CONTROL_REGS.isr), 0);
      assert.equal(await sim.peek('interrupt'), 0n);
      assert.equal(await host.read(CONTROL_REGS.ier), 1);
      assert.equal(await host.read(CONTROL_REGS.gie), 1);
    });
  });
});
