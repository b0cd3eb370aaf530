// Base class of a Vitis RTL kernel top: its clock and reset are the ports Vitis connects, `ap_clk`
// and the active-low `ap_rst_n`, instead of the DSL's default `clk`/`rst`. Registers and child
// instances of the kernel see an active-high reset `ap_rst` = !ap_rst_n, so library modules (which
// reset on an active-high `rst`) are connected with the right polarity.
import { Module, Bool } from '../../dsl/index.js';
import { CONTROL_ADDR_BITS, registerMap, type ArgRegister, type KernelSpec } from './kernel-spec.js';
import { AxiLite, AxiMaster, connectByName } from './axi-bundles.js';
import { AxiLiteControlSlave } from './control-slave.js';
import { AxiReadMaster } from './read-master.js';
import { AxiWriteMaster } from './write-master.js';

/** The usual shell of a kernel: its control slave and one read and one write master on one m_axi port. */
export interface KernelShell {
  control: AxiLiteControlSlave;
  reader: AxiReadMaster;
  writer: AxiWriteMaster;
}

export abstract class VitisKernel extends Module {
  constructor(
    readonly spec: KernelSpec,
    params: Record<string, string | number | boolean | bigint> = {},
  ) {
    super(params);
    this.setModuleName(spec.name);
    this.useDefaultDomain({ clock: 'ap_clk', reset: 'ap_rst_n', activeHighReset: 'ap_rst' });
  }

  /**
   * Declares `s_axi_control`, `m_axi_<master>` and `interrupt` (in that port order) and connects the
   * control slave generated from the spec and a read and a write master (bursts of at most `maxBeats`)
   * to them.
   */
  protected axiShell(master: string, maxBeats: number): KernelShell {
    const spec = this.spec.masters.find((m) => m.name === master);
    if (!spec) throw new Error(`kernel ${this.spec.name} declares no master '${master}'`);
    const controlPort = this.input(AxiLite(CONTROL_ADDR_BITS), 's_axi_control');
    const masterPort = this.output(AxiMaster(spec.dataBits), `m_axi_${master}`);
    const interrupt = this.output(Bool(), 'interrupt');
    const control = this.instance(new AxiLiteControlSlave(this.spec), 'control');
    connectByName(controlPort, control.axi);
    interrupt.set(control.interrupt);
    const reader = this.instance(new AxiReadMaster({ dataBits: spec.dataBits, maxBeats }), 'reader');
    connectByName(masterPort, reader.axi);
    const writer = this.instance(new AxiWriteMaster({ dataBits: spec.dataBits, maxBeats }), 'writer');
    connectByName(masterPort, writer.axi);
    return { control, reader, writer };
  }

  /** The s_axi_control register map (what kernel.xml and the host driver use). */
  get registers(): ArgRegister[] {
    return registerMap(this.spec);
  }
}

/** True for a module built on VitisKernel (what `--target u50` packages as a kernel). */
export function isVitisKernel(m: Module): m is VitisKernel {
  return m instanceof VitisKernel;
}
