// A UART transmitter (8N1) written with the FSM builder: Idle -> Start -> Data x8 -> Stop.
// The bit timer reloads on entry to every state that sends a bit.
import { Module, UInt, Bool, when, mux, bitsFor } from '../../dsl/index.js';
import { Fsm } from '../../dsl/fsm.js';
import type { EnumEncoding } from '../../dsl/types.js';

export class UartTx extends Module {
  readonly valid = this.input(Bool());
  readonly ready = this.output(Bool());
  readonly data = this.input(UInt(8));
  readonly tx = this.output(Bool());

  constructor(
    readonly clocksPerBit = 4,
    readonly encoding: EnumEncoding = 'onehot',
  ) {
    super({ clocksPerBit, encoding });
    const timerWidth = bitsFor(clocksPerBit);
    const timer = this.reg(UInt(timerWidth), { init: 0 });
    const bitIndex = this.reg(UInt(3), { init: 0 });
    const shifter = this.reg(UInt(8), { init: 0 });
    const tick = timer.eq(0);

    const fsm = new Fsm(this, 'Tx', ['Idle', 'Start', 'Data', 'Stop'], { encoding });
    const reload = () => timer.set(UInt(timerWidth).lit(clocksPerBit - 1));
    fsm.onEntry('Start', reload).onEntry('Data', reload).onEntry('Stop', reload);
    fsm.onEntry('Data', () => bitIndex.set(0));

    when(tick.not(), () => timer.set(timer.sub(1)));
    fsm
      .on('Idle', () => {
        when(this.valid, () => {
          shifter.set(this.data);
          fsm.goto('Start');
        });
      })
      .on('Start', () => when(tick, () => fsm.goto('Data')))
      .on('Data', () => {
        when(tick, () => {
          shifter.set(shifter.shr(1));
          when(bitIndex.eq(7), () => fsm.goto('Stop')).otherwise(() => {
            reload();
            bitIndex.set(bitIndex.add(1));
          });
        });
      })
      .on('Stop', () => when(tick, () => fsm.goto('Idle')))
      .build();

    this.ready.set(fsm.is('Idle'));
    this.tx.set(mux(fsm.is('Start'), false, mux(fsm.is('Data'), shifter.bit(0), true)));
  }
}

export default UartTx;
