// The s_axi_control slave of a Vitis RTL kernel: ap_ctrl_hs handshake registers, interrupt
// registers and one register per kernel argument, laid out by `registerMap`. Every output the bus
// sees comes from a register (no combinational path from the bus inputs), like the HLS-generated one.
import { Module, UInt, Bool, Fsm, when, mux, cat, type Expr, type Signal } from '../../dsl/index.js';
import { AxiLite } from './axi-bundles.js';
import { CONTROL_ADDR_BITS, CONTROL_REGS, registerMap, type KernelSpec } from './kernel-spec.js';

export class AxiLiteControlSlave extends Module {
  readonly axi;
  readonly interrupt = this.output(Bool());
  /** To the kernel: start request (level, held until ap_ready). */
  readonly apStart = this.output(Bool(), 'ap_start');
  /** From the kernel: one-cycle pulses and the idle level. */
  readonly apDone = this.input(Bool(), 'ap_done');
  readonly apIdle = this.input(Bool(), 'ap_idle');
  readonly apReady = this.input(Bool(), 'ap_ready');
  /** Argument values by name: 32 bits for scalars, 64 for pointers. */
  readonly args: Record<string, Signal> = {};

  constructor(readonly spec: KernelSpec) {
    super({ kernel: spec.name });
    this.setModuleName(`${spec.name}_control_s_axi`);
    const map = registerMap(spec);
    this.axi = this.input(AxiLite(CONTROL_ADDR_BITS), 'axi');
    const axi = this.axi;

    // ---- ap_ctrl_hs and interrupt state ----
    const start = this.reg(Bool(), { init: false, name: 'int_ap_start' });
    const done = this.reg(Bool(), { init: false, name: 'int_ap_done' });
    const idle = this.reg(Bool(), { init: true, name: 'int_ap_idle' });
    const ready = this.reg(Bool(), { init: false, name: 'int_ap_ready' });
    const autoRestart = this.reg(Bool(), { init: false, name: 'int_auto_restart' });
    const gie = this.reg(Bool(), { init: false, name: 'int_gie' });
    const ier = this.reg(UInt(2), { init: 0, name: 'int_ier' });
    const isr = this.reg(UInt(2), { init: 0, name: 'int_isr' });
    const argRegs = map.map((r) =>
      Array.from({ length: r.bytes / 4 }, (_, w) =>
        this.reg(UInt(32), { init: 0, name: `int_${r.arg.name}${r.bytes > 4 ? `_${w}` : ''}` }),
      ),
    );

    // ---- write channel: address, then data, then response ----
    const wfsm = new Fsm(this, 'ControlWrite', ['Idle', 'Data', 'Resp']);
    const waddr = this.reg(UInt(CONTROL_ADDR_BITS), { init: 0, name: 'waddr' });
    const awFire = axi.awvalid.and(wfsm.is('Idle'));
    const wFire = axi.wvalid.and(wfsm.is('Data'));
    when(awFire, () => waddr.set(axi.awaddr));
    wfsm
      .on('Idle', () => when(axi.awvalid, () => wfsm.goto('Data')))
      .on('Data', () => when(axi.wvalid, () => wfsm.goto('Resp')))
      .on('Resp', () => when(axi.bready, () => wfsm.goto('Idle')))
      .build();
    axi.awready.set(wfsm.is('Idle'));
    axi.wready.set(wfsm.is('Data'));
    axi.bvalid.set(wfsm.is('Resp'));
    axi.bresp.set(0);

    // Byte-enable merge of a 32-bit register with the written word.
    const strbMask = cat(...[3, 2, 1, 0].map((i) => axi.wstrb.bit(i).repeat(8)));
    const merged = (old: Expr) => old.and(strbMask.not()).or(axi.wdata.and(strbMask));
    const writes = (offset: number) => wFire.and(waddr.eq(offset));

    // ---- read channel: address, then registered data ----
    const rfsm = new Fsm(this, 'ControlRead', ['Idle', 'Data']);
    const rdata = this.reg(UInt(32), { init: 0, name: 'rdata' });
    const arFire = axi.arvalid.and(rfsm.is('Idle'));
    rfsm
      .on('Idle', () => when(axi.arvalid, () => rfsm.goto('Data')))
      .on('Data', () => when(axi.rready, () => rfsm.goto('Idle')))
      .build();
    axi.arready.set(rfsm.is('Idle'));
    axi.rvalid.set(rfsm.is('Data'));
    axi.rdata.set(rdata);
    axi.rresp.set(0);
    const readsCtrl = arFire.and(axi.araddr.eq(CONTROL_REGS.ctrl));

    // ap_start: set by writing 1 to bit 0; cleared when the kernel takes it (ap_ready) unless auto_restart.
    when(writes(CONTROL_REGS.ctrl).and(axi.wstrb.bit(0)).and(axi.wdata.bit(0)), () => start.set(true)).elsewhen(
      this.apReady.and(autoRestart.not()),
      () => start.set(false),
    );
    when(writes(CONTROL_REGS.ctrl).and(axi.wstrb.bit(0)), () => autoRestart.set(axi.wdata.bit(7)));
    // ap_done / ap_ready: set by the kernel's pulse, cleared when the host reads CTRL (a pulse wins).
    when(this.apDone, () => done.set(true)).elsewhen(readsCtrl, () => done.set(false));
    when(this.apReady, () => ready.set(true)).elsewhen(readsCtrl, () => ready.set(false));
    idle.set(this.apIdle);
    when(writes(CONTROL_REGS.gie).and(axi.wstrb.bit(0)), () => gie.set(axi.wdata.bit(0)));
    when(writes(CONTROL_REGS.ier).and(axi.wstrb.bit(0)), () => ier.set(axi.wdata.slice(1, 0)));
    // ISR: an enabled event sets its bit; a written 1 toggles it (events win over the toggle).
    const events = cat(this.apReady.and(ier.bit(1)), this.apDone.and(ier.bit(0)));
    const toggle = mux(writes(CONTROL_REGS.isr).and(axi.wstrb.bit(0)), axi.wdata.slice(1, 0), UInt(2).lit(0));
    isr.set(isr.xor(toggle).or(events));

    map.forEach((r, i) => argRegs[i]!.forEach((reg, w) => when(writes(r.offset + 4 * w), () => reg.set(merged(reg)))));

    // Read multiplexer over every register, latched on the address handshake.
    const ctrlWord = cat(autoRestart, UInt(3).lit(0), ready, idle, done, start);
    const readable: [number, Expr][] = [
      [CONTROL_REGS.ctrl, ctrlWord],
      [CONTROL_REGS.gie, gie],
      [CONTROL_REGS.ier, ier],
      [CONTROL_REGS.isr, isr],
      ...map.flatMap((r, i) => argRegs[i]!.map((reg, w): [number, Expr] => [r.offset + 4 * w, reg])),
    ];
    let value: Expr = UInt(32).lit(0);
    for (const [offset, v] of readable.reverse()) value = mux(axi.araddr.eq(offset), v.zext(32), value);
    when(arFire, () => rdata.set(value));

    this.interrupt.set(gie.and(isr.orR()));
    this.apStart.set(start);
    map.forEach((r, i) => {
      const words = argRegs[i]!;
      const out = this.output(UInt(32 * words.length), `arg_${r.arg.name}`);
      out.set(words.length === 1 ? words[0]! : cat(words[1]!, words[0]!));
      this.args[r.arg.name] = out;
    });
  }
}
