// Default pipeline configuration of each float unit: which cut points are registered when a generator
// asks for a unit without a depth. Chosen from Yosys synth_xilinx -family xcup measurements
// (build/bench/fp32.bench.ts, LUT levels per segment as counted by logic-depth.ts); see docs/fp.md,
// "Hardware units". Every unit's default is within 8 LUT levels per stage (~300 MHz on UltraScale+).
import { type FloatFormat, fp32 } from '../format.js';
import { fpUnit } from '../units.js';

/** Registered cut points by unit (fp32 names; bf16/fp16 use the same names). */
// add/sub: 'round' splits the rounding step (the deepest segment without it: 9 levels); 'sum' only
// splits a 6-level segment into 2 + 5, so it is left out.
// mul: 'unpack' gives the DSP registered operands, 'product' its registered result, 'round' splits the
// rounding after the jammed (mantBits+3 bits + sticky) significand.
// mac: the multiplier's default cuts, then the adder's; the product's rounding register ('mul_round')
// already separates the two, so 'product_rounded' is not needed.
// div/sqrt: three quotient/root bits per stage (6 LUT levels; four would reach exactly 8). div's first
// digit stage also does the dividend scaling, and its last two digits get a stage of their own because
// the subnormal shift before 'round' follows them; sqrt's root is never subnormal-shifted, so its last
// digit shares that segment.
const everyThirdDigit = (f: FloatFormat, first: number, last: number): string[] => {
  const digits = f.mantBits + 2;
  const cuts: string[] = [];
  for (let k = first; k <= digits - last; k += 3) cuts.push(`digit${k}`);
  return cuts;
};
// exp/tanh: every cut but every other Horner step (two Horner steps per stage: 6 levels for exp, 8
// for tanh); reciprocal/rsqrt: every cut (the Newton steps' multiplies are DSPs, 4-6 levels a step).
const everyOtherHorner =
  (unitName: string) =>
  (f: FloatFormat): readonly string[] =>
    fpUnit(unitName)
      .cutPoints(f)
      .filter((c) => {
        const h = /^horner(\d+)$/.exec(c);
        return !h || Number(h[1]) % 2 === 0;
      });
const defaultCuts: Record<string, readonly string[] | 'all' | ((f: FloatFormat) => readonly string[])> = {
  add: ['swap', 'align', 'normalize', 'round'],
  sub: ['swap', 'align', 'normalize', 'round'],
  mul: ['unpack', 'product', 'normalize', 'round'],
  mac: [
    'mul_unpack',
    'mul_product',
    'mul_normalize',
    'mul_round',
    'add_swap',
    'add_align',
    'add_normalize',
    'add_round',
  ],
  min: [],
  max: [],
  abs: [],
  neg: [],
  intToFloat: 'all',
  floatToInt: 'all',
  exp: everyOtherHorner('exp'),
  reciprocal: 'all',
  rsqrt: 'all',
  tanh: everyOtherHorner('tanh'),
  div: (f) => ['normalize', 'unpack', ...everyThirdDigit(f, 2, 2), `digit${f.mantBits + 2}`, 'round'],
  sqrt: (f) => ['unpack', ...everyThirdDigit(f, 3, 1), 'round'],
};

/** The cut points registered by default for `unitName` in format `f`. */
export function defaultCutList(unitName: string, f: FloatFormat = fp32): readonly string[] {
  const all = fpUnit(unitName).cutPoints(f);
  const d = defaultCuts[unitName];
  if (d === undefined) throw new RangeError(`no default configuration for unit '${unitName}'`);
  return d === 'all' ? all : typeof d === 'function' ? d(f) : d;
}

/** Default depth (= latency in cycles) of a unit. */
export function defaultStages(unitName: string, f: FloatFormat = fp32): number {
  return defaultCutList(unitName, f).length;
}

/** The deepest pipeline a unit supports: one register at every cut point. */
export function maxStages(unitName: string, f: FloatFormat = fp32): number {
  return fpUnit(unitName).cutPoints(f).length;
}
