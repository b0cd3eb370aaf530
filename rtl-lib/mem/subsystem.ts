// A memory plan (rtl-lib/mem/plan) made hardware: one SimpleDualPortRam per pool slot, configured
// with the pool's aspect (block for RAMB36/RAMB18 pools, ultra for URAM288), and per tensor and bank
// one write and one read port at the tensor's row width (pack x element width):
//   <t>_b<k>_wr_en, _wr_row, _wr_data     <t>_b<k>_rd_en, _rd_row, _rd_data (latency 1)
// where <t> is the tensor name with every non-identifier character replaced by '_'. A bank row r sits
// in cascade step floor(r / depth) at address r mod depth; columns hold consecutive slices of the row.
// A slot shared by tensors with disjoint lifetimes (planner's slotUsers) takes its ports from the user
// that is live in the current `stage` (an input: the schedule position, index into plan.stages).
// Fabric tensors (LUTRAM, registers) are not generated: the planner's budget counts block memory.
import { Module, Bool, UInt, bitsFor, cat, mux, type Expr, type Signal } from '../../dsl/index.js';
import type { MemoryPlan, TensorPlacement } from './plan/plan-types.js';
import { instancesOf, type PrimitiveInstance } from './plan/instances.js';
import { SimpleDualPortRam } from './ram.js';

export interface TensorBankPorts {
  wr_en: Signal;
  wr_row: Signal;
  wr_data: Signal;
  rd_en: Signal;
  rd_row: Signal;
  rd_data: Signal;
}

export const portPrefix = (tensor: string, bank: number): string => `${tensor.replace(/[^A-Za-z0-9_]/g, '_')}_b${bank}`;

export class MemorySubsystem extends Module {
  readonly stage: Signal;
  /** Per tensor name, per bank. */
  readonly ports = new Map<string, TensorBankPorts[]>();
  /** Per pool key, the slot primitives. */
  readonly slots = new Map<string, SimpleDualPortRam[]>();

  constructor(
    readonly plan: MemoryPlan,
    opts: { name?: string } = {},
  ) {
    super({
      design: plan.design,
      ramb36: plan.totals.ramb36,
      ramb18: plan.totals.ramb18,
      uram288: plan.totals.uram288,
    });
    if (opts.name) this.setModuleName(opts.name);
    const stageIndex = new Map(plan.stages.map((s, i) => [s, i]));
    this.stage = this.input(UInt(bitsFor(plan.stages.length)), 'stage');
    const placed = plan.tensors.filter((t) => t.pool !== null);

    // The primitives: one per pool slot.
    for (const pool of plan.pools) {
      const style = pool.kind === 'URAM288' ? 'ultra' : 'block';
      this.slots.set(
        pool.key,
        Array.from({ length: pool.size }, (_, i) =>
          this.instance(
            new SimpleDualPortRam({ depth: pool.aspect.depth, width: pool.aspect.width, style }),
            `${pool.kind.toLowerCase()}_${pool.aspect.depth}x${pool.aspect.width}_${i}`,
          ),
        ),
      );
    }

    // Tensor ports and, per slot, who drives it.
    const drivers = new Map<
      SimpleDualPortRam,
      { t: TensorPlacement; i: PrimitiveInstance; p: TensorBankPorts; live: Expr }[]
    >();
    for (const t of placed) {
      const rowWidth = t.pack * t.width;
      const live = t.live
        .map((s) => this.stage.eq(stageIndex.get(s)!))
        .reduce((a, b) => a.or(b), Bool().lit(false) as Expr);
      const banks: TensorBankPorts[] = [];
      for (let b = 0; b < t.banks; b++) {
        const x = portPrefix(t.name, b);
        const rw = bitsFor(Math.max(2, t.rows));
        banks.push({
          wr_en: this.input(Bool(), `${x}_wr_en`),
          wr_row: this.input(UInt(rw), `${x}_wr_row`),
          wr_data: this.input(UInt(rowWidth), `${x}_wr_data`),
          rd_en: this.input(Bool(), `${x}_rd_en`),
          rd_row: this.input(UInt(rw), `${x}_rd_row`),
          rd_data: this.output(UInt(rowWidth), `${x}_rd_data`),
        });
      }
      this.ports.set(t.name, banks);
      for (const i of instancesOf(t)) {
        const slot = this.slots.get(t.pool!)![i.slot]!;
        drivers.set(slot, [...(drivers.get(slot) ?? []), { t, i, p: banks[i.bank]!, live }]);
      }
    }

    // Slot inputs: the live user's request, restricted to the rows of its cascade step.
    for (const [slot, users] of drivers) {
      const c = slot.config;
      const step = (row: Signal, s: number) =>
        rowStepBits(row, c.depth) === 0 ? Bool().lit(s === 0) : row.slice(row.width - 1, bitsOf(c.depth)).eq(s);
      const inner = (row: Signal) => row.resize(Math.max(row.width, c.addrWidth)).trunc(c.addrWidth);
      const colData = (u: (typeof users)[number]) => sliceColumn(u.p.wr_data, u.i.column, c.width);
      const pick = (f: (u: (typeof users)[number]) => Expr): Expr =>
        users.length === 1 ? f(users[0]!) : users.slice(1).reduce((acc, u) => mux(u.live, f(u), acc), f(users[0]!));
      const gate = (u: (typeof users)[number], e: Expr) => (users.length === 1 ? e : e.and(u.live));
      slot.wr_en.set(users.map((u) => gate(u, u.p.wr_en.and(step(u.p.wr_row, u.i.step)))).reduce((a, b) => a.or(b)));
      slot.wr_addr.set(pick((u) => inner(u.p.wr_row)));
      slot.wr_data.set(pick(colData));
      slot.rd_en.set(users.map((u) => gate(u, u.p.rd_en.and(step(u.p.rd_row, u.i.step)))).reduce((a, b) => a.or(b)));
      slot.rd_addr.set(pick((u) => inner(u.p.rd_row)));
    }

    // Read data per tensor bank: its columns side by side, from the cascade step of the row read.
    for (const t of placed) {
      const inst = instancesOf(t);
      this.ports.get(t.name)!.forEach((p, b) => {
        const slotsOf = (s: number) =>
          inst
            .filter((i) => i.bank === b && i.step === s)
            .sort((x, y) => y.column - x.column)
            .map((i) => this.slots.get(t.pool!)![i.slot]!.rd_data);
        const rowOf = (s: number) => cat(...slotsOf(s)).resize(p.rd_data.width);
        let data: Expr = rowOf(0);
        if (t.cascade > 1) {
          const depth = t.aspect!.depth;
          const q = this.reg(UInt(p.rd_row.width - bitsOf(depth)), {
            name: `${portPrefix(t.name, b)}_rd_step`,
            enable: p.rd_en,
          });
          q.set(p.rd_row.slice(p.rd_row.width - 1, bitsOf(depth)));
          for (let s = 1; s < t.cascade; s++) data = mux(q.eq(s), rowOf(s), data);
        }
        p.rd_data.set(data);
      });
    }
  }
}

/** log2 of a power-of-two depth. */
function bitsOf(depth: number): number {
  const k = Math.log2(depth);
  if (!Number.isInteger(k)) throw new Error(`pool depth ${depth} is not a power of two`);
  return k;
}

/** Bits of a row number above the in-primitive address (0 when the row fits one primitive). */
function rowStepBits(row: Signal, depth: number): number {
  return Math.max(0, row.width - bitsOf(depth));
}

/** Column c of a row: bits [c w, (c + 1) w), zero-padded past the row's end. */
function sliceColumn(row: Expr, c: number, w: number): Expr {
  const lo = c * w;
  const hi = Math.min(row.width - 1, lo + w - 1);
  if (lo > row.width - 1) return UInt(w).lit(0);
  return row.slice(hi, lo).resize(w);
}
