// Drives a float unit module through any simulation back end (sim/) and compares every output bit
// with a reference (normally the bit-level model, the same generic code run on bigints). Two checks:
// - exactLatency: one operand set poked, in_valid pulsed once; out_valid must rise exactly
//   `latency` edges later (at once for latency 0) with the reference result on y.
// - streamVectors: one vector run, a new operand set every cycle with idle cycles (in_valid low)
//   mixed in; y and out_valid are compared cycle by cycle after the pipeline offset.
import type { Simulation } from '../../../sim/simulation.js';
import { type FloatFormat, totalBits } from '../format.js';
import { fpModel } from '../model.js';
import { fpUnit } from '../units.js';

/** Reference result of one operand set (bit patterns; intToFloat takes a 32-bit integer pattern). */
export type UnitReference = (ops: readonly bigint[]) => bigint;

/** The bit-level model of a unit, for the generic unit names of rtl-lib/fp/units.ts. */
export function modelReference(unitName: string, f: FloatFormat): UnitReference {
  const m = fpModel(f);
  const at = (ops: readonly bigint[], i: number): bigint => ops[i]!;
  const table: Record<string, UnitReference> = {
    add: (o) => m.add(at(o, 0), at(o, 1)),
    sub: (o) => m.sub(at(o, 0), at(o, 1)),
    mul: (o) => m.mul(at(o, 0), at(o, 1)),
    mac: (o) => m.mac(at(o, 0), at(o, 1), at(o, 2)),
    min: (o) => m.min(at(o, 0), at(o, 1)),
    max: (o) => m.max(at(o, 0), at(o, 1)),
    abs: (o) => m.abs(at(o, 0)),
    neg: (o) => m.neg(at(o, 0)),
    intToFloat: (o) => m.fromInt32(at(o, 0)),
    floatToInt: (o) => m.toInt32(at(o, 0)),
    exp: (o) => m.exp(at(o, 0)),
    reciprocal: (o) => m.reciprocal(at(o, 0)),
    rsqrt: (o) => m.rsqrt(at(o, 0)),
    tanh: (o) => m.tanh(at(o, 0)),
    div: (o) => m.div(at(o, 0), at(o, 1)),
    sqrt: (o) => m.sqrt(at(o, 0)),
  };
  const r = table[unitName];
  if (!r) throw new RangeError(`no model for unit '${unitName}'`);
  return r;
}

/** Operand port names and widths of a unit, in operand order. */
export function operandPorts(unitName: string, f: FloatFormat): { name: string; width: number }[] {
  const u = fpUnit(unitName);
  const names = ['a', 'b', 'c'].slice(0, u.arity);
  return names.map((name) => ({ name, width: unitName === 'intToFloat' ? 32 : totalBits(f) }));
}

export interface Mismatch {
  index: number;
  operands: bigint[];
  got: bigint;
  want: bigint;
}

export interface StreamResult {
  /** Operand sets compared (all of them, unless out_valid went missing). */
  checked: number;
  /** At most `maxReported` of them; the count is in `mismatchCount`. */
  mismatches: Mismatch[];
  mismatchCount: number;
  /** out_valid disagreed with in_valid delayed by the latency on this many cycles. */
  validErrors: number;
  simSeconds: number;
}

/** Expected results of many operand sets. */
export function expectedResults(ref: UnitReference, sets: readonly bigint[][]): bigint[] {
  return sets.map((s) => ref(s));
}

/** A small deterministic generator (xorshift32) so runs are reproducible from a seed. */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/**
 * One vector run. Vector mode samples the outputs just after each edge, so a result with latency L
 * appears at sample i + max(0, L-1) (a combinational unit and a 1-stage one look alike here; the
 * exact latency is checked by `exactLatency`). `wants[i]` is the expected result of `sets[i]`
 * (computed once by the caller, so several depths and back ends share it).
 */
export async function streamVectors(
  sim: Simulation,
  unitName: string,
  f: FloatFormat,
  latency: number,
  sets: readonly bigint[][],
  wants: readonly bigint[],
  opts: { seed?: number; maxReported?: number } = {},
): Promise<StreamResult> {
  if (wants.length !== sets.length)
    throw new RangeError(`${sets.length} operand sets but ${wants.length} expected results`);
  const ports = operandPorts(unitName, f);
  const offset = Math.max(0, latency - 1);
  // Every operand set gets a valid cycle; about one in eight is preceded by an idle cycle (in_valid
  // low, random operands) that out_valid must reproduce.
  const rnd = xorshift32(opts.seed ?? 1);
  const setAt: number[] = []; // cycle -> operand set index, or -1 when idle
  for (let i = 0; i < sets.length; i++) {
    if ((rnd() & 7) === 0) setAt.push(-1);
    setAt.push(i);
  }
  const n = setAt.length + offset;
  const cols = ports.map(() => new Uint32Array(n));
  const valid = new Uint32Array(n);
  setAt.forEach((i, c) => {
    valid[c] = i >= 0 ? 1 : 0;
    ports.forEach((p, k) => {
      cols[k]![c] = i >= 0 ? Number(sets[i]![k]!) : rnd() >>> (32 - p.width);
    });
  });
  const stimulus: Record<string, Uint32Array> = { in_valid: valid };
  ports.forEach((p, k) => {
    stimulus[p.name] = cols[k]!;
  });
  const t0 = Date.now();
  const r = await sim.vectors(stimulus, { outputs: ['y', 'out_valid'] });
  const simSeconds = (Date.now() - t0) / 1000;
  const y = r.raw('y');
  const ov = r.raw('out_valid');
  const mismatches: Mismatch[] = [];
  let mismatchCount = 0;
  let validErrors = 0;
  let checked = 0;
  for (let c = 0; c < n; c++) {
    const i = c - offset >= 0 ? (setAt[c - offset] ?? -1) : -1;
    if (ov[c]! !== (i >= 0 ? 1 : 0)) validErrors++;
    if (i < 0) continue;
    checked++;
    const want = wants[i]!;
    const got = BigInt(y[c]!);
    if (got !== want) {
      if (mismatches.length < (opts.maxReported ?? 10))
        mismatches.push({ index: i, operands: [...sets[i]!], got, want });
      mismatchCount++;
    }
  }
  return { checked, mismatches, mismatchCount, validErrors, simSeconds };
}

export interface LatencyResult {
  /** Edges after which out_valid was first seen high (undefined: never within latency + 2). */
  seenAfter: number | undefined;
  /** y when out_valid rose. */
  y: bigint | undefined;
  want: bigint;
}

/** Pulses in_valid once with `ops` and watches out_valid edge by edge. */
export async function exactLatency(
  sim: Simulation,
  unitName: string,
  f: FloatFormat,
  latency: number,
  ops: readonly bigint[],
  reference?: UnitReference,
): Promise<LatencyResult> {
  const ports = operandPorts(unitName, f);
  const want = (reference ?? modelReference(unitName, f))(ops);
  sim.poke('in_valid', 0);
  for (const p of ports) sim.poke(p.name, 0);
  await sim.step(latency + 1); // drain whatever was in flight
  ports.forEach((p, k) => sim.poke(p.name, ops[k]!));
  sim.poke('in_valid', 1);
  for (let edges = 0; edges <= latency + 2; edges++) {
    if (edges === 1) sim.poke('in_valid', 0);
    if ((await sim.peek('out_valid')) === 1n) return { seenAfter: edges, y: await sim.peek('y'), want };
    await sim.step(1);
  }
  return { seenAfter: undefined, y: undefined, want };
}
