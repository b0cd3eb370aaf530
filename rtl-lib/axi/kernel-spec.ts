// What a Vitis RTL kernel looks like from the host: its arguments (scalars and 64-bit buffer pointers,
// in the order of clSetKernelArg / xrt::kernel), its AXI4 masters, and the s_axi_control register map
// that both the control slave hardware and kernel.xml are generated from (one source of truth).

/** A 32-bit scalar passed by value (float travels as its IEEE-754 bits). */
export interface ScalarArg {
  readonly name: string;
  readonly kind: 'scalar';
  readonly ctype: 'uint' | 'int' | 'float';
}

/** A device buffer: its 64-bit address is written by the host; `master` names the m_axi port that reads it. */
export interface PointerArg {
  readonly name: string;
  readonly kind: 'pointer';
  /** C pointer type for kernel.xml, e.g. 'float*'. */
  readonly ctype: string;
  readonly master: string;
}

export type KernelArg = ScalarArg | PointerArg;

/** An AXI4 master `m_axi_<name>` with 64-bit addresses. */
export interface MasterSpec {
  readonly name: string;
  /** Data bus width in bits: 32, 64, 128, 256 or 512. */
  readonly dataBits: number;
}

export interface KernelSpec {
  /** Kernel (and top Verilog module) name: a C identifier. */
  readonly name: string;
  readonly args: readonly KernelArg[];
  readonly masters: readonly MasterSpec[];
}

/** One argument's place in the s_axi_control address space. */
export interface ArgRegister {
  readonly id: number;
  readonly arg: KernelArg;
  /** Byte offset of the (low) 32-bit word. */
  readonly offset: number;
  /** 4 for scalars, 8 for pointers (low word at offset, high word at offset + 4). */
  readonly bytes: number;
}

/** Fixed registers of the ap_ctrl_hs protocol, as Vitis HLS lays them out. */
export const CONTROL_REGS = {
  /** bit 0 ap_start (set by host, cleared by ap_ready), 1 ap_done (clear on read), 2 ap_idle, 3 ap_ready (clear on read), 7 auto_restart. */
  ctrl: 0x00,
  /** Global interrupt enable, bit 0. */
  gie: 0x04,
  /** Interrupt enable: bit 0 ap_done, bit 1 ap_ready. */
  ier: 0x08,
  /** Interrupt status: bit 0 ap_done, bit 1 ap_ready; writing a 1 toggles the bit. */
  isr: 0x0c,
} as const;

/** First argument offset; every argument takes an 8-byte slot from here on. */
export const FIRST_ARG_OFFSET = 0x10;
/** s_axi_control address bits: a 4 KB window (the Vitis RTL kernel wizard's choice). */
export const CONTROL_ADDR_BITS = 12;

const SUPPORTED_DATA_BITS = [32, 64, 128, 256, 512];

/** Checks a spec and lays out its arguments: 8-byte slots from 0x10 in argument order. */
export function registerMap(spec: KernelSpec): ArgRegister[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name)) throw new Error(`kernel name '${spec.name}' is not a C identifier`);
  const seen = new Set<string>();
  for (const a of spec.args) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a.name)) throw new Error(`argument name '${a.name}' is not a C identifier`);
    if (seen.has(a.name)) throw new Error(`argument '${a.name}' appears twice`);
    seen.add(a.name);
    if (a.kind === 'pointer' && !spec.masters.some((m) => m.name === a.master))
      throw new Error(`argument '${a.name}' uses m_axi_${a.master}, which the kernel does not declare`);
  }
  for (const m of spec.masters) {
    if (!SUPPORTED_DATA_BITS.includes(m.dataBits))
      throw new Error(`m_axi_${m.name}: data width ${m.dataBits} is not one of ${SUPPORTED_DATA_BITS.join(', ')}`);
  }
  const regs = spec.args.map((arg, id) => ({
    id,
    arg,
    offset: FIRST_ARG_OFFSET + 8 * id,
    bytes: arg.kind === 'pointer' ? 8 : 4,
  }));
  const end = FIRST_ARG_OFFSET + 8 * spec.args.length;
  if (end > 1 << CONTROL_ADDR_BITS)
    throw new Error(`${spec.args.length} arguments do not fit the ${1 << CONTROL_ADDR_BITS}-byte control window`);
  return regs;
}
