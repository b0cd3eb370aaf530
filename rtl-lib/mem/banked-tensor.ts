// A logical tensor split over banks (bank-map.ts), each bank a SimpleDualPortRam, or one register per
// element for the complete partition. Ports:
//   wr_en, wr_index, wr_data          write one element (the address generator picks bank and address)
//   wr_row_en, wr_row, wr_lanes[B]    write one row: lane k goes to bank k at address wr_row; a row
//                                     write wins over an element write in the same cycle
//   rd_en, rd_index                   read the row holding element rd_index from every bank at once:
//   rd_lanes[B], rd_data              after the read latency, lane k = bank k's word of that row (for
//                                     cyclic: the B neighbours of the aligned group), rd_data = the element
// Read timing and hold behaviour are the banks' (ram.ts); the bank choice for rd_data is registered with
// the same enable so a held output stays consistent. The complete partition has one row: wr_row and
// the read address are ignored, rd_lanes shows every element with the same latency as rd_data.
import { Module, Bool, UInt, Vec, mux, bitsFor, type Expr, type Signal, type SignalVec } from '../../dsl/index.js';
import { SimpleDualPortRam } from './ram.js';
import type { RamStyle, ReadLatency } from './ram-config.js';
import { type BankMap, type Partition, bankMap } from './bank-map.js';
import { addrWidth, bankWidth, indexWidth, locateExpr } from './bank-address.js';

export interface BankedTensorConfig {
  words: number;
  width: number;
  partition: Partition;
  /** Ignored for 'complete' (one bank per element). */
  banks?: number;
  /** Read latency 1 to 3 (default 1). */
  latency?: Exclude<ReadLatency, 0>;
  /** Style of every bank (default 'block'); the complete partition is always registers. */
  style?: RamStyle;
}

export class BankedTensor extends Module {
  readonly map: BankMap;
  readonly wr_en: Signal;
  readonly wr_index: Signal;
  readonly wr_data: Signal;
  readonly wr_row_en: Signal;
  readonly wr_row: Signal;
  readonly wr_lanes: SignalVec<Signal>;
  readonly rd_en: Signal;
  readonly rd_index: Signal;
  readonly rd_lanes: SignalVec<Signal>;
  readonly rd_data: Signal;
  readonly banks: SimpleDualPortRam[] = [];

  constructor(readonly cfg: BankedTensorConfig) {
    const map = bankMap(cfg.words, cfg.partition, cfg.banks ?? 1);
    const latency = cfg.latency ?? 1;
    super({
      partition: map.partition,
      words: map.words,
      width: cfg.width,
      banks: map.banks,
      latency,
      style: cfg.style ?? 'block',
    });
    this.map = map;
    const B = map.banks;
    const w = cfg.width;
    this.wr_en = this.input(Bool(), 'wr_en');
    this.wr_index = this.input(UInt(indexWidth(map)), 'wr_index');
    this.wr_data = this.input(UInt(w), 'wr_data');
    this.wr_row_en = this.input(Bool(), 'wr_row_en');
    this.wr_row = this.input(UInt(addrWidth(map)), 'wr_row');
    this.wr_lanes = this.input(Vec(B, UInt(w)), 'wr_lanes');
    this.rd_en = this.input(Bool(), 'rd_en');
    this.rd_index = this.input(UInt(indexWidth(map)), 'rd_index');
    this.rd_lanes = this.output(Vec(B, UInt(w)), 'rd_lanes');
    this.rd_data = this.output(UInt(w), 'rd_data');

    const wl = locateExpr(map, this.wr_index);
    const rl = locateExpr(map, this.rd_index);
    const lanes: Expr[] = [];
    if (map.partition === 'complete') {
      for (let k = 0; k < B; k++) {
        const cell = this.reg(UInt(w), { name: `element_${k}` });
        const mine = wl.bank.eq(k);
        cell.set(mux(this.wr_row_en, this.wr_lanes[k]!, mux(this.wr_en.and(mine), this.wr_data, cell)));
        lanes.push(this.readStages(cell, latency, `lane_${k}`));
      }
    } else {
      for (let k = 0; k < B; k++) {
        const bank = this.instance(
          new SimpleDualPortRam({ depth: Math.max(2, map.depth), width: w, latency, style: cfg.style ?? 'block' }),
          `bank_${k}`,
        );
        this.banks.push(bank);
        const aw = bank.config.addrWidth;
        const mine = wl.bank.eq(k);
        bank.wr_en.set(this.wr_row_en.or(this.wr_en.and(mine)));
        bank.wr_addr.set(mux(this.wr_row_en, this.wr_row, wl.addr).resize(aw));
        bank.wr_data.set(mux(this.wr_row_en, this.wr_lanes[k]!, this.wr_data));
        bank.rd_en.set(this.rd_en);
        bank.rd_addr.set(rl.addr.resize(aw));
        lanes.push(bank.rd_data);
      }
    }
    lanes.forEach((l, k) => this.rd_lanes[k]!.set(l));
    // Which lane is the element: chosen with the read, then carried along the output registers.
    const q1 = this.reg(UInt(bankWidth(map)), { name: 'rd_bank_q1', enable: this.rd_en });
    q1.set(rl.bank);
    let sel: Expr = q1;
    for (let i = 2; i <= latency; i++) sel = this.delay(sel, { name: `rd_bank_q${i}` });
    this.rd_data.set(this.rd_lanes.select(sel));
  }

  /** Complete partition: a register's value seen through `latency` stages, like a bank's read path. */
  private readStages(cell: Expr, latency: number, name: string): Expr {
    const q1 = this.reg(UInt(cell.width), { name: `${name}_q1`, enable: this.rd_en });
    q1.set(cell);
    let s: Expr = q1;
    for (let i = 2; i <= latency; i++) s = this.delay(s, { name: `${name}_q${i}` });
    return s;
  }
}

/**
 * Two buffers of `depth` words in one simple dual port array: the producer writes one while the
 * consumer reads the other; `swap` exchanges them at the next edge. `wr_buf` says which buffer the
 * producer writes now (the consumer reads the other). Buffer b holds array words [b*depth, (b+1)*depth).
 */
export class PingPongBuffer extends Module {
  readonly swap: Signal;
  readonly wr_buf: Signal;
  readonly wr_en: Signal;
  readonly wr_addr: Signal;
  readonly wr_data: Signal;
  readonly rd_en: Signal;
  readonly rd_addr: Signal;
  readonly rd_data: Signal;
  readonly ram: SimpleDualPortRam;

  constructor(
    readonly depth: number,
    readonly width: number,
    opts: { latency?: Exclude<ReadLatency, 0>; style?: RamStyle } = {},
  ) {
    super({ depth, width, latency: opts.latency ?? 1, style: opts.style ?? 'block' });
    const ram = this.instance(
      new SimpleDualPortRam({ depth: 2 * depth, width, latency: opts.latency ?? 1, style: opts.style ?? 'block' }),
      'ram',
    );
    this.ram = ram;
    const aw = ram.config.addrWidth;
    const lw = bitsFor(depth);
    this.swap = this.input(Bool(), 'swap');
    this.wr_buf = this.output(Bool(), 'wr_buf');
    this.wr_en = this.input(Bool(), 'wr_en');
    this.wr_addr = this.input(UInt(lw), 'wr_addr');
    this.wr_data = this.input(UInt(width), 'wr_data');
    this.rd_en = this.input(Bool(), 'rd_en');
    this.rd_addr = this.input(UInt(lw), 'rd_addr');
    this.rd_data = this.output(UInt(width), 'rd_data');
    const buf = this.reg(Bool(), { name: 'buf', init: 0 });
    buf.set(mux(this.swap, buf.not(), buf));
    this.wr_buf.set(buf);
    // Physical address: the buffer's base plus the offset (a bit concatenation when depth is 2^k).
    const at = (b: Expr, a: Signal) => mux(b, a.resize(aw).add(depth), a.resize(aw));
    ram.wr_en.set(this.wr_en);
    ram.wr_addr.set(at(buf, this.wr_addr));
    ram.wr_data.set(this.wr_data);
    ram.rd_en.set(this.rd_en);
    ram.rd_addr.set(at(buf.not(), this.rd_addr));
    this.rd_data.set(ram.rd_data);
  }
}
