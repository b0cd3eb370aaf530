// Shared measurement for the nonlinear unit tests: worst ulp error against a float64 reference over
// every 16-bit pattern (bf16, fp16) or a deterministic fp32 sample.
import assert from 'node:assert/strict';
import { type FloatFormat, formatName } from '../../../rtl-lib/fp/format.js';
import { decode, ulpError } from '../../../rtl-lib/fp/ulp.js';
import { hex, isNaNBits } from './fp-test-util.js';

export interface Worst {
  ulp: number;
  input: bigint;
}

/** Worst ulp error of unit over inputs; NaN results must be the canonical NaN when the reference is NaN. */
export function worstUlp(
  f: FloatFormat,
  unit: (x: bigint) => bigint,
  ref: (x: number) => number,
  inputs: Iterable<bigint>,
): Worst {
  let worst: Worst = { ulp: 0, input: 0n };
  for (const x of inputs) {
    const y = unit(x);
    const r = ref(decode(f, x));
    if (Number.isNaN(r) && !isNaNBits(f, y)) assert.fail(`${formatName(f)} ${hex(x)}: want NaN, got ${hex(y)}`);
    const e = ulpError(f, decode(f, y), r);
    if (e > worst.ulp) worst = { ulp: e, input: x };
  }
  return worst;
}

export function* allPatterns(bitsWide: number): Generator<bigint> {
  for (let i = 0n; i < 1n << BigInt(bitsWide); i++) yield i;
}

/** A deterministic pseudo-random sample of 32-bit patterns accepted by `keep`. */
export function* sample32(n: number, keep: (x: bigint) => boolean, seed = 12345): Generator<bigint> {
  let s = seed >>> 0;
  let count = 0;
  while (count < n) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const x = BigInt(s);
    if (keep(x)) {
      count++;
      yield x;
    }
  }
}

export function expectWorst(f: FloatFormat, w: Worst, bound: number, what: string): void {
  assert.ok(w.ulp <= bound, `${formatName(f)} ${what}: ${w.ulp.toFixed(3)} ulp at ${hex(w.input)} (bound ${bound})`);
}
