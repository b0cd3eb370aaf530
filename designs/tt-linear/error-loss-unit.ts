// The error unit of the training kernel: for a stream of (y, t) pairs, e = y - t (FP32 subtract) is the
// output gradient written back as dY, and e*e is accumulated into P partial sums, element i into
// partial i mod P, by one FP32 MAC whose result returns to its partial. P = MAC latency + 1, so a
// partial is read again only after its previous update is back: the stream may have gaps (the sums do
// not depend on timing, only on element order). `finish` combines the partials in order through the
// same MAC: loss = p0, then loss = p_j * 1 + loss. Exactly error-loss32.ts.
import { Module, UInt, Bool, when, mux, bitsFor, type Expr, type Signal } from '../../dsl/index.js';
import { Fp32Mac, Fp32Sub } from '../../rtl-lib/fp/hw/fp-unit-module.js';

const FP32_ONE = 0x3f80_0000;

export class ErrorLossUnit extends Module {
  readonly inValid = this.input(Bool(), 'in_valid');
  readonly y = this.input(UInt(32), 'y');
  readonly t = this.input(UInt(32), 't');
  /** e = y - t, `errorLatency` cycles after in_valid. */
  readonly eValid = this.output(Bool(), 'e_valid');
  readonly e = this.output(UInt(32), 'e');
  /** Pulse: zero the partial sums (before a new pass). */
  readonly clear = this.input(Bool(), 'clear');
  /** Pulse after the last in_valid of a pass: combine the partials once every element is in. */
  readonly finish = this.input(Bool(), 'finish');
  /** High from the end of the combine until the next clear; `loss` is valid then. */
  readonly lossValid = this.output(Bool(), 'loss_valid');
  readonly loss = this.output(UInt(32), 'loss');
  readonly errorLatency: number;
  /** Partial sums: the MAC latency + 1. */
  readonly slots: number;

  constructor(subStages?: number, macStages?: number) {
    super({ ...(subStages === undefined ? {} : { subStages }), ...(macStages === undefined ? {} : { macStages }) });
    const sub = this.instance(new Fp32Sub(subStages), 'sub');
    const mac = this.instance(new Fp32Mac(macStages), 'mac');
    // e is registered once more before the MAC and the dY write: the subtractor's last segment and the
    // MAC's first would otherwise make one 9-LUT-level path (the budget is 8).
    this.errorLatency = sub.latency + 1;
    const P = mac.latency + 1;
    this.slots = P;
    const sw = bitsFor(P);

    (sub.a as Signal).set(this.y);
    (sub.b as Signal).set(this.t);
    sub.inValid.set(this.inValid);
    const eValid = this.delay(sub.outValid, { name: 'e_valid_q', init: false });
    const e = this.delay(sub.y, 'e_q');
    this.eValid.set(eValid);
    this.e.set(e);

    const parts = Array.from({ length: P }, (_, j) => this.reg(UInt(32), { name: `partial${j}`, init: 0 }));
    const pick = (sel: Expr): Expr =>
      parts.reduce<Expr>((acc, p, j) => (j === 0 ? p : mux(sel.eq(j), p, acc)), parts[0]!);
    const slot = this.reg(UInt(sw), { name: 'slot', init: 0 });
    // Elements inside the subtractor or the MAC: the combine waits for zero.
    const inflight = this.reg(UInt(32), { name: 'inflight', init: 0 });
    const pending = this.reg(Bool(), { name: 'finish_pending', init: false });
    const combining = this.reg(Bool(), { name: 'combining', init: false });
    const waiting = this.reg(Bool(), { name: 'combine_wait', init: false });
    const next = this.reg(UInt(sw), { name: 'combine_index', init: 1 });
    const acc = this.reg(UInt(32), { name: 'loss_acc', init: 0 });
    const done = this.reg(Bool(), { name: 'loss_done', init: false });

    const accumulate = eValid;
    const issueCombine = combining.and(waiting.not());
    (mac.a as Signal).set(mux(combining, pick(next), e));
    (mac.b as Signal).set(mux(combining, UInt(32).lit(FP32_ONE), e));
    (mac.c as Signal).set(mux(combining, acc, pick(slot)));
    mac.inValid.set(accumulate.or(issueCombine));
    // Which partial each MAC result belongs to, carried alongside the MAC pipeline.
    let tag: Expr = slot;
    for (let i = 0; i < mac.latency; i++) tag = this.delay(tag, `result_slot${i + 1}`);
    const accDone = mac.outValid.and(combining.not());

    when(accumulate, () => slot.set(mux(slot.eq(P - 1), 0, slot.add(1))));
    when(accDone, () => {
      parts.forEach((p, j) => when(tag.eq(j), () => p.set(mac.y)));
    });
    inflight.set(inflight.add(this.inValid.zext(32)).sub(accDone.zext(32)));

    when(this.clear, () => {
      parts.forEach((p) => p.set(0));
      slot.set(0);
      pending.set(false);
      combining.set(false);
      done.set(false);
    }).otherwise(() => {
      when(this.finish, () => pending.set(true));
      when(pending.and(inflight.eq(0)).and(this.inValid.not()).and(combining.not()), () => {
        pending.set(false);
        acc.set(parts[0]!);
        if (P === 1) done.set(true);
        else {
          combining.set(true);
          waiting.set(false);
          next.set(1);
        }
      });
      when(issueCombine, () => waiting.set(true));
      when(combining.and(mac.outValid), () => {
        acc.set(mac.y);
        waiting.set(false);
        next.set(next.add(1));
        when(next.eq(P - 1), () => {
          combining.set(false);
          done.set(true);
        });
      });
    });
    this.lossValid.set(done);
    this.loss.set(acc);
  }
}
