// The port bundles between the engine's parts (core, data memory, the module that drives the engine),
// each seen from the side that gives the address: flipped fields come back. Field names are chosen so
// the Verilog port names are the short ones testbenches and drivers use (`a_rd_addr`, `host_rdata`, ...).
import { Bool, Bundle, Flip, UInt, Vec } from '../../dsl/index.js';
import { INSTRUCTION_BITS } from './instruction.js';

/** A vector read: lane 0's address and the lane stride out, one word per lane back (skewed, see the memory). */
export const LaneRead = (lanes: number, addrBits: number) =>
  Bundle({
    addr: UInt(addrBits),
    stride: UInt(addrBits),
    data: Flip(Vec(lanes, UInt(32))),
  });

/** A vector write: one enable and word per column at its own time, column 0's address and the stride. */
export const LaneWrite = (lanes: number, addrBits: number) =>
  Bundle({
    en: Vec(lanes, Bool()),
    addr: UInt(addrBits),
    stride: UInt(addrBits),
    data: Vec(lanes, UInt(32)),
  });

/** The host's access to the data memory while the engine is idle: one write port, two read ports. */
export const HostPort = (addrBits: number) =>
  Bundle({
    we: Bool(),
    waddr: UInt(addrBits),
    wdata: UInt(32),
    raddr: UInt(addrBits),
    rdata: Flip(UInt(32)),
    raddr2: UInt(addrBits),
    rdata2: Flip(UInt(32)),
  });

/** Writes into the program memory (words of the engine's instruction format unless told). */
export const ProgramWrite = (addrBits: number, wordBits = INSTRUCTION_BITS) =>
  Bundle({
    we: Bool(),
    addr: UInt(addrBits),
    wdata: UInt(wordBits),
  });
