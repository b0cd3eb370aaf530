// The catalogue of float units for generators: name, operand count, result kind, cut points and the
// generic builder. A hardware generator instantiates `build` with its signal Arith and a Pipeline of
// the requested depth; the latency it reports is that pipeline's latency.
import type { Arith } from '../arith/arith.js';
import { Pipeline } from '../arith/pipeline.js';
import { addCutPoints, fpAdd, fpSub } from './add.js';
import { fpMax, fpMin } from './compare.js';
import { divCutPoints, fpDiv } from './div.js';
import { floatToInt, floatToIntCutPoints, intToFloat, intToFloatCutPoints } from './convert.js';
import { expCutPoints, fpExp } from './exp.js';
import type { FloatFormat } from './format.js';
import { fpMac, fpMul, macCutPoints, mulCutPoints } from './mul.js';
import { fpReciprocal, reciprocalCutPoints } from './reciprocal.js';
import { fpRsqrt, rsqrtCutPoints } from './rsqrt.js';
import { fpAbs, fpNeg } from './sign-ops.js';
import { fpSqrt, sqrtCutPoints } from './sqrt.js';
import { fpTanh, tanhCutPoints } from './tanh.js';

/** Every unit's operand count: floats, except intToFloat whose operand is a 32-bit integer. */
export const unitArity = {
  add: 2,
  sub: 2,
  mul: 2,
  mac: 3,
  min: 2,
  max: 2,
  abs: 1,
  neg: 1,
  intToFloat: 1,
  floatToInt: 1,
  exp: 1,
  reciprocal: 1,
  rsqrt: 1,
  tanh: 1,
  div: 2,
  sqrt: 1,
} as const;

/** The name of a float unit. */
export type UnitName = keyof typeof unitArity;

export const unitNames = Object.keys(unitArity) as UnitName[];

export function isUnitName(name: string): name is UnitName {
  return Object.hasOwn(unitArity, name);
}

export interface FpUnit {
  readonly name: UnitName;
  /** Number of operands: floats, except intToFloat whose operand is a 32-bit integer. */
  readonly arity: 1 | 2 | 3;
  /** 'float' results are totalBits(f) wide, 'int' results 32 bits. */
  readonly result: 'float' | 'int';
  cutPoints(f: FloatFormat): readonly string[];
  build<V>(ar: Arith<V>, f: FloatFormat, operands: readonly V[], pipe: Pipeline): V;
}

const op = <V>(xs: readonly V[], i: number): V => {
  const x = xs[i];
  if (x === undefined) throw new RangeError(`missing operand ${i}`);
  return x;
};

export const fpUnits: readonly FpUnit[] = [
  {
    name: 'add',
    arity: 2,
    result: 'float',
    cutPoints: () => addCutPoints,
    build: (ar, f, x, p) => fpAdd(ar, f, op(x, 0), op(x, 1), p),
  },
  {
    name: 'sub',
    arity: 2,
    result: 'float',
    cutPoints: () => addCutPoints,
    build: (ar, f, x, p) => fpSub(ar, f, op(x, 0), op(x, 1), p),
  },
  {
    name: 'mul',
    arity: 2,
    result: 'float',
    cutPoints: () => mulCutPoints,
    build: (ar, f, x, p) => fpMul(ar, f, op(x, 0), op(x, 1), p),
  },
  {
    name: 'mac',
    arity: 3,
    result: 'float',
    cutPoints: () => macCutPoints,
    build: (ar, f, x, p) => fpMac(ar, f, op(x, 0), op(x, 1), op(x, 2), p),
  },
  {
    name: 'min',
    arity: 2,
    result: 'float',
    cutPoints: () => [],
    build: (ar, f, x) => fpMin(ar, f, op(x, 0), op(x, 1)),
  },
  {
    name: 'max',
    arity: 2,
    result: 'float',
    cutPoints: () => [],
    build: (ar, f, x) => fpMax(ar, f, op(x, 0), op(x, 1)),
  },
  { name: 'abs', arity: 1, result: 'float', cutPoints: () => [], build: (ar, f, x) => fpAbs(ar, f, op(x, 0)) },
  { name: 'neg', arity: 1, result: 'float', cutPoints: () => [], build: (ar, f, x) => fpNeg(ar, f, op(x, 0)) },
  {
    name: 'intToFloat',
    arity: 1,
    result: 'float',
    cutPoints: () => intToFloatCutPoints,
    build: (ar, f, x, p) => intToFloat(ar, f, op(x, 0), p),
  },
  {
    name: 'floatToInt',
    arity: 1,
    result: 'int',
    cutPoints: () => floatToIntCutPoints,
    build: (ar, f, x, p) => floatToInt(ar, f, op(x, 0), 32, p),
  },
  {
    name: 'exp',
    arity: 1,
    result: 'float',
    cutPoints: expCutPoints,
    build: (ar, f, x, p) => fpExp(ar, f, op(x, 0), p),
  },
  {
    name: 'reciprocal',
    arity: 1,
    result: 'float',
    cutPoints: reciprocalCutPoints,
    build: (ar, f, x, p) => fpReciprocal(ar, f, op(x, 0), p),
  },
  {
    name: 'rsqrt',
    arity: 1,
    result: 'float',
    cutPoints: rsqrtCutPoints,
    build: (ar, f, x, p) => fpRsqrt(ar, f, op(x, 0), p),
  },
  {
    name: 'tanh',
    arity: 1,
    result: 'float',
    cutPoints: tanhCutPoints,
    build: (ar, f, x, p) => fpTanh(ar, f, op(x, 0), p),
  },
  {
    name: 'div',
    arity: 2,
    result: 'float',
    cutPoints: divCutPoints,
    build: (ar, f, x, p) => fpDiv(ar, f, op(x, 0), op(x, 1), p),
  },
  {
    name: 'sqrt',
    arity: 1,
    result: 'float',
    cutPoints: sqrtCutPoints,
    build: (ar, f, x, p) => fpSqrt(ar, f, op(x, 0), p),
  },
];

export function fpUnit(name: string): FpUnit {
  const u = fpUnits.find((x) => x.name === name);
  if (!u) throw new RangeError(`unknown float unit '${name}' (have: ${unitNames.join(', ')})`);
  return u;
}

/** A pipeline for a unit at the requested depth; its latency is the unit's latency in cycles. */
export function unitPipeline(u: FpUnit, f: FloatFormat, stages: number): Pipeline {
  return new Pipeline(u.cutPoints(f), stages);
}
