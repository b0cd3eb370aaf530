// Conflict-free strided vector access: N = 2^m + 1 banks (a Fermat prime: 5, 17, 257), word address a
// in bank a mod N at row a >> m. The row is a bit slice, and the pair is still one-to-one: two addresses
// in the same row differ by less than 2^m < N, so they cannot share a residue. Each bank holds
// ceil(depth / 2^m) words: N / 2^m of the storage (6% more at N = 17).
//
// Why a prime: L lanes reading base + r*s (r < L <= N) hit L different banks whenever s mod N != 0,
// because r*s = r'*s (mod N) forces r = r' when N is prime. Every stride of the paper's schedules
// (1, 10, 12, 32, 80, 96, 768, 3072, ...) is then conflict-free, where a power-of-two bank count would
// put the rows of a 768-wide buffer all in one bank. A multiple of N (a rank of 17, say) is refused by
// the engine's program generator. (bank-address.ts divides by any constant with a multiply; here the
// residue must be a few LUT levels, which the Fermat form gives.) Stride 0 is a broadcast: every lane wants
// the same word, one read serves all.
//
// Hardware residue: 2^m = -1 (mod N), so a mod N is the alternating sum of the address's m-bit digits,
// folded (see fermatResidue).
import { UInt, bitsFor, mux, type Expr } from '../../dsl/index.js';

export interface FermatBanks {
  /** N = 2^shift + 1. */
  banks: number;
  shift: number;
}

const FERMAT: readonly FermatBanks[] = [
  { banks: 5, shift: 2 },
  { banks: 17, shift: 4 },
  { banks: 257, shift: 8 },
];

/** The bank configuration with `banks` banks (5, 17 or 257). */
export function fermatBanks(banks: number): FermatBanks {
  const f = FERMAT.find((x) => x.banks === banks);
  if (!f)
    throw new Error(
      `bank count must be a Fermat prime 2^m + 1 (${FERMAT.map((x) => x.banks).join(', ')}), got ${banks}`,
    );
  return f;
}

/** The smallest bank count with room for `lanes` lanes per vector access (17 up to 17 lanes). */
export function banksForLanes(lanes: number): number {
  const f = FERMAT.find((x) => x.banks >= lanes && x.banks >= 17) ?? FERMAT.at(-1)!;
  if (f.banks < lanes) throw new Error(`${lanes} lanes need more than ${f.banks} banks`);
  return f.banks;
}

/** Where a word lives (the model of the hardware mapping). */
export const bankOf = (f: FermatBanks, addr: number): number => addr % f.banks;
export const rowOf = (f: FermatBanks, addr: number): number => Math.floor(addr / 2 ** f.shift);

/** Rows each bank needs for `depth` words. */
export const bankDepth = (f: FermatBanks, depth: number): number => Math.max(2, Math.ceil(depth / 2 ** f.shift));

/**
 * True when `lanes` lanes at base + r*stride (r < lanes) can share a bank: only a non-zero stride that
 * is a multiple of the bank count (lanes <= banks always).
 */
export const stridedLanesConflict = (f: FermatBanks, stride: number, lanes: number): boolean =>
  lanes > 1 && stride !== 0 && stride % f.banks === 0;

/**
 * `addr` mod N in hardware, bitsFor(N) bits wide (values 0..N-1), by arithmetic only: 2^m = -1 (mod N),
 * so the value is the alternating sum of its m-bit digits (plus a multiple of N that keeps it positive),
 * folded again until it is below 2N, then one conditional subtraction. For a 24-bit address mod 17:
 * two sums of three 4-bit digits, one 7-bit fold, one compare: a few dozen gates. (Tables of the
 * residues of 8-bit chunks, the earlier form, were 255-way mux trees: most of the engine's emitted
 * Verilog and of its simulation time.)
 */
export function fermatResidue(addr: Expr, f: FermatBanks): Expr {
  const N = f.banks,
    m = f.shift;
  const rw = bitsFor(N);
  let value = addr;
  let max = 2 ** addr.width - 1;
  while (max >= 2 * N) {
    const digits: Expr[] = [];
    for (let lo = 0; lo < value.width; lo += m) digits.push(value.slice(Math.min(lo + m, value.width) - 1, lo));
    const even = digits.filter((_, i) => i % 2 === 0),
      odd = digits.filter((_, i) => i % 2 === 1);
    const maxEven = even.length * (2 ** m - 1),
      maxOdd = odd.length * (2 ** m - 1);
    // value = sum(even) - sum(odd) (mod N); add a multiple of N so it never goes negative.
    const bias = Math.ceil(maxOdd / N) * N;
    max = maxEven + bias;
    const w = bitsFor(max + 1);
    const sum = (ds: Expr[]) => ds.reduce((acc, d) => acc.add(d.zext(w)).trunc(w), UInt(w).lit(0) as Expr);
    value = sum(even).add(UInt(w).lit(bias)).trunc(w).sub(sum(odd)).trunc(w);
  }
  const w = value.width;
  const reduced = max >= N ? mux(value.ge(UInt(w).lit(N)), value.sub(UInt(w).lit(N)).trunc(w), value) : value;
  return reduced.resize(rw);
}
