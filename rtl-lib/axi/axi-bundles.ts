// AXI4-Lite and AXI4 signal bundles, seen from the master's side (fields the slave drives are
// flipped). A port declared with `{ name: 's_axi_control' }` gets exactly the Vitis names
// `s_axi_control_awaddr`, ...; `m_axi_gmem` gives `m_axi_gmem_arvalid`, ...
import { Bool, Bundle, Flip, UInt, type Signal } from '../../dsl/index.js';

/** AXI4-Lite, 32-bit data (the Vitis control interface). */
export const AxiLite = (addrBits: number) =>
  Bundle({
    awvalid: Bool(),
    awready: Flip(Bool()),
    awaddr: UInt(addrBits),
    wvalid: Bool(),
    wready: Flip(Bool()),
    wdata: UInt(32),
    wstrb: UInt(4),
    bvalid: Flip(Bool()),
    bready: Bool(),
    bresp: Flip(UInt(2)),
    arvalid: Bool(),
    arready: Flip(Bool()),
    araddr: UInt(addrBits),
    rvalid: Flip(Bool()),
    rready: Bool(),
    rdata: Flip(UInt(32)),
    rresp: Flip(UInt(2)),
  });

/** AXI4 read address and read data channels (64-bit addresses, INCR bursts). */
export const AxiReadChannels = (dataBits: number) =>
  Bundle({
    arvalid: Bool(),
    arready: Flip(Bool()),
    araddr: UInt(64),
    arlen: UInt(8),
    arsize: UInt(3),
    arburst: UInt(2),
    rvalid: Flip(Bool()),
    rready: Bool(),
    rdata: Flip(UInt(dataBits)),
    rlast: Flip(Bool()),
    rresp: Flip(UInt(2)),
  });

/** AXI4 write address, write data and write response channels. */
export const AxiWriteChannels = (dataBits: number) =>
  Bundle({
    awvalid: Bool(),
    awready: Flip(Bool()),
    awaddr: UInt(64),
    awlen: UInt(8),
    awsize: UInt(3),
    awburst: UInt(2),
    wvalid: Bool(),
    wready: Flip(Bool()),
    wdata: UInt(dataBits),
    wstrb: UInt(dataBits / 8),
    wlast: Bool(),
    bvalid: Flip(Bool()),
    bready: Bool(),
    bresp: Flip(UInt(2)),
  });

/** A full AXI4 master: both halves on one port, as Vitis expects of an `m_axi_*` interface. */
export const AxiMaster = (dataBits: number) =>
  Bundle({
    ...AxiReadChannels(dataBits).fields,
    ...AxiWriteChannels(dataBits).fields,
  });

/** AXI burst type INCR and the AxSIZE code of a data width. */
export const BURST_INCR = 1;
export const axSize = (dataBits: number): number => Math.log2(dataBits / 8);

/**
 * Connects a child's bundle to a same-named subset of the parent's: the child's inputs are driven by
 * the parent's fields, the parent's fields are driven by the child's outputs.
 */
export function connectByName(parent: Record<string, Signal>, child: Record<string, Signal>): void {
  for (const [k, c] of Object.entries(child)) {
    const p = parent[k];
    if (!p) throw new Error(`connectByName: the parent has no field '${k}'`);
    if (c.role === 'input') c.set(p);
    else p.set(c);
  }
}
