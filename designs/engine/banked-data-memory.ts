// The engine's data memory built from two-port RAMs: N = 2^m + 1 banks (rtl-lib/mem/fermat-banks.ts),
// each a SimpleDualPortRam (one write, one read port: what a BRAM or URAM offers), in three copies, one
// per read role: A lanes, B lanes, fill lanes. Every write goes to all three copies.
//
// The core's lanes are skewed: lane r of a role reads, r cycles after lane 0, the address lane 0 had
// plus r strides. This memory turns that into one vector access per role and cycle: when lane 0's
// address arrives it reads all lanes' words at once (base + r*stride: L different banks for any stride
// that is not a multiple of N, see fermat-banks.ts) and delays lane r's word by r cycles, so every lane
// gets its word exactly when it did from a memory with one port per lane. Writes are the mirror image:
// column c's word waits C - c cycles, then all columns write base + c*stride at once.
//
// Timing seen by the core (unchanged from a many-ported memory):
//   reads:  `<role>_addr` is the address lane 0 will present in the NEXT cycle (this memory registers it
//           with the lane addresses and bank numbers); lane r's word arrives 1 + r cycles after that.
//   writes: column c presents wr_en[c]/wr_data[c] at its own time t0 + c; `wr_addr` is column 0's
//           address at t0. The words land C - c cycles later than a one-port-per-column memory would
//           write them (all at t0 + C); `writes_pending` is high while any is in flight.
//   host:   for when the engine is idle (`host_sel`): one write port (the word lands one cycle later)
//           and two read ports with latency 2 (data two cycles after the address), through the A and B
//           copies. Their addresses are registered before any bank logic, so no path runs from a port
//           through the bank selection into a RAM.
// Lanes of one vector never share a bank unless they want the same word (fermat-banks.ts; the program
// generator refuses the strides that would), so every bank port selects its lane with an AND-OR.
import {
  Module,
  UInt,
  Bool,
  cat,
  mux,
  bitsFor,
  selectElement,
  type Expr,
  type HwOf,
  type Signal,
} from '../../dsl/index.js';
import { HostPort, LaneRead, LaneWrite } from './engine-ports.js';
import { SimpleDualPortRam } from '../../rtl-lib/mem/ram.js';
import type { RamStyle } from '../../rtl-lib/mem/ram-config.js';
import { bankDepth, fermatBanks, fermatResidue } from '../../rtl-lib/mem/fermat-banks.js';

export interface BankedDataMemoryConfig {
  /** Words of the address space (a power of two). */
  depth: number;
  /** A lanes (PE rows) and B / fill / drain lanes (PE columns). */
  rows: number;
  cols: number;
  /** Bank count: 5, 17 or 257, at least max(rows, cols). */
  banks: number;
  /** Width of the core's addresses and strides (the instruction field width). */
  addrBits: number;
  /** RAM style of every bank (default: 'ultra' (URAM288) from 4K rows per bank, else 'block'). */
  style?: RamStyle;
}

const ROLES = ['a', 'b', 'fill'] as const;
type Role = (typeof ROLES)[number];

export class BankedDataMemory extends Module {
  /** One vector read port per role (the core's A, B and fill lanes) and the drain's vector writes. */
  readonly rd: Record<Role, HwOf<ReturnType<typeof LaneRead>>>;
  readonly wr;
  readonly writesPending = this.output(Bool(), 'writes_pending');
  /** The host's ports drive the memory (the engine idle). */
  readonly hostSel = this.input(Bool(), 'host_sel');
  readonly host;

  constructor(readonly cfg: BankedDataMemoryConfig) {
    const f = fermatBanks(cfg.banks);
    const style = cfg.style ?? defaultBankStyle(bankDepth(f, cfg.depth));
    super({ depth: cfg.depth, rows: cfg.rows, cols: cfg.cols, banks: cfg.banks, addrBits: cfg.addrBits, style });
    const N = f.banks,
      R = cfg.rows,
      C = cfg.cols,
      W = cfg.addrBits;
    if (Math.max(R, C) > N) throw new Error(`${Math.max(R, C)} lanes need at least as many banks, got ${N}`);
    const aw = bitsFor(cfg.depth);
    const rowsPerBank = bankDepth(f, cfg.depth);
    const bw = bitsFor(rowsPerBank);
    const lanes: Record<Role, number> = { a: R, b: C, fill: C };

    this.rd = {
      a: this.input(LaneRead(R, W), 'a'),
      b: this.input(LaneRead(C, W), 'b'),
      fill: this.input(LaneRead(C, W), 'fill'),
    };
    this.wr = this.input(LaneWrite(C, W), 'wr');
    this.host = this.input(HostPort(aw), 'host');

    /** Row and bank of an address. */
    const locate = (addr: Expr) => ({
      row: addr.slice(Math.min(addr.width - 1, f.shift + bw - 1), f.shift).resize(bw),
      bank: fermatResidue(addr, f),
    });
    /** Lane offsets r * stride (r < n), registered: the stride is constant during a step (off the address path). */
    const laneOffsets = (stride: Signal, n: number, name: string): Expr[] =>
      Array.from({ length: n }, (_, r) =>
        r === 0 ? UInt(W).lit(0) : this.delay(timesConst(stride, r, W), `${name}_off${r}`),
      );

    // ---- writes: deskew the columns, then one vector write to every copy -----------------------------
    const wOff = laneOffsets(this.wr.stride, C, 'wr');
    let base: Signal = this.wr.addr;
    for (let d = 0; d < C - 1; d++) base = this.delay(base, `wr_base_d${d + 1}`);
    const pendingBits: Signal[] = [];
    const wLane: { en: Signal; data: Signal; row: Signal; bank: Signal }[] = Array.from({ length: C }, (_, c) => {
      let en: Signal = this.wr.en[c]!,
        data: Signal = this.wr.data[c]!;
      for (let d = 0; d < C - c; d++) {
        en = this.delay(en, { name: `wr_en${c}_d${d + 1}`, init: false });
        data = this.delay(data, `wr_data${c}_d${d + 1}`);
        pendingBits.push(en);
      }
      const at = locate(base.add(wOff[c]!).trunc(W));
      return { en, data, row: this.delay(at.row, `wr_lane${c}_row`), bank: this.delay(at.bank, `wr_lane${c}_bank`) };
    });
    this.writesPending.set(pendingBits.reduce((a: Expr, b) => a.or(b), Bool().lit(false)));
    // The host's write, registered like a lane (it lands one cycle after the port sees it).
    const hostAt = locate(this.host.waddr.zext(W));
    wLane.push({
      en: this.delay(this.hostSel.and(this.host.we), { name: 'host_wr_en_q', init: false }),
      data: this.delay(this.host.wdata, 'host_wr_data_q'),
      row: this.delay(hostAt.row, 'host_wr_row_q'),
      bank: this.delay(hostAt.bank, 'host_wr_bank_q'),
    });

    // ---- reads: one registered vector of lane addresses per role -----------------------------------
    const rdLane = Object.fromEntries(
      ROLES.map((role) => {
        const off = laneOffsets(this.rd[role].stride, lanes[role], role);
        return [
          role,
          off.map((o, r) => {
            const at = locate(this.rd[role].addr.add(o).trunc(W));
            return {
              row: this.delay(at.row, `${role}_lane${r}_row`),
              bank: this.delay(at.bank, `${role}_lane${r}_bank`),
            };
          }),
        ];
      }),
    ) as Record<Role, { row: Signal; bank: Signal }[]>;
    // Host reads, registered too (latency 2): port 1 through the A copy, port 2 through the B copy.
    const hostSelQ = this.delay(this.hostSel, { name: 'host_sel_q', init: false });
    const hostRead = (addr: Signal, name: string) => {
      const at = locate(addr.zext(W));
      return { row: this.delay(at.row, `${name}_row_q`), bank: this.delay(at.bank, `${name}_bank_q`) };
    };
    const hostR: Partial<Record<Role, { row: Signal; bank: Signal }>> = {
      a: hostRead(this.host.raddr, 'host_rd'),
      b: hostRead(this.host.raddr2, 'host_rd2'),
    };

    // ---- the banks ------------------------------------------------------------------------------
    // A URAM row is 72 bits: two words share it (the write enables pick the half, a read keeps the half
    // its row asked for), which halves the URAM count at no cost in ports.
    const pack = style === 'ultra' && rowsPerBank >= 4;
    const bankData: Record<Role, Expr[]> = { a: [], b: [], fill: [] };
    for (let k = 0; k < N; k++) {
      // Write port k: the column (or the host) whose address falls in bank k. Vector lanes are in
      // different banks by construction (fermat-banks.ts), so the select is an AND-OR, not a priority chain.
      const wHits = wLane.map((l) => l.en.and(l.bank.eq(k)));
      const we = orTree(wHits);
      const wRow = orTree(wLane.map((l, c) => mux(wHits[c]!, l.row, UInt(bw).lit(0))));
      const wData = orTree(wLane.map((l, c) => mux(wHits[c]!, l.data, UInt(32).lit(0))));
      for (const role of ROLES) {
        // Read port k: the lane whose address falls in bank k; lanes share a bank only when they want the
        // same word (stride 0), so an OR of their rows is that row.
        const ls = rdLane[role];
        let rRow: Expr = orTree(ls.map((l) => mux(l.bank.eq(k), l.row, UInt(bw).lit(0))));
        const host = hostR[role];
        if (host) rRow = mux(hostSelQ, host.row, rRow);
        bankData[role].push(
          pack
            ? this.packedBank(`${role}_bank${k}`, rowsPerBank, style, we, wRow, wData, rRow)
            : this.plainBank(`${role}_bank${k}`, rowsPerBank, style, we, wRow, wData, rRow),
        );
      }
    }

    // ---- read data back to the lanes, lane r delayed by r cycles -----------------------------------
    for (const role of ROLES) {
      rdLane[role].forEach((l, r) => {
        let word: Expr = selectElement(bankData[role], this.delay(l.bank, `${role}_lane${r}_bank_q`));
        for (let d = 0; d < r; d++) word = this.delay(word, `${role}_lane${r}_data_d${d + 1}`);
        this.rd[role].data[r]!.set(word);
      });
    }
    this.host.rdata.set(selectElement(bankData.a, this.delay(hostR.a!.bank, 'host_rd_bank_qq')));
    this.host.rdata2.set(selectElement(bankData.b, this.delay(hostR.b!.bank, 'host_rd2_bank_qq')));
  }

  /** One bank copy of 32-bit rows. */
  private plainBank(
    name: string,
    rows: number,
    style: RamStyle,
    we: Expr,
    wRow: Expr,
    wData: Expr,
    rRow: Expr,
  ): Signal {
    const ram = this.instance(new SimpleDualPortRam({ depth: rows, width: 32, style }), name);
    ram.wr_en.set(we);
    ram.wr_addr.set(wRow);
    ram.wr_data.set(wData);
    ram.rd_en.set(Bool().lit(true));
    ram.rd_addr.set(rRow);
    return ram.rd_data;
  }

  /**
   * One bank copy with two 32-bit rows in each 64-bit RAM row: a 32-bit write-enable lane writes one half
   * (the URAM's byte enables in pairs of four; Yosys maps it to the same URAM288 as 8-bit lanes). Two
   * lanes, not eight: Verilator makes every lane a delayed partial write checked each cycle, and the
   * eight of 102 RAMs cost 11 % of the paper kernel's simulation (docs/simulation.md).
   */
  private packedBank(name: string, rows: number, style: RamStyle, we: Expr, wRow: Expr, wData: Expr, rRow: Expr): Expr {
    const ram = this.instance(
      new SimpleDualPortRam({ depth: Math.ceil(rows / 2), width: 64, byteWidth: 32, style }),
      name,
    );
    const hi = wRow.width - 1;
    ram.wr_en.set(we);
    ram.wr_addr.set(wRow.slice(hi, 1).resize(ram.wr_addr.width));
    ram.wr_data.set(cat(wData, wData));
    ram.wr_be!.set(mux(wRow.bit(0), UInt(2).lit(0b10), UInt(2).lit(0b01)));
    ram.rd_en.set(Bool().lit(true));
    ram.rd_addr.set(rRow.slice(hi, 1).resize(ram.rd_addr.width));
    const upper = this.delay(rRow.bit(0), `${name}_upper_q`);
    return mux(upper, ram.rd_data.slice(63, 32), ram.rd_data.slice(31, 0));
  }
}

/** OR of the terms as a balanced tree. */
function orTree(xs: readonly Expr[]): Expr {
  if (xs.length === 1) return xs[0]!;
  const h = Math.ceil(xs.length / 2);
  return orTree(xs.slice(0, h)).or(orTree(xs.slice(h)));
}

/** What the data memory of an engine with `depth` words is made of, and what it costs on the device. */
export interface DataMemoryShape {
  banks: number;
  /** One per read role: A lanes, B lanes, fill lanes; every write goes to all. */
  copies: number;
  rowsPerBank: number;
  style: RamStyle;
  /** Ports of every RAM. */
  ramPorts: '1 write + 1 read';
  /** Words of storage in all copies (the address space is `depth`). */
  storedWords: number;
  /** Device primitives for all copies: 32-bit words as RAMB36 1K x 36, or URAM288 4K x 72 (two words a row). */
  bram36: number;
  uram288: number;
}

/** URAM288 (4K x 72) for banks of 4K rows and more, else block RAM. */
export const defaultBankStyle = (rowsPerBank: number): RamStyle => (rowsPerBank >= 4096 ? 'ultra' : 'block');

export function dataMemoryShape(banks: number, depth: number, style?: RamStyle): DataMemoryShape {
  const f = fermatBanks(banks);
  const rowsPerBank = bankDepth(f, depth);
  const s = style ?? defaultBankStyle(rowsPerBank);
  const rams = 3 * banks;
  return {
    banks,
    copies: 3,
    rowsPerBank,
    style: s,
    ramPorts: '1 write + 1 read',
    storedWords: rams * rowsPerBank,
    bram36: s === 'ultra' ? 0 : rams * Math.ceil(rowsPerBank / 1024),
    uram288: s === 'ultra' ? rams * Math.ceil(rowsPerBank / 8192) : 0,
  };
}

/**
 * x * k for a small constant k as shifts and adds, truncated to w bits: a `mul` by a constant would be
 * mapped to a DSP48 slice by synth_xilinx, one per lane offset.
 */
function timesConst(x: Expr, k: number, w: number): Expr {
  let sum: Expr | undefined;
  for (let bit = 0; 2 ** bit <= k; bit++) {
    if (!((k >> bit) & 1)) continue;
    const term = bit === 0 ? x : x.shl(bit).trunc(w);
    sum = sum === undefined ? term : sum.add(term).trunc(w);
  }
  return sum!.trunc(w);
}
