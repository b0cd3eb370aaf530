// A synchronous FIFO over a memory with a combinational read port: valid/ready on both sides,
// any depth (pointers wrap explicitly, so it need not be a power of two).
import { Module, UInt, Bool, when, mux, bitsFor } from '../../dsl/index.js';

export class Fifo extends Module {
  readonly enqValid = this.input(Bool());
  readonly enqReady = this.output(Bool());
  readonly enqData;
  readonly deqValid = this.output(Bool());
  readonly deqReady = this.input(Bool());
  readonly deqData;
  readonly count;

  constructor(
    readonly depth = 16,
    readonly width = 8,
  ) {
    super({ depth, width });
    this.enqData = this.input(UInt(width));
    this.deqData = this.output(UInt(width));
    const countWidth = bitsFor(depth + 1);
    this.count = this.output(UInt(countWidth));

    const storage = this.memory(UInt(width), depth);
    const addrWidth = storage.addrWidth;
    const writePtr = this.reg(UInt(addrWidth), { init: 0 });
    const readPtr = this.reg(UInt(addrWidth), { init: 0 });
    const used = this.reg(UInt(countWidth), { init: 0 });

    const full = used.eq(depth);
    const empty = used.eq(0);
    const doEnq = this.enqValid.and(full.not());
    const doDeq = this.deqReady.and(empty.not());
    const last = UInt(addrWidth).lit(depth - 1);

    when(doEnq, () => {
      storage.write(writePtr, this.enqData);
      writePtr.set(mux(writePtr.eq(last), 0, writePtr.add(1)));
    });
    when(doDeq, () => readPtr.set(mux(readPtr.eq(last), 0, readPtr.add(1))));
    when(doEnq.and(doDeq.not()), () => used.set(used.add(1))).elsewhen(doDeq.and(doEnq.not()), () =>
      used.set(used.sub(1)),
    );

    this.enqReady.set(full.not());
    this.deqValid.set(empty.not());
    this.deqData.set(storage.read(readPtr, { sync: false }));
    this.count.set(used);
  }
}

export default Fifo;
