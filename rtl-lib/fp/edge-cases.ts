// Edge-case operand sets for any format: zeros, subnormals around every boundary, smallest and
// largest normals, infinities, NaNs, values around 1 and around every exponent change, and pairs built
// to hit exact halfway cases, rounding carry-out and massive cancellation.
import { type FloatFormat, bias, maxExpField, totalBits } from './format.js';

export function encode(f: FloatFormat, sign: number, field: number, frac: bigint): bigint {
  return (BigInt(sign) << BigInt(f.expBits + f.mantBits)) | (BigInt(field) << BigInt(f.mantBits)) | frac;
}

/** Single operands: every interesting exponent field crossed with every interesting fraction. */
export function edgeValues(f: FloatFormat): bigint[] {
  const m = BigInt(f.mantBits);
  const fracMax = (1n << m) - 1n;
  const fracs = [0n, 1n, 2n, 3n, 1n << (m - 1n), (1n << (m - 1n)) + 1n, fracMax - 1n, fracMax];
  const b = bias(f);
  const top = maxExpField(f);
  const fields = [0, 1, 2, 3, b - 2, b - 1, b, b + 1, b + 2, top - 2, top - 1, top];
  const out = new Set<bigint>();
  for (const s of [0, 1])
    for (const e of new Set(fields)) for (const fr of fracs) out.add(encode(f, s, e, fr & fracMax));
  return [...out];
}

/** Hand-built pairs for addition: halfway ties, carry-out, overflow by rounding, cancellation. */
export function addEdgePairs(f: FloatFormat): [bigint, bigint][] {
  const m = f.mantBits;
  const b = bias(f);
  const fracMax = (1n << BigInt(m)) - 1n;
  const one = encode(f, 0, b, 0n);
  const pairs: [bigint, bigint][] = [];
  const halfUlpOf = (field: number) => encode(f, 0, field - m - 1, 0n);
  for (const field of [b, b + 1, m + 3, maxExpField(f) - 1]) {
    if (field - m - 1 < 1) continue;
    for (const fr of [0n, 1n, 2n, fracMax - 1n, fracMax]) {
      const x = encode(f, 0, field, fr);
      pairs.push([x, halfUlpOf(field)]); // exact tie: even stays, odd rounds up, all-ones carries out
      pairs.push([x, halfUlpOf(field) + 1n]); // just above the tie
      pairs.push([x, halfUlpOf(field) - 1n]); // just below the tie
      pairs.push([x, encode(f, 1, field - m - 1, 0n)]); // subtracting a half ulp: tie below
    }
  }
  // Massive cancellation: neighbours and near-neighbours of opposite sign at many exponents.
  for (const field of [1, 2, b, b + 7, maxExpField(f) - 1]) {
    for (const fr of [0n, 1n, fracMax, 1n << BigInt(m - 1)]) {
      const x = encode(f, 0, field, fr);
      for (const d of [-2n, -1n, 1n, 2n]) {
        const y = x + d;
        if (y >= 0n && y >> BigInt(m) <= BigInt(maxExpField(f) - 1))
          pairs.push([x, y | (1n << BigInt(totalBits(f) - 1))]);
      }
    }
  }
  // Subnormal sums crossing into the normal range, and the largest values overflowing.
  pairs.push([encode(f, 0, 0, fracMax), encode(f, 0, 0, 1n)]);
  pairs.push([encode(f, 0, 0, fracMax), encode(f, 0, 0, fracMax)]);
  pairs.push([encode(f, 0, maxExpField(f) - 1, fracMax), encode(f, 0, maxExpField(f) - 1, fracMax)]);
  pairs.push([one, encode(f, 1, b, 0n)]);
  return pairs;
}

/** Hand-built pairs for multiplication: results at the subnormal boundary, ties, overflow. */
export function mulEdgePairs(f: FloatFormat): [bigint, bigint][] {
  const m = f.mantBits;
  const b = bias(f);
  const fracMax = (1n << BigInt(m)) - 1n;
  const pairs: [bigint, bigint][] = [];
  const half = encode(f, 0, b - 1, 0n);
  const justOverHalf = encode(f, 0, b - 1, 1n);
  for (const fr of [1n, 2n, 3n, fracMax]) {
    const sub = encode(f, 0, 0, fr);
    pairs.push([sub, half], [sub, justOverHalf], [sub, encode(f, 0, b - 2, fracMax)]);
  }
  // (1 + 2^-h)^2 = 1 + 2^(1-h) + 2^-2h: a tie when 2h = m + 1.
  for (let h = 1; h <= m; h++) {
    const x = encode(f, 0, b, 1n << BigInt(m - h));
    pairs.push([x, x], [x, encode(f, 0, b, (1n << BigInt(m - h)) + 1n)]);
  }
  // Smallest normal times values just below 1 (results just below the normal range).
  const minNormal = encode(f, 0, 1, 0n);
  for (const fr of [fracMax, fracMax - 1n, 1n << BigInt(m - 1)]) pairs.push([minNormal, encode(f, 0, b - 1, fr)]);
  // Largest normal times values around 1 (overflow by rounding).
  const maxNormal = encode(f, 0, maxExpField(f) - 1, fracMax);
  for (const fr of [0n, 1n, fracMax])
    pairs.push([maxNormal, encode(f, 0, b, fr)], [maxNormal, encode(f, 0, b - 1, fr)]);
  return pairs;
}

/**
 * Hand-built pairs for division: exact quotients, quotients just either side of a representable
 * value, results at the subnormal boundary (where ties exist) and at the overflow boundary.
 */
export function divEdgePairs(f: FloatFormat): [bigint, bigint][] {
  const m = f.mantBits;
  const b = bias(f);
  const fracMax = (1n << BigInt(m)) - 1n;
  const top = maxExpField(f);
  const pairs: [bigint, bigint][] = [];
  // Exact: (q d) / d for small odd q and divisors of few significant bits, at several exponents.
  const exactly = (n: bigint, field: number): bigint | undefined => {
    const bits = n.toString(2).length;
    if (bits > m + 1) return undefined;
    return encode(f, 0, field, (n << BigInt(m + 1 - bits)) & fracMax);
  };
  for (const d of [1n, 3n, 5n, 7n, 11n, 13n, 255n, 1023n]) {
    for (const q of [1n, 3n, 5n, 9n, 15n, 17n, 127n]) {
      for (const [fa, fb] of [
        [b, b],
        [b + 3, b - 2],
        [2, b + 1],
        [top - 2, b],
      ]) {
        const x = exactly(q * d, fa!);
        const y = exactly(d, fb!);
        if (x !== undefined && y !== undefined) pairs.push([x, y]);
      }
    }
  }
  for (const fr of [1n, 2n, 3n, fracMax - 1n, fracMax]) {
    const x = encode(f, 0, b, fr);
    pairs.push([x, x], [x, encode(f, 0, b, fr - 1n)], [encode(f, 0, b, fr - 1n), x], [x, encode(f, 1, b - 1, fracMax)]);
  }
  // Subnormal results: halving a subnormal is a tie (1 ulp / 2 -> 0 even, 3 ulp / 2 -> 2), and small
  // normals divided by values around 2^k cross the normal boundary.
  const two = encode(f, 0, b + 1, 0n);
  for (const fr of [1n, 2n, 3n, 5n, fracMax]) {
    const sub = encode(f, 0, 0, fr);
    pairs.push(
      [sub, two],
      [sub, encode(f, 0, b + 1, 1n)],
      [sub, encode(f, 0, b, fracMax)],
      [sub, encode(f, 1, b + 2, 0n)],
    );
  }
  const minNormal = encode(f, 0, 1, 0n);
  const maxNormal = encode(f, 0, top - 1, fracMax);
  for (const fr of [0n, 1n, fracMax]) {
    pairs.push(
      [minNormal, encode(f, 0, b + 1, fr)],
      [minNormal, encode(f, 0, b, fr)],
      [encode(f, 0, 1, fr), maxNormal],
    );
    // Overflow: the largest values divided by values just below 1 and by 1/2.
    pairs.push(
      [maxNormal, encode(f, 0, b - 1, fracMax - fr)],
      [maxNormal, encode(f, 0, b - 1, fr)],
      [encode(f, 0, top - 1, fr), encode(f, 0, 0, fracMax)],
    );
  }
  pairs.push([encode(f, 0, 0, 1n), maxNormal], [maxNormal, encode(f, 0, 0, 1n)], [encode(f, 0, b, 0n), maxNormal]);
  return pairs;
}

/** Single operands for square root: perfect squares (exact roots), their neighbours, both exponent parities. */
export function sqrtEdgeValues(f: FloatFormat): bigint[] {
  const m = f.mantBits;
  const b = bias(f);
  const out = new Set<bigint>();
  for (let k = 1; k < 64; k++) {
    // k^2 scaled into [1, 4): exact when k^2 has at most m+1 significant bits.
    const sq = BigInt(k * k);
    const bits = sq.toString(2).length;
    if (bits > m + 1) break;
    const frac = (sq << BigInt(m + 1 - bits)) & ((1n << BigInt(m)) - 1n);
    for (const field of [1, 2, b - 1, b, b + 1, maxExpField(f) - 2]) {
      const x = encode(f, 0, field, frac);
      out.add(x);
      out.add(x + 1n);
      if (frac > 0n) out.add(x - 1n);
    }
  }
  // Subnormal perfect squares (4^j ulps) and their neighbours.
  for (let j = 0; 2 * j < m; j++) {
    const v = 1n << BigInt(2 * j);
    for (const d of [-1n, 0n, 1n]) if (v + d > 0n) out.add(encode(f, 0, 0, v + d));
  }
  return [...out];
}

/** All ordered pairs of the edge values, plus the hand-built ones. */
export function edgePairs(f: FloatFormat, extra: [bigint, bigint][] = []): [bigint, bigint][] {
  const v = edgeValues(f);
  const out: [bigint, bigint][] = [];
  for (const a of v) for (const b of v) out.push([a, b]);
  return [...out, ...extra, ...extra.map(([a, b]) => [b, a] as [bigint, bigint])];
}

/** Integer edge cases for int -> float conversion. */
export function intEdgeValues(): bigint[] {
  const out = new Set<bigint>([0n, 1n, -1n, 2n, 3n, 0x7fffffffn, -0x80000000n, -0x7fffffffn]);
  for (let k = 1; k < 31; k++) {
    const p = 1n << BigInt(k);
    for (const d of [-3n, -1n, 0n, 1n, 3n]) {
      out.add(p + d);
      out.add(-(p + d));
    }
    // Ties at 24-bit and 8/11-bit precision: p + half of the last place kept.
    for (const keep of [8, 11, 24]) if (k > keep) for (const d of [-1n, 0n, 1n]) out.add(p + (p >> BigInt(keep)) + d);
  }
  return [...out].filter((x) => x >= -0x80000000n && x <= 0x7fffffffn).map((x) => x & 0xffffffffn);
}
