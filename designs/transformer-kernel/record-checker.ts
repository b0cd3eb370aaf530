// The input record's checks in hardware, beat by beat as the words stream in over AXI: the same
// checks as checkInputRecord (sample-record.ts), whose status this module's must equal. Each check
// keeps a sticky flag while the record streams (a word is checked when it arrives, against the
// length latched from word 0); the status is then the first failing check in the reference's order:
// length 0, length > maxTokens, a token >= vocab, the intent >= intents, a slot outside -1..slots-1
// (tokens and slots only at positions below the length). It also counts the scored slot positions
// (1..T-1 with a label >= 0), which the slot cross-entropy's weight 1/scored needs.
import { Bool, Module, UInt, bitsFor, mux, when, type Expr } from '../../dsl/index.js';
import { type RecordShape, SampleStatus, inputStride } from './sample-record.js';

export class RecordChecker extends Module {
  /** Clears the flags and the count (the cycle before a record's first beat). */
  readonly clear = this.input(Bool(), 'clear');
  readonly valid = this.input(Bool(), 'valid');
  readonly index;
  readonly data = this.input(UInt(32), 'data');
  /** The first failing check's SampleStatus (0: ok), valid after the record's last beat. */
  readonly status = this.output(UInt(3), 'status');
  /** Word 0 of the record. */
  readonly length = this.output(UInt(32), 'length');
  /** Slot positions 1..T-1 with a label >= 0. */
  readonly scored;

  constructor(readonly shape: RecordShape) {
    super({ vocab: shape.vocab, maxTokens: shape.maxTokens, intents: shape.intents, slots: shape.slots });
    const M = shape.maxTokens;
    const iw = bitsFor(inputStride(M));
    this.index = this.input(UInt(iw), 'index');
    this.scored = this.output(UInt(bitsFor(M + 1)), 'scored');
    const flag = (name: string) => this.reg(Bool(), { init: false, name });
    const lenZero = flag('len_zero');
    const lenLong = flag('len_long');
    const tokBad = flag('token_bad');
    const intentBad = flag('intent_bad');
    const slotBad = flag('slot_bad');
    const T = this.reg(UInt(32), { init: 0, name: 'len' });
    const scored = this.reg(UInt(bitsFor(M + 1)), { init: 0, name: 'scored_count' });

    const i = this.index;
    const d = this.data;
    const lit = (v: number) => UInt(iw).lit(v);
    const pos = (first: number): Expr => i.sub(lit(first)).zext(32);
    const isToken = i.ge(lit(2)).and(i.lt(lit(2 + M)));
    const isSlot = i.ge(lit(2 + M));
    const tokenPos = pos(2);
    const slotPos = pos(2 + M);
    const tokenOut = d.ge(UInt(32).lit(shape.vocab));
    // -1 is the only negative label allowed: as a word, 0xffffffff.
    const slotIn = d.lt(UInt(32).lit(shape.slots)).or(d.eq(UInt(32).lit(0xffff_ffff)));
    const slotScored = d.lt(UInt(32).lit(shape.slots));

    when(this.clear, () => {
      for (const f of [lenZero, lenLong, tokBad, intentBad, slotBad]) f.set(false);
      scored.set(0);
    }).elsewhen(this.valid, () => {
      when(i.eq(lit(0)), () => {
        T.set(d);
        lenZero.set(d.eq(0));
        lenLong.set(d.gt(UInt(32).lit(M)));
      });
      when(i.eq(lit(1)).and(d.ge(UInt(32).lit(shape.intents))), () => intentBad.set(true));
      when(isToken.and(tokenPos.lt(T)).and(tokenOut), () => tokBad.set(true));
      when(isSlot.and(slotPos.lt(T)), () => {
        when(slotIn.not(), () => slotBad.set(true));
        when(slotPos.ne(0).and(slotScored), () => scored.set(scored.add(1)));
      });
    });

    const code = (v: number) => UInt(3).lit(v);
    const S = SampleStatus;
    this.status.set(
      mux(
        lenZero,
        code(S.lengthZero),
        mux(
          lenLong,
          code(S.lengthTooLong),
          mux(
            tokBad,
            code(S.tokenOutOfTable),
            mux(intentBad, code(S.intentOutOfTable), mux(slotBad, code(S.slotOutOfTable), code(S.ok))),
          ),
        ),
      ),
    );
    this.length.set(T);
    this.scored.set(scored);
  }
}
