// The float bit-level model at scale: 1M random operand sets per fp32 operation compared bit for bit
// with Math.fround (NaN as NaN), 200k per bf16/fp16 add/mul against the exact rational reference,
// and the ulp error of the nonlinear units over >= 1M fp32 inputs each (every input for bf16/fp16).
// The fast fp32 models (rtl-lib/fp/fast/) against the bit-level models: add, sub, mul and mac are the
// references of the exact runs above, div and sqrt get 1M operand sets each, and exp, tanh, rsqrt and
// reciprocal are compared on every input of their ulp runs plus their edge-heavy sets; then each fast
// model's throughput (ops per CPU second).
// Writes out/bench/fp32-model.json. Usage: npm run bench fp32-model  (FP_BENCH_N overrides 1M).
import { mkdirSync, writeFileSync } from 'node:fs';
import { bitsToF32, f32ToBits, isNaN32 } from '../../rtl-lib/fp/f32-bits.js';
import { type FloatFormat, bf16, canonicalNaN, formatName, fp16, fp32 } from '../../rtl-lib/fp/format.js';
import { fpModel } from '../../rtl-lib/fp/model.js';
import { decode, ulpError } from '../../rtl-lib/fp/ulp.js';
import { refAdd, refMul } from '../../rtl-lib/fp/exact-reference.js';
import { bits32 } from '../../rtl-lib/fp/fast/f32-view.js';
import { fastAdd, fastDiv, fastMac, fastMul, fastSqrt, fastSub } from '../../rtl-lib/fp/fast/ieee-ops.js';
import { type NonlinearUnit, nonlinearEdgeInputs } from '../../rtl-lib/fp/fast/edge-inputs.js';
import { fastNonlinear } from '../../rtl-lib/fp/fast/nonlinear.js';
import { fastThroughput } from './fp32-fast-throughput.js';

const N = Number(process.env.FP_BENCH_N ?? 1_000_000);
const t0 = Date.now();
const m32 = fpModel(fp32);

// xorshift32: fast, deterministic operands.
let state = 0x9e3779b9;
function rand32(): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state;
}
const r32 = () => BigInt(rand32());
/** Same or adjacent exponent, random sign and fraction: cancellation and alignment by 0..2. */
function neighbour(a: bigint): bigint {
  const e = Number((a >> 23n) & 0xffn) + (rand32() % 5) - 2;
  const field = BigInt(Math.min(255, Math.max(0, e)));
  const frac = rand32() % 4 === 0 ? (a & 0x7ffff0n) | BigInt(rand32() & 0xf) : BigInt(rand32() & 0x7fffff);
  return (BigInt(rand32() & 1) << 31n) | (field << 23n) | frac;
}
const same32 = (got: bigint, want: bigint) => (isNaN32(want) ? got === 0x7fc00000n : got === want);

function progress(label: string, i: number, n: number): void {
  if (i > 0 && i % 100_000 === 0) console.log(`  ${label}: ${i}/${n} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

interface ExactResult {
  n: number;
  mismatches: number;
  examples: string[];
  seconds: number;
}

function runExact(label: string, n: number, one: () => [string, bigint, bigint] | null): ExactResult {
  const start = Date.now();
  let mismatches = 0;
  const examples: string[] = [];
  for (let i = 0; i < n; i++) {
    progress(label, i, n);
    const bad = one();
    if (bad) {
      mismatches++;
      if (examples.length < 10) examples.push(`${bad[0]}: got 0x${bad[1].toString(16)} want 0x${bad[2].toString(16)}`);
    }
  }
  const r = { n, mismatches, examples, seconds: (Date.now() - start) / 1000 };
  console.log(`${label}: ${n} cases, ${mismatches} mismatches (${r.seconds.toFixed(1)} s)`);
  return r;
}

/** Operand pair: half uniform bit patterns, half neighbourhood pairs. */
function pair(i: number): [bigint, bigint] {
  const a = r32();
  return [a, i % 2 === 0 ? r32() : neighbour(a)];
}
const hx = (...xs: bigint[]) => xs.map((x) => `0x${x.toString(16)}`).join(' ');
const f = (x: bigint) => bitsToF32(x);
const check = (what: string, got: bigint, want: bigint): [string, bigint, bigint] | null =>
  same32(got, want) ? null : [what, got, want];

/** The fast model's result pattern (add, sub, mul: Math.fround of the float64 operation). */
const fast2 = (op: (x: number, y: number) => number, a: bigint, b: bigint) => BigInt(bits32(op(f(a), f(b))));

const exact: Record<string, ExactResult> = {};
console.log(`fp32 bit-exact runs, ${N} operand sets each`);
exact.add = runExact('fp32 add', N, () => {
  const [a, b] = pair(rand32());
  return check(`add ${hx(a, b)}`, m32.add(a, b), fast2(fastAdd, a, b));
});
exact.sub = runExact('fp32 sub', N, () => {
  const [a, b] = pair(rand32());
  return check(`sub ${hx(a, b)}`, m32.sub(a, b), fast2(fastSub, a, b));
});
exact.mul = runExact('fp32 mul', N, () => {
  const [a, b] = pair(rand32());
  return check(`mul ${hx(a, b)}`, m32.mul(a, b), fast2(fastMul, a, b));
});
exact.mac = runExact('fp32 mac', N, () => {
  const [a, b] = pair(rand32());
  // c near the product half the time, to cancel against it.
  const p = f32ToBits(Math.fround(f(a) * f(b)));
  const c = rand32() % 2 ? r32() : neighbour(p ^ 0x80000000n);
  return check(`mac ${hx(a, b, c)}`, m32.mac(a, b, c), BigInt(bits32(fastMac(f(a), f(b), f(c)))));
});
exact.div = runExact('fp32 div (fast model vs bit level)', N, () => {
  const [a, b] = pair(rand32());
  return check(`div ${hx(a, b)}`, m32.div(a, b), fast2(fastDiv, a, b));
});
exact.sqrt = runExact('fp32 sqrt (fast model vs bit level)', N, () => {
  // Half all patterns, half positive (the ones with a numeric result).
  const a = rand32() % 2 ? r32() : r32() & 0x7fffffffn;
  return check(`sqrt ${hx(a)}`, m32.sqrt(a), BigInt(bits32(fastSqrt(f(a)))));
});
exact.minMaxCompare = runExact('fp32 min/max/compare', N, () => {
  const [a, b] = pair(rand32());
  const x = f(a);
  const y = f(b);
  const cmp = Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? -1 : x > y ? 1 : 0;
  if (!Object.is(m32.compare(a, b), cmp))
    return [`compare ${hx(a, b)}`, BigInt(m32.compare(a, b) || 0), BigInt(cmp || 0)];
  return (
    check(`min ${hx(a, b)}`, m32.min(a, b), f32ToBits(Math.min(x, y))) ??
    check(`max ${hx(a, b)}`, m32.max(a, b), f32ToBits(Math.max(x, y)))
  );
});
exact.fromInt32 = runExact('fp32 from int32', N, () => {
  // Uniform 32-bit patterns, or small magnitudes where rounding is exact or barely inexact.
  const raw = rand32() % 2 ? rand32() : (rand32() >> (rand32() % 31)) * (rand32() % 2 ? 1 : -1);
  const v = BigInt(raw | 0) & 0xffffffffn;
  return check(`fromInt ${raw | 0}`, m32.fromInt32(v), f32ToBits(raw | 0));
});
exact.toInt32 = runExact('fp32 to int32', N, () => {
  // Uniform patterns, or values around the int range.
  const a = rand32() % 2 ? r32() : f32ToBits((rand32() / 2 ** 32 - 0.5) * 2 ** (rand32() % 34));
  const x = f(a);
  const want = Number.isNaN(x) ? 0 : Math.trunc(Math.min(Math.max(x, -2147483648), 2147483647));
  const got = m32.toInt32(a);
  return got === (BigInt(want) & 0xffffffffn) ? null : [`toInt ${hx(a)}`, got, BigInt(want) & 0xffffffffn];
});

// bf16 / fp16 against the exact rational reference.
const small: Record<string, ExactResult> = {};
const nSmall = Math.max(1000, Math.floor(N / 5));
for (const fmt of [bf16, fp16]) {
  const md = fpModel(fmt);
  const nan = canonicalNaN(fmt);
  const isNaN16 = (x: bigint) => decode(fmt, x) !== decode(fmt, x);
  const sameF = (got: bigint, want: bigint) => (isNaN16(want) ? got === nan : got === want);
  const r16 = () => BigInt(rand32() & 0xffff);
  const near16 = (a: bigint) => (a & 0xff00n) | BigInt(rand32() & 0xff) | (BigInt(rand32() & 1) << 15n);
  const p16 = (): [bigint, bigint] => {
    const a = r16();
    return [a, rand32() % 2 ? r16() : near16(a)];
  };
  const name = formatName(fmt);
  small[`${name}.add`] = runExact(`${name} add`, nSmall, () => {
    const [a, b] = p16();
    const [got, want] = [md.add(a, b), refAdd(fmt, a, b)];
    return sameF(got, want) ? null : [`add ${hx(a, b)}`, got, want];
  });
  small[`${name}.mul`] = runExact(`${name} mul`, nSmall, () => {
    const [a, b] = p16();
    const [got, want] = [md.mul(a, b), refMul(fmt, a, b)];
    return sameF(got, want) ? null : [`mul ${hx(a, b)}`, got, want];
  });
}

// Nonlinear units: ulp error against float64.
interface UlpResult {
  n: number;
  maxUlp: number;
  worstInput: string;
  meanUlp: number;
  /** Fraction of results within half an ulp of the float64 value (correctly rounded, up to ties). */
  withinHalfUlp: number;
  histogram: Record<string, number>;
  /** fp32: the fast model against the unit on every input here plus the edge-heavy set. */
  fast?: { n: number; mismatches: number; examples: string[] };
  seconds: number;
}
const buckets = [0.5, 0.501, 0.51, 0.55, 0.6, 0.75, 1, 2, Infinity];
function measure(
  fmt: FloatFormat,
  label: string,
  n: number,
  input: (i: number) => bigint,
  unit: (x: bigint) => bigint,
  ref: (x: number) => number,
  fastUnit?: NonlinearUnit,
): UlpResult {
  const start = Date.now();
  const fast = fastUnit ? { n: 0, mismatches: 0, examples: [] as string[] } : undefined;
  const fastCheck = (x: bigint, y: bigint) => {
    if (!fast || !fastUnit) return;
    fast.n++;
    const got = bits32(fastNonlinear[fastUnit](f(x)));
    if (same32(BigInt(got), y)) return;
    fast.mismatches++;
    if (fast.examples.length < 10) fast.examples.push(`${hx(x)}: fast 0x${got.toString(16)} unit ${hx(y)}`);
  };
  if (fastUnit) for (const x of nonlinearEdgeInputs(fastUnit)) fastCheck(BigInt(x), unit(BigInt(x)));
  let max = 0;
  let worst = 0n;
  let sum = 0;
  let half = 0;
  const hist = new Array<number>(buckets.length).fill(0);
  for (let i = 0; i < n; i++) {
    progress(label, i, n);
    const x = input(i);
    const y = unit(x);
    fastCheck(x, y);
    const e = ulpError(fmt, decode(fmt, y), ref(decode(fmt, x)));
    if (e > max) {
      max = e;
      worst = x;
    }
    sum += e;
    if (e <= 0.5) half++;
    hist[buckets.findIndex((b) => e <= b)]!++;
  }
  const histogram: Record<string, number> = {};
  buckets.forEach((b, i) => (histogram[`<=${b}`] = hist[i]!));
  const r = {
    n,
    maxUlp: max,
    worstInput: `0x${worst.toString(16)} (${decode(fmt, worst)})`,
    meanUlp: sum / n,
    withinHalfUlp: half / n,
    histogram,
    ...(fast ? { fast } : {}),
    seconds: (Date.now() - start) / 1000,
  };
  console.log(
    `${label}: ${n} inputs, max ${max.toFixed(4)} ulp at ${r.worstInput}, mean ${r.meanUlp.toFixed(4)}, ${(100 * r.withinHalfUlp).toFixed(3)}% within 0.5 ulp (${r.seconds.toFixed(1)} s)`,
  );
  if (fast) console.log(`  fast model vs unit: ${fast.n} inputs, ${fast.mismatches} mismatches`);
  return r;
}

/** A float32 pattern: half uniform in value over [lo, hi], half uniform over the patterns in it. */
function inRange(lo: number, hi: number): (i: number) => bigint {
  return (i) => {
    if (i % 2 === 0) return f32ToBits(lo + (hi - lo) * (rand32() / 2 ** 32));
    for (;;) {
      const x = r32();
      const v = f(x);
      if (v >= lo && v <= hi) return x;
    }
  };
}
const finite = (positive: boolean) => () => {
  for (;;) {
    const x = positive ? r32() & 0x7fffffffn : r32();
    if ((x & 0x7f800000n) !== 0x7f800000n) return x;
  }
};

const nonlinear: Record<string, Record<string, UlpResult>> = { fp32: {} };
console.log(`\nnonlinear units, fp32, ${N} inputs each`);
nonlinear.fp32!.exp = measure(fp32, 'fp32 exp [-104, 89]', N, inRange(-104, 89), m32.exp, Math.exp, 'exp');
nonlinear.fp32!.reciprocal = measure(
  fp32,
  'fp32 reciprocal (all finite)',
  N,
  finite(false),
  m32.reciprocal,
  (x) => 1 / x,
  'reciprocal',
);
nonlinear.fp32!.rsqrt = measure(
  fp32,
  'fp32 rsqrt (all positive finite)',
  N,
  finite(true),
  m32.rsqrt,
  (x) => 1 / Math.sqrt(x),
  'rsqrt',
);
nonlinear.fp32!.tanh = measure(fp32, 'fp32 tanh [-12, 12]', N, inRange(-12, 12), m32.tanh, Math.tanh, 'tanh');
for (const fmt of [bf16, fp16]) {
  const md = fpModel(fmt);
  const name = formatName(fmt);
  console.log(`\nnonlinear units, ${name}, every input`);
  const all = (i: number) => BigInt(i);
  nonlinear[name] = {
    exp: measure(fmt, `${name} exp`, 65536, all, md.exp, Math.exp),
    reciprocal: measure(fmt, `${name} reciprocal`, 65536, all, md.reciprocal, (x) => 1 / x),
    rsqrt: measure(fmt, `${name} rsqrt`, 65536, all, md.rsqrt, (x) => 1 / Math.sqrt(x)),
    tanh: measure(fmt, `${name} tanh`, 65536, all, md.tanh, Math.tanh),
  };
}

const fastMismatches = Object.values(nonlinear.fp32!).reduce((s, r) => s + (r.fast?.mismatches ?? 0), 0);
const totalMismatches =
  [...Object.values(exact), ...Object.values(small)].reduce((s, r) => s + r.mismatches, 0) + fastMismatches;
console.log('\nfast fp32 models: throughput (ops per CPU second)');
const fastOpsPerSecond = fastThroughput(1 << 20, rand32);
for (const [k, v] of Object.entries(fastOpsPerSecond)) console.log(`  ${k}: ${(v / 1e6).toFixed(2)} M ops/s`);
const result = {
  bench: 'fp32-model',
  n: N,
  totalMismatches,
  exact,
  small,
  nonlinear,
  fast: {
    note: 'fast models (rtl-lib/fp/fast) vs bit-level: exact.{add,sub,mul,mac,div,sqrt} and nonlinear.fp32.*.fast',
    nonlinearMismatches: fastMismatches,
    opsPerCpuSecond: fastOpsPerSecond,
  },
  seconds: (Date.now() - t0) / 1000,
};
mkdirSync('out/bench', { recursive: true });
writeFileSync('out/bench/fp32-model.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `\n${totalMismatches} mismatches in total; wrote out/bench/fp32-model.json (${result.seconds.toFixed(0)} s)`,
);
if (totalMismatches > 0) process.exitCode = 1;
