// The memory subsystem generated from a plan: Yosys infers exactly the RAMB36/RAMB18/URAM288 counts the
// planner reports (and banked tensors / ping-pong buffers their primitives, in the same Yosys run); every
// tensor bank, written and read back in its live stage, returns its rows (built-in simulator); the
// Verilog is lint-clean.
import assert from 'node:assert/strict';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { planMemory } from '../../../rtl-lib/mem/plan/planner.js';
import { slotUsers } from '../../../rtl-lib/mem/plan/instances.js';
import { MemorySubsystem, portPrefix } from '../../../rtl-lib/mem/subsystem.js';
import { BankedTensor, PingPongBuffer } from '../../../rtl-lib/mem/banked-tensor.js';
import { expectedPrimitives } from '../../../rtl-lib/mem/ram-expectations.js';
import type { CellCounts } from '../../../build/tools/cells.js';
import { synthesizeEach } from '../../../build/tools/synth-design.js';
import { simulate } from '../../../sim/simulate.js';
import { requireTool, scratchDir, verilatorLint, writeFiles } from '../../support/tools.js';
import { SMALL_DESIGN } from './subsystem-plan.js';
import { prng } from './ram-harness.js';

const plan = planMemory(SMALL_DESIGN);

describe('mem: memory subsystem from a plan', function () {
  this.timeout(300_000);

  it('the small plan uses every kind, sharing and a cascade (so the checks below cover them)', () => {
    assert.deepEqual([plan.totals.ramb36, plan.totals.ramb18, plan.totals.uram288], [4, 5, 1]);
    assert.ok(
      plan.tensors.some((t) => t.sharesWith.length > 0) &&
        plan.tensors.some((t) => t.cascade > 1) &&
        plan.tensors.some((t) => t.banks > 1),
    );
    // Every pool slot has a user, so none is optimized away.
    for (const p of plan.pools)
      assert.equal(
        slotUsers(plan.tensors)
          .get(p.key)!
          .filter((u) => u.length).length,
        p.size,
      );
  });

  describe('Yosys', () => {
    let counts: Map<string, CellCounts>;
    before(async function () {
      await requireTool(this, 'yosys');
      counts = await synthesizeEach([
        { name: 'subsystem', design: emitVerilog(elaborate(new MemorySubsystem(plan))) },
        {
          name: 'banked',
          design: emitVerilog(
            elaborate(new BankedTensor({ words: 4096, width: 32, partition: 'cyclic', banks: 4, latency: 2 })),
          ),
        },
        { name: 'pingpong', design: emitVerilog(elaborate(new PingPongBuffer(512, 32))) },
      ]);
    });

    it('infers the RAMB36E2, RAMB18E2 and URAM288 counts the planner reports', () => {
      const c = counts.get('subsystem')!;
      assert.deepEqual(
        { ramb36: c.ramb36, ramb18: c.ramb18, uram288: c.uram288 },
        { ramb36: plan.totals.ramb36, ramb18: plan.totals.ramb18, uram288: plan.totals.uram288 },
      );
      assert.equal(c.lutram, 0);
    });

    it('a cyclic tensor of 4096 x 32 over 4 banks is 4 RAMB36 (1024 x 32 each); a 2 x 512 x 32 ping-pong buffer one RAMB36', () => {
      const bank = expectedPrimitives('sdp', { depth: 1024, width: 32 });
      const b = counts.get('banked')!;
      assert.deepEqual([b.ramb36, b.ramb18, b.uram288], [4 * bank.ramb36, 4 * bank.ramb18, 0]);
      assert.deepEqual([b.ramb36, b.ramb18], [4, 0]);
      const pp = expectedPrimitives('sdp', { depth: 1024, width: 32 });
      assert.deepEqual([counts.get('pingpong')!.ramb36, counts.get('pingpong')!.ramb18], [pp.ramb36, pp.ramb18]);
    });
  });

  it('every tensor bank keeps the rows written in its live stage (built-in simulator)', async () => {
    const hw = new MemorySubsystem(plan);
    const rnd = prng(3);
    const stageOf = (name: string) => plan.stages.indexOf(plan.tensors.find((t) => t.name === name)!.live[0]!);
    const inputs = [...hw.ports.entries()].flatMap(([t, banks]) =>
      banks.flatMap((_, b) => ['wr_en', 'wr_row', 'wr_data', 'rd_en', 'rd_row'].map((f) => `${portPrefix(t, b)}_${f}`)),
    );
    const cols: Record<string, bigint[]> = Object.fromEntries(['stage', ...inputs].map((n) => [n, []]));
    const checks: { cycle: number; port: string; want: bigint }[] = [];
    let cycle = 0;
    const cyc = (set: Record<string, bigint>) => {
      for (const n of Object.keys(cols)) cols[n]!.push(set[n] ?? 0n);
      cycle++;
    };
    for (const [t, banks] of hw.ports) {
      const p = plan.tensors.find((x) => x.name === t)!;
      const stage = BigInt(stageOf(t));
      const rows = Array.from({ length: Math.min(p.rows, 40) }, (_, i) => (i * 997) % p.rows); // spread over the cascade
      banks.forEach((bp, b) => {
        const x = portPrefix(t, b);
        const data = rows.map(() =>
          BigInt.asUintN(
            bp.wr_data.width,
            BigInt(Math.floor(rnd() * 2 ** 32)) * 4294967296n + BigInt(Math.floor(rnd() * 2 ** 32)),
          ),
        );
        rows.forEach((r, i) =>
          cyc({ stage, [`${x}_wr_en`]: 1n, [`${x}_wr_row`]: BigInt(r), [`${x}_wr_data`]: data[i]! }),
        );
        rows.forEach((r, i) => {
          cyc({ stage, [`${x}_rd_en`]: 1n, [`${x}_rd_row`]: BigInt(r) });
          checks.push({ cycle: cycle - 1, port: `${x}_rd_data`, want: data[i]! });
        });
      });
    }
    const sim = await simulate(hw, { backend: 'builtin' });
    try {
      const res = await sim.vectors(cols, { outputs: [...new Set(checks.map((c) => c.port))] });
      const got = new Map<string, bigint[]>();
      for (const c of checks) {
        if (!got.has(c.port)) got.set(c.port, res.get(c.port));
        assert.equal(got.get(c.port)![c.cycle], c.want, `${c.port} at cycle ${c.cycle}`);
      }
      assert.ok(checks.length > 200);
    } finally {
      await sim.close();
    }
  });

  it('is lint-clean', async function () {
    await requireTool(this, 'verilator');
    const e = emitVerilog(elaborate(new MemorySubsystem(plan)));
    const r = await verilatorLint(writeFiles(scratchDir('mem-subsystem-lint'), e.files), e.top);
    assert.equal(r.output.trim(), '', r.output);
  });
});
