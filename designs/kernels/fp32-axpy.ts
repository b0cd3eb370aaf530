// FP32 AXPY as a Vitis RTL kernel: y[i] = alpha * x[i] + y[i] over two buffers in device memory.
// The host writes n, alpha, x and y over s_axi_control and starts it (ap_ctrl_hs); the kernel works
// chunk by chunk: read x[i..i+len) into a buffer, stream y[i..i+len) through the FP32 mac (two
// roundings: round(round(alpha*x) + y)) into a second buffer, write that back over y, repeat.
// One m_axi_gmem port carries all the traffic; the bursts never cross 4 KB.
import { UInt, Fsm, when, mux, bitsFor, withDefaults, type ParamsOf } from '../../dsl/index.js';
import { VitisKernel } from '../../rtl-lib/axi/vitis-kernel.js';
import type { KernelSpec } from '../../rtl-lib/axi/kernel-spec.js';
import { Fp32Mac } from '../../rtl-lib/fp/hw/fp-unit-module.js';

export const fp32AxpySpec: KernelSpec = {
  name: 'fp32_axpy',
  args: [
    { name: 'n', kind: 'scalar', ctype: 'uint' },
    { name: 'alpha', kind: 'scalar', ctype: 'float' },
    { name: 'x', kind: 'pointer', ctype: 'float*', master: 'gmem' },
    { name: 'y', kind: 'pointer', ctype: 'float*', master: 'gmem' },
  ],
  masters: [{ name: 'gmem', dataBits: 32 }],
};

export class Fp32Axpy extends VitisKernel {
  /**
   * chunk: elements buffered per pass (x and y buffers of this depth); maxBeats: longest AXI burst in
   * beats; macStages: pipeline registers inside the FP32 mac.
   */
  static readonly params = { chunk: 32, maxBeats: 16, macStages: 2 };
  readonly chunk: number;
  readonly maxBeats: number;
  readonly macStages: number;

  constructor(p: ParamsOf<typeof Fp32Axpy.params> = {}) {
    const { chunk, maxBeats, macStages } = withDefaults(Fp32Axpy.params, p);
    super(fp32AxpySpec, { chunk, maxBeats, macStages });
    [this.chunk, this.maxBeats, this.macStages] = [chunk, maxBeats, macStages];
    const { control: ctl, reader: rd, writer: wr } = this.axiShell('gmem', maxBeats);
    const mac = this.instance(new Fp32Mac(macStages), 'mac');

    const cntBits = bitsFor(chunk + 1);
    const n = this.reg(UInt(32), { init: 0, name: 'n' });
    const alpha = this.reg(UInt(32), { init: 0, name: 'alpha' });
    const xAddr = this.reg(UInt(64), { init: 0, name: 'x_addr' });
    const yAddr = this.reg(UInt(64), { init: 0, name: 'y_addr' });
    const done = this.reg(UInt(32), { init: 0, name: 'done_count' });
    const cnt = this.reg(UInt(cntBits), { init: 0, name: 'count' });
    const results = this.reg(UInt(cntBits), { init: 0, name: 'result_count' });
    const xbuf = this.memory(UInt(32), chunk, { name: 'xbuf' });
    const ybuf = this.memory(UInt(32), chunk, { name: 'ybuf' });
    const bufAddr = (c: typeof cnt) => c.trunc(xbuf.addrWidth);

    // Elements in this pass: min(n - done, chunk).
    const left = n.sub(done);
    const len = this.let('chunk_len', mux(left.lt(chunk), left, UInt(32).lit(chunk)).trunc(cntBits));
    const bytes = len.zext(64).shl(2);

    const fsm = new Fsm(this, 'Axpy', [
      'Idle',
      'IssueX',
      'RecvX',
      'IssueY',
      'RecvY',
      'IssueW',
      'SendW',
      'Next',
      'Done',
    ]);
    const start = ctl.apStart;
    fsm
      .on('Idle', () =>
        when(start, () => {
          n.set(ctl.args.n!);
          alpha.set(ctl.args.alpha!);
          xAddr.set(ctl.args.x!);
          yAddr.set(ctl.args.y!);
          done.set(0);
          when(ctl.args.n!.eq(0), () => fsm.goto('Done')).otherwise(() => fsm.goto('IssueX'));
        }),
      )
      .on('IssueX', () =>
        when(rd.cmdReady, () => {
          cnt.set(0);
          fsm.goto('RecvX');
        }),
      )
      .on('RecvX', () =>
        when(rd.outValid, () => {
          xbuf.write(bufAddr(cnt), rd.outData);
          cnt.set(cnt.add(1));
          when(cnt.eq(len.sub(1)), () => fsm.goto('IssueY'));
        }),
      )
      .on('IssueY', () =>
        when(rd.cmdReady, () => {
          cnt.set(0);
          results.set(0);
          fsm.goto('RecvY');
        }),
      )
      .on('RecvY', () => {
        when(rd.outValid, () => cnt.set(cnt.add(1)));
        when(results.eq(len), () => fsm.goto('IssueW'));
      })
      .on('IssueW', () =>
        when(wr.cmdReady, () => {
          cnt.set(0);
          fsm.goto('SendW');
        }),
      )
      .on('SendW', () => {
        when(wr.inReady.and(cnt.ne(len)), () => cnt.set(cnt.add(1)));
        when(cnt.eq(len).and(wr.idle), () => fsm.goto('Next'));
      })
      .on('Next', () => {
        done.set(done.add(len.zext(32)));
        xAddr.set(xAddr.add(bytes));
        yAddr.set(yAddr.add(bytes));
        when(done.add(len.zext(32)).eq(n), () => fsm.goto('Done')).otherwise(() => fsm.goto('IssueX'));
      })
      .on('Done', () => fsm.goto('Idle'))
      .build();

    // mac results land in ybuf in arrival order (the mac keeps order).
    when(mac.outValid, () => {
      ybuf.write(bufAddr(results), mac.y);
      results.set(results.add(1));
    });

    rd.cmdValid.set(fsm.isAny('IssueX', 'IssueY'));
    rd.cmdAddr.set(mux(fsm.is('IssueX'), xAddr, yAddr));
    rd.cmdBeats.set(len.zext(32));
    rd.outReady.set(fsm.isAny('RecvX', 'RecvY'));
    mac.inValid.set(rd.outValid.and(fsm.is('RecvY')));
    mac.a.set(alpha);
    mac.b.set(xbuf.read(bufAddr(cnt), { sync: false }));
    mac.c.set(rd.outData);
    wr.cmdValid.set(fsm.is('IssueW'));
    wr.cmdAddr.set(yAddr);
    wr.cmdBeats.set(len.zext(32));
    wr.inValid.set(fsm.is('SendW').and(cnt.ne(len)));
    wr.inData.set(ybuf.read(bufAddr(cnt), { sync: false }));

    ctl.apIdle.set(fsm.is('Idle'));
    ctl.apDone.set(fsm.is('Done'));
    ctl.apReady.set(fsm.is('Done'));
  }
}

export default Fp32Axpy;
