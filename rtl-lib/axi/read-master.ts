// AXI4 read master: a command (byte address, number of beats) becomes INCR bursts of at most
// `maxBeats` beats that never cross 4 KB, one burst in flight at a time; the read data comes out as
// a valid/ready stream in address order. The AR channel is driven from registers only.
import { Module, UInt, Bool, Fsm, when, withDefaults, type ParamsOf } from '../../dsl/index.js';
import { AxiReadChannels, BURST_INCR, axSize } from './axi-bundles.js';
import { nextBurstBeats } from './burst-length.js';

export class AxiReadMaster extends Module {
  /** dataBits: width of the data channel; maxBeats: longest burst. */
  static readonly params = { dataBits: 32, maxBeats: 16 };
  readonly dataBits: number;
  readonly maxBeats: number;
  readonly axi;
  readonly cmdValid = this.input(Bool(), 'cmd_valid');
  readonly cmdReady = this.output(Bool(), 'cmd_ready');
  /** Byte address, aligned to the data width. */
  readonly cmdAddr = this.input(UInt(64), 'cmd_addr');
  readonly cmdBeats = this.input(UInt(32), 'cmd_beats');
  readonly outValid = this.output(Bool(), 'out_valid');
  readonly outReady = this.input(Bool(), 'out_ready');
  readonly outData;
  /** High when no command is in progress. */
  readonly idle = this.output(Bool());
  /** Sticky: a read response was not OKAY, or RLAST disagreed with the burst length. */
  readonly error = this.output(Bool());

  constructor(p: ParamsOf<typeof AxiReadMaster.params> = {}) {
    const { dataBits, maxBeats } = withDefaults(AxiReadMaster.params, p);
    super({ dataBits, maxBeats });
    [this.dataBits, this.maxBeats] = [dataBits, maxBeats];
    this.axi = this.output(AxiReadChannels(dataBits), 'axi');
    this.outData = this.output(UInt(dataBits), 'out_data');
    const axi = this.axi;
    const bytes = dataBits / 8;

    const addr = this.reg(UInt(64), { init: 0, name: 'addr' });
    const remaining = this.reg(UInt(32), { init: 0, name: 'remaining' });
    const burstLeft = this.reg(UInt(9), { init: 0, name: 'burst_left' });
    const failed = this.reg(Bool(), { init: false, name: 'failed' });
    const beats = this.let('burst_beats', nextBurstBeats(addr, remaining, bytes, maxBeats));
    const fsm = new Fsm(this, 'ReadMaster', ['Idle', 'Address', 'Data']);
    const beat = axi.rvalid.and(fsm.is('Data')).and(this.outReady);

    fsm
      .on('Idle', () =>
        when(this.cmdValid, () => {
          addr.set(this.cmdAddr);
          remaining.set(this.cmdBeats);
          when(this.cmdBeats.ne(0), () => fsm.goto('Address'));
        }),
      )
      .on('Address', () =>
        when(axi.arready, () => {
          burstLeft.set(beats);
          addr.set(addr.add(beats.zext(64).shl(Math.log2(bytes))));
          remaining.set(remaining.sub(beats.zext(32)));
          fsm.goto('Data');
        }),
      )
      .on('Data', () =>
        when(beat, () => {
          burstLeft.set(burstLeft.sub(1));
          when(axi.rresp.ne(0).or(axi.rlast.ne(burstLeft.eq(1))), () => failed.set(true));
          when(burstLeft.eq(1), () => {
            when(remaining.eq(0), () => fsm.goto('Idle')).otherwise(() => fsm.goto('Address'));
          });
        }),
      )
      .build();

    axi.arvalid.set(fsm.is('Address'));
    axi.araddr.set(addr);
    axi.arlen.set(beats.sub(1).trunc(8));
    axi.arsize.set(axSize(dataBits));
    axi.arburst.set(BURST_INCR);
    axi.rready.set(fsm.is('Data').and(this.outReady));
    this.outValid.set(axi.rvalid.and(fsm.is('Data')));
    this.outData.set(axi.rdata);
    this.cmdReady.set(fsm.is('Idle'));
    this.idle.set(fsm.is('Idle'));
    this.error.set(failed);
  }
}
