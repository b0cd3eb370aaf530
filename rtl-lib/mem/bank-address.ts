// The address generator in hardware: logical element index -> (bank, address) for a BankMap.
// Powers of two are bit slices; other bank counts or block sizes divide by a constant with a
// multiply-and-shift (bank-map.ts `reciprocal`), which is exact over the index's whole range.
import { Module, UInt, bitsFor, type Expr, type Signal } from '../../dsl/index.js';
import { type BankMap, reciprocal } from './bank-map.js';

const isPow2 = (n: number) => (n & (n - 1)) === 0;

/** floor(x / d) and x mod d for a constant d, both of the given widths. */
export function divModConst(x: Expr, d: number, qWidth: number, rWidth: number): { q: Expr; r: Expr } {
  const n = x.width;
  if (d === 1) return { q: x.resize(qWidth), r: UInt(rWidth).lit(0) };
  if (isPow2(d)) {
    const s = Math.log2(d);
    const q = s >= n ? UInt(qWidth).lit(0) : x.slice(n - 1, s).resize(qWidth);
    return { q, r: x.slice(Math.min(s, n) - 1, 0).resize(rWidth) };
  }
  const { m, k } = reciprocal(d, n);
  const mw = m.toString(2).length;
  const prod = x.mul(UInt(mw).lit(m));
  const q = prod.width > k ? prod.slice(prod.width - 1, k).resize(qWidth) : UInt(qWidth).lit(0);
  // x - q * d fits rWidth bits (it is below d); compute it at the index width and cut.
  const qd = q
    .resize(n)
    .mul(UInt(bitsFor(d + 1)).lit(d))
    .trunc(n);
  return { q, r: x.sub(qd).trunc(Math.min(rWidth, n)).resize(rWidth) };
}

export function bankWidth(map: BankMap): number {
  return bitsFor(map.banks);
}
export function addrWidth(map: BankMap): number {
  return bitsFor(map.depth);
}
export function indexWidth(map: BankMap): number {
  return bitsFor(map.words);
}

/** (bank, addr) of a logical index expression under `map`. */
export function locateExpr(map: BankMap, index: Expr): { bank: Expr; addr: Expr } {
  const bw = bankWidth(map);
  const aw = addrWidth(map);
  switch (map.partition) {
    case 'complete':
      return { bank: index.resize(bw), addr: UInt(aw).lit(0) };
    case 'cyclic': {
      const { q, r } = divModConst(index, map.banks, aw, bw);
      return { bank: r, addr: q };
    }
    case 'block': {
      const { q, r } = divModConst(index, map.depth, bw, aw);
      return { bank: q, addr: r };
    }
  }
}

/** A stand-alone address generator: `index` in, `bank` and `addr` out (combinational). */
export class BankAddressGenerator extends Module {
  readonly index: Signal;
  readonly bank: Signal;
  readonly addr: Signal;

  constructor(readonly map: BankMap) {
    super({ partition: map.partition, words: map.words, banks: map.banks });
    this.index = this.input(UInt(indexWidth(map)), 'index');
    this.bank = this.output(UInt(bankWidth(map)), 'bank');
    this.addr = this.output(UInt(addrWidth(map)), 'addr');
    const l = locateExpr(map, this.index);
    this.bank.set(l.bank);
    this.addr.set(l.addr);
  }
}
