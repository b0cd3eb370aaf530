// AXI4 write master: a command (byte address, number of beats) becomes INCR bursts of at most
// `maxBeats` beats that never cross 4 KB. Each burst sends its address, then its data from the
// input stream (full strobes, WLAST on the last beat), then waits for the response. AW and B
// handshakes are driven from registers only.
import { Module, UInt, Bool, Fsm, when, withDefaults, type ParamsOf } from '../../dsl/index.js';
import { AxiWriteChannels, BURST_INCR, axSize } from './axi-bundles.js';
import { nextBurstBeats } from './burst-length.js';

export class AxiWriteMaster extends Module {
  /** dataBits: width of the data channel; maxBeats: longest burst. */
  static readonly params = { dataBits: 32, maxBeats: 16 };
  readonly dataBits: number;
  readonly maxBeats: number;
  readonly axi;
  readonly cmdValid = this.input(Bool(), 'cmd_valid');
  readonly cmdReady = this.output(Bool(), 'cmd_ready');
  readonly cmdAddr = this.input(UInt(64), 'cmd_addr');
  readonly cmdBeats = this.input(UInt(32), 'cmd_beats');
  readonly inValid = this.input(Bool(), 'in_valid');
  readonly inReady = this.output(Bool(), 'in_ready');
  readonly inData;
  /** High when every burst of the last command has its response (the data is in memory). */
  readonly idle = this.output(Bool());
  /** Sticky: some write response was not OKAY. */
  readonly error = this.output(Bool());

  constructor(p: ParamsOf<typeof AxiWriteMaster.params> = {}) {
    const { dataBits, maxBeats } = withDefaults(AxiWriteMaster.params, p);
    super({ dataBits, maxBeats });
    [this.dataBits, this.maxBeats] = [dataBits, maxBeats];
    this.axi = this.output(AxiWriteChannels(dataBits), 'axi');
    this.inData = this.input(UInt(dataBits), 'in_data');
    const axi = this.axi;
    const bytes = dataBits / 8;

    const addr = this.reg(UInt(64), { init: 0, name: 'addr' });
    const remaining = this.reg(UInt(32), { init: 0, name: 'remaining' });
    const burstLeft = this.reg(UInt(9), { init: 0, name: 'burst_left' });
    const failed = this.reg(Bool(), { init: false, name: 'failed' });
    const beats = this.let('burst_beats', nextBurstBeats(addr, remaining, bytes, maxBeats));
    const fsm = new Fsm(this, 'WriteMaster', ['Idle', 'Address', 'Data', 'Response']);
    const beat = this.inValid.and(axi.wready).and(fsm.is('Data'));

    fsm
      .on('Idle', () =>
        when(this.cmdValid, () => {
          addr.set(this.cmdAddr);
          remaining.set(this.cmdBeats);
          when(this.cmdBeats.ne(0), () => fsm.goto('Address'));
        }),
      )
      .on('Address', () =>
        when(axi.awready, () => {
          burstLeft.set(beats);
          addr.set(addr.add(beats.zext(64).shl(Math.log2(bytes))));
          remaining.set(remaining.sub(beats.zext(32)));
          fsm.goto('Data');
        }),
      )
      .on('Data', () =>
        when(beat, () => {
          burstLeft.set(burstLeft.sub(1));
          when(burstLeft.eq(1), () => fsm.goto('Response'));
        }),
      )
      .on('Response', () =>
        when(axi.bvalid, () => {
          when(axi.bresp.ne(0), () => failed.set(true));
          when(remaining.eq(0), () => fsm.goto('Idle')).otherwise(() => fsm.goto('Address'));
        }),
      )
      .build();

    axi.awvalid.set(fsm.is('Address'));
    axi.awaddr.set(addr);
    axi.awlen.set(beats.sub(1).trunc(8));
    axi.awsize.set(axSize(dataBits));
    axi.awburst.set(BURST_INCR);
    axi.wvalid.set(this.inValid.and(fsm.is('Data')));
    axi.wdata.set(this.inData);
    axi.wstrb.set(UInt(bytes).lit((1n << BigInt(bytes)) - 1n));
    axi.wlast.set(burstLeft.eq(1));
    axi.bready.set(fsm.is('Response'));
    this.inReady.set(axi.wready.and(fsm.is('Data')));
    this.cmdReady.set(fsm.is('Idle'));
    this.idle.set(fsm.is('Idle'));
    this.error.set(failed);
  }
}
