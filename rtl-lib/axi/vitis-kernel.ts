// Base class of a Vitis RTL kernel top: its clock and reset are the ports Vitis connects, `ap_clk`
// and the active-low `ap_rst_n`, instead of the DSL's default `clk`/`rst`. Registers and child
// instances of the kernel see an active-high reset `ap_rst` = !ap_rst_n, so library modules (which
// reset on an active-high `rst`) are connected with the right polarity.
import { Module, Bool, type ClockDomain, type Signal } from '../../dsl/index.js';
import { registerMap, type ArgRegister, type KernelSpec } from './kernel-spec.js';

export abstract class VitisKernel extends Module {
  private apDomain: ClockDomain | undefined;

  constructor(readonly spec: KernelSpec, params: Record<string, string | number | boolean | bigint> = {}) {
    super(params);
    this.setModuleName(spec.name);
    // Created here, outside any when(), so the reset inverter is unconditional.
    this.defaultDomain();
  }

  /** The s_axi_control register map (what kernel.xml and the host driver use). */
  get registers(): ArgRegister[] { return registerMap(this.spec); }

  override defaultDomain(): ClockDomain {
    if (!this.apDomain) {
      const clock = this.input(Bool(), 'ap_clk') as Signal;
      const resetN = this.input(Bool(), 'ap_rst_n') as Signal;
      clock.internal = true;
      resetN.internal = true;
      const reset = this.wire(Bool(), 'ap_rst') as Signal;
      reset.set(resetN.not());
      this.apDomain = { name: 'ap', clock, reset, resetKind: 'sync', resetActiveLow: false, resetName: 'ap_rst' };
      this.domains.push(this.apDomain);
    }
    return this.apDomain;
  }
}

/** True for a module built on VitisKernel (what `--target u50` packages as a kernel). */
export function isVitisKernel(m: Module): m is VitisKernel {
  return m instanceof VitisKernel;
}
