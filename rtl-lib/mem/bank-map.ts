// How a logical tensor of `words` elements is split over banks, so that several elements can be read
// in one cycle (one per bank):
//   cyclic   element i lives in bank i mod B at address floor(i / B): consecutive elements in
//            different banks (a row of B neighbours is read at once);
//   block    bank floor(i / S) at address i mod S with S = ceil(words / B): each bank a contiguous run
//            (a row holds elements S apart);
//   complete every element its own bank (registers): all elements at once.
export type Partition = 'cyclic' | 'block' | 'complete';

export interface BankLocation {
  bank: number;
  addr: number;
}

export interface BankMap {
  readonly partition: Partition;
  readonly words: number;
  readonly banks: number;
  /** Words each bank holds (its depth). */
  readonly depth: number;
  /** Where element i lives. */
  locate(i: number): BankLocation;
  /** The element at (bank, addr), or undefined for the padding past the end of the tensor. */
  index(bank: number, addr: number): number | undefined;
}

export function bankMap(words: number, partition: Partition, banks = 1): BankMap {
  if (!Number.isInteger(words) || words < 1)
    throw new Error(`a banked tensor needs a positive number of words, got ${words}`);
  if (partition === 'complete') banks = words;
  if (!Number.isInteger(banks) || banks < 1 || banks > words)
    throw new Error(`bank count must be 1..${words}, got ${banks}`);
  const depth = Math.ceil(words / banks);
  const check = (i: number) => {
    if (!Number.isInteger(i) || i < 0 || i >= words) throw new Error(`element ${i} is outside 0..${words - 1}`);
  };
  const inside = (i: number) => (i < words ? i : undefined);
  switch (partition) {
    case 'cyclic':
      return {
        partition,
        words,
        banks,
        depth,
        locate: (i) => {
          check(i);
          return { bank: i % banks, addr: Math.floor(i / banks) };
        },
        index: (b, a) => inside(a * banks + b),
      };
    case 'block':
      return {
        partition,
        words,
        banks,
        depth,
        locate: (i) => {
          check(i);
          return { bank: Math.floor(i / depth), addr: i % depth };
        },
        index: (b, a) => inside(b * depth + a),
      };
    case 'complete':
      return {
        partition,
        words,
        banks,
        depth: 1,
        locate: (i) => {
          check(i);
          return { bank: i, addr: 0 };
        },
        index: (b, a) => (a === 0 ? inside(b) : undefined),
      };
  }
}

/**
 * Multiplier and shift that divide every n-bit value by the constant d exactly:
 * floor(x / d) = (x * m) >> k for 0 <= x < 2^n, with k = n + ceil(log2 d) and m = ceil(2^k / d)
 * (the round-up reciprocal; its error stays below one quotient step over n-bit inputs).
 */
export function reciprocal(d: number, n: number): { m: bigint; k: number } {
  if (!Number.isInteger(d) || d < 1) throw new Error(`divisor must be a positive integer, got ${d}`);
  const k = n + Math.ceil(Math.log2(d));
  const m = ((1n << BigInt(k)) + BigInt(d) - 1n) / BigInt(d);
  return { m, k };
}
