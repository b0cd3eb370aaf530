// The AXI4 read and write masters alone against the memory model, with random back-pressure on both
// sides: random commands (address, length) at 32-, 64- and 512-bit data widths come back in order, every
// burst is legal (the model checks INCR, size, alignment, 4 KB, WLAST, stable VALID), and the
// bursts tile the command exactly.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { simulate } from '../../../sim/simulate.js';
import type { Simulation } from '../../../sim/simulation.js';
import { AxiReadMaster } from '../../../rtl-lib/axi/read-master.js';
import { AxiWriteMaster } from '../../../rtl-lib/axi/write-master.js';
import { AxiMemoryModel, type BurstRecord } from '../../../rtl-lib/axi/sim/memory-model.js';
import { runAgents, type ClockedAgent } from '../../../rtl-lib/axi/sim/clocked-agents.js';
import { Module, Bool, UInt } from '../../../dsl/index.js';
import { AxiReadChannels } from '../../../rtl-lib/axi/axi-bundles.js';

interface Cmd {
  addr: number;
  beats: number;
}

const cmdArb = (bytes: number) =>
  fc.record({
    // Half of the commands start within a few beats of a 4 KB boundary.
    addr: fc
      .oneof(
        fc.integer({ min: 0, max: (3 * 4096) / bytes }),
        fc.integer({ min: 4096 / bytes - 20, max: 4096 / bytes + 2 }),
      )
      .map((w) => 0x10000 + w * bytes),
    beats: fc.integer({ min: 1, max: 70 }),
  });

/** Bursts cover [addr, addr + beats*bytes) in order, without gaps or overlap. */
function assertTiles(bursts: BurstRecord[], cmd: Cmd, bytes: number, maxBeats: number): void {
  let a = cmd.addr;
  for (const b of bursts) {
    assert.equal(b.addr, a);
    assert.ok(b.beats >= 1 && b.beats <= maxBeats, `burst of ${b.beats} beats`);
    a += b.beats * bytes;
  }
  assert.equal(a, cmd.addr + cmd.beats * bytes);
}

/** Takes the read master's output stream, not ready one cycle in `stallEvery + 1`. */
class StreamSink implements ClockedAgent {
  readonly got: bigint[] = [];
  stallEvery = 1;
  private cycle = 0;
  private ready = false;
  private valid = 0n;
  private data = 0n;
  constructor(private readonly sim: Simulation) {}
  drive(): void {
    this.ready = this.cycle++ % (this.stallEvery + 1) !== 0;
    this.sim.poke('out_ready', this.ready ? 1 : 0);
  }
  async sample(): Promise<void> {
    [this.valid, this.data] = await Promise.all([this.sim.peek('out_valid'), this.sim.peek('out_data')]);
  }
  commit(): void {
    if (this.valid === 1n && this.ready) this.got.push(this.data);
  }
}

/** Feeds the write master's input stream with gaps, holding each offered beat until taken. */
class StreamSource implements ClockedAgent {
  readonly queue: bigint[] = [];
  private cycle = 0;
  private offer = false;
  private ready = 0n;
  constructor(private readonly sim: Simulation) {}
  drive(): void {
    if (!this.offer && this.queue.length > 0 && this.cycle % 3 !== 1) this.offer = true;
    this.cycle++;
    this.sim.poke('in_valid', this.offer ? 1 : 0);
    this.sim.poke('in_data', this.offer ? this.queue[0]! : 0n);
  }
  async sample(): Promise<void> {
    this.ready = await this.sim.peek('in_ready');
  }
  commit(): void {
    if (this.offer && this.ready === 1n) {
      this.queue.shift();
      this.offer = false;
    }
  }
}

async function issue(sim: Simulation, cmd: Cmd): Promise<void> {
  sim.poke('cmd_addr', cmd.addr);
  sim.poke('cmd_beats', cmd.beats);
  sim.poke('cmd_valid', 1);
  await sim.step(1);
  sim.poke('cmd_valid', 0);
}

describe('axi: AXI4 masters', () => {
  for (const dataBits of [32, 64, 512]) {
    const bytes = dataBits / 8;
    const mask = (1n << BigInt(dataBits)) - 1n;

    it(`read master (${dataBits}-bit): random commands stream memory back in order`, async () => {
      const maxBeats = 16;
      const sim = await simulate(new AxiReadMaster({ dataBits, maxBeats }), { backend: 'builtin' });
      try {
        const mem = new AxiMemoryModel(sim, { prefix: 'axi', dataBits, throughput: 0.6, seed: dataBits, write: false });
        for (let i = 0; i < (4 * 4096) / bytes; i++)
          mem.memory.writeWord(0x10000 + i * bytes, bytes, (BigInt(i) * 0x9e3779b97f4a7c15n + 7n) & mask);
        const sink = new StreamSink(sim);
        sim.poke('cmd_valid', 0);
        const agents = runAgents(sim, [mem, sink]);
        await sim.reset(2);
        await fc.assert(
          fc.asyncProperty(cmdArb(bytes), fc.integer({ min: 1, max: 4 }), async (cmd, stallEvery) => {
            const first = mem.reads.length;
            sink.got.length = 0;
            sink.stallEvery = stallEvery;
            await issue(sim, cmd);
            await sim.tick().until(async () => sink.got.length >= cmd.beats && (await sim.peek('idle')) === 1n, {
              max: 20 * cmd.beats + 200,
              what: 'the last beat',
            });
            const want = Array.from({ length: cmd.beats }, (_, i) => mem.memory.readWord(cmd.addr + i * bytes, bytes));
            assert.deepEqual(sink.got, want);
            assertTiles(mem.reads.slice(first), cmd, bytes, maxBeats);
            assert.equal(await sim.peek('error'), 0n);
          }),
          { numRuns: 25, seed: 42 },
        );
        await agents.stop();
      } finally {
        await sim.close();
      }
    });

    it(`write master (${dataBits}-bit): random commands land in memory exactly, nothing else is written`, async () => {
      const maxBeats = 8;
      const sim = await simulate(new AxiWriteMaster({ dataBits, maxBeats }), { backend: 'builtin' });
      try {
        const mem = new AxiMemoryModel(sim, {
          prefix: 'axi',
          dataBits,
          throughput: 0.5,
          seed: 3 + dataBits,
          read: false,
        });
        const source = new StreamSource(sim);
        sim.poke('cmd_valid', 0);
        const agents = runAgents(sim, [mem, source]);
        await sim.reset(2);
        let stamp = 1n;
        await fc.assert(
          fc.asyncProperty(cmdArb(bytes), async (cmd) => {
            const first = mem.writes.length;
            const around = () => [
              mem.memory.readWord(cmd.addr - bytes, bytes),
              mem.memory.readWord(cmd.addr + cmd.beats * bytes, bytes),
            ];
            const before = around();
            const data = Array.from({ length: cmd.beats }, () => (stamp++ * 0x1234567n) & mask);
            source.queue.push(...data);
            await issue(sim, cmd);
            await sim.tick().until(async () => source.queue.length === 0 && (await sim.peek('idle')) === 1n, {
              max: 20 * cmd.beats + 200,
              what: 'the last response',
            });
            for (let i = 0; i < cmd.beats; i++)
              assert.equal(mem.memory.readWord(cmd.addr + i * bytes, bytes), data[i], `beat ${i}`);
            assert.deepEqual(around(), before);
            assertTiles(mem.writes.slice(first), cmd, bytes, maxBeats);
            assert.equal(await sim.peek('error'), 0n);
          }),
          { numRuns: 25, seed: 7 },
        );
        await agents.stop();
      } finally {
        await sim.close();
      }
    });
  }

  it('the memory model rejects a burst that crosses 4 KB (its protocol checks can fail)', async () => {
    class BadMaster extends Module {
      readonly axi = this.output(AxiReadChannels(32), 'axi');
      readonly take = this.input(Bool());
      constructor() {
        super();
        const go = this.reg(Bool(), { init: false });
        go.set(true);
        this.axi.arvalid.set(go);
        this.axi.araddr.set(UInt(64).lit(0xff0));
        this.axi.arlen.set(7); // 8 beats x 4 bytes from 0xff0 reach 0x1010
        this.axi.arsize.set(2);
        this.axi.arburst.set(1);
        this.axi.rready.set(this.take);
      }
    }
    const sim = await simulate(new BadMaster(), { backend: 'builtin' });
    try {
      sim.poke('take', 0);
      const mem = new AxiMemoryModel(sim, { prefix: 'axi', dataBits: 32, write: false }).start();
      await sim.reset(1);
      await assert.rejects(sim.step(5), /crosses a 4 KB boundary/);
      await mem.stop().catch(() => undefined);
    } finally {
      await sim.close().catch(() => undefined);
    }
  });
});
