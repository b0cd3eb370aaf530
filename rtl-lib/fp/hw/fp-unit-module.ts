// Float units as modules: one generic algorithm from rtl-lib/fp elaborated with SignalArith, with the
// port contract clk, a[, b[, c]], in_valid -> y, out_valid and a latency of `stages` cycles.
import { Module, UInt, Bool, param, type Expr, type ParamsOf, type Signal } from '../../../dsl/index.js';
import { SignalArith } from '../../arith/signal-arith.js';
import { Pipeline } from '../../arith/pipeline.js';
import { fpUnit, isUnitName, type UnitName, type unitArity, unitNames } from '../units.js';
import { type FloatFormat, formatName, fp32, totalBits } from '../format.js';
import { defaultCutList } from './fp-unit-defaults.js';
import { unitConfigError } from './unit-errors.js';

export interface FpUnitOptions {
  /**
   * Registered stages, 0..number of cut points of the unit, spread evenly over the cut points; or
   * exactly which cut points to register. Default: the unit's default configuration
   * (fp-unit-defaults.ts).
   */
  stages?: number | readonly string[];
  format?: FloatFormat;
}

/** Operand port `b`: a Signal for units of two or three operands (distributes over a union of names). */
export type OperandB<U extends UnitName> = U extends UnitName
  ? (typeof unitArity)[U] extends 1
    ? undefined
    : Signal
  : never;
/** Operand port `c`: a Signal for mac only. */
export type OperandC<U extends UnitName> = U extends UnitName
  ? (typeof unitArity)[U] extends 3
    ? Signal
    : undefined
  : never;

/** The unit's pipeline, or a user error naming the valid units, depths or cut points. */
function unitConfiguration(unitName: string, f: FloatFormat, stages: number | readonly string[] | undefined): Pipeline {
  if (!isUnitName(unitName)) unitConfigError(`unknown float unit '${unitName}': choose one of ${unitNames.join(', ')}`);
  const cutPoints = fpUnit(unitName).cutPoints(f);
  const label = `${formatName(f)} ${unitName}`;
  const all = cutPoints.join(', ') || 'none';
  if (stages === undefined) return new Pipeline(cutPoints, defaultCutList(unitName, f));
  if (typeof stages === 'number') {
    if (!Number.isInteger(stages) || stages < 0 || stages > cutPoints.length) {
      unitConfigError(
        `${label}: stages must be an integer from 0 to ${cutPoints.length} (one register per cut point: ${all}), got ${stages}; ` +
          'omit it for the default configuration',
      );
    }
    return new Pipeline(cutPoints, stages);
  }
  if (!Array.isArray(stages)) {
    unitConfigError(
      `${label}: stages must be a number from 0 to ${cutPoints.length} or a list of cut points, got ${JSON.stringify(stages)}`,
    );
  }
  const unknown = stages.filter((c) => !cutPoints.includes(c));
  if (unknown.length)
    unitConfigError(
      `${label}: unknown cut point ${unknown.map((c) => `'${c}'`).join(', ')}; the cut points are ${all}`,
    );
  return new Pipeline(cutPoints, stages);
}

export class FpUnitModule<U extends UnitName = UnitName> extends Module {
  readonly clkDomain = this.defaultDomain();
  /** Input ports a[, b[, c]], in_valid; outputs y, out_valid. */
  readonly a: Signal;
  readonly b: OperandB<U>;
  readonly c: OperandC<U>;
  readonly inValid: Signal;
  readonly y: Signal;
  readonly outValid: Signal;
  /** Clock cycles from in_valid to out_valid. */
  readonly latency: number;
  /** The registered cut points, in data-flow order. */
  readonly cuts: readonly string[];

  constructor(
    readonly unitName: U,
    opts: FpUnitOptions = {},
  ) {
    const f = opts.format ?? fp32;
    const pipe = unitConfiguration(unitName, f, opts.stages);
    const unit = fpUnit(unitName);
    // The latency is a parameter so the emitted Verilog header reports it.
    super({
      unit: unitName,
      e: f.expBits,
      m: f.mantBits,
      cuts: [...pipe.enabled].join('+') || 'none',
      latency: pipe.latency,
    });
    const w = totalBits(f);
    const operandWidth = unitName === 'intToFloat' ? 32 : w;
    const a = this.input(UInt(operandWidth), 'a');
    const b = unit.arity >= 2 ? this.input(UInt(w), 'b') : undefined;
    const c = unit.arity >= 3 ? this.input(UInt(w), 'c') : undefined;
    this.a = a;
    // The arity decides which exist; OperandB/OperandC say the same at the type level.
    this.b = b as OperandB<U>;
    this.c = c as OperandC<U>;
    this.inValid = this.input(Bool(), 'in_valid');
    this.y = this.output(UInt(unit.result === 'int' ? 32 : w), 'y');
    this.outValid = this.output(Bool(), 'out_valid');
    // Stage registers take the name the Pipeline gave the value at its cut (`<cut>_<value>_q`).
    const ar = new SignalArith((v) => this.delay(v, v.userName ? `${v.userName}_q` : {}));
    const result = unit.build(ar, f, [a, ...(b ? [b] : []), ...(c ? [c] : [])], pipe);
    this.y.set(result);
    let valid: Expr = this.inValid;
    // Power-on value instead of a reset: the contract has no reset port, and the data registers need none.
    for (let i = 0; i < pipe.latency; i++)
      valid = this.delay(valid, { name: `valid_s${i + 1}`, init: false, reset: 'none' });
    this.outValid.set(valid);
    this.latency = pipe.latency;
    this.cuts = unit.cutPoints(f).filter((c) => pipe.enabled.has(c));
  }
}

/** `stages`: registers spread over the cut points; not given: the unit's default configuration. */
const fp32UnitParams = { stages: param.number() };

const fp32Unit = <U extends UnitName>(unitName: U, name: string) => {
  const cls = class extends FpUnitModule<U> {
    static readonly params = fp32UnitParams;
    /** `new Fp32Add(3)` or, as the CLI builds it, `new Fp32Add({ stages: 3 })`. */
    constructor(p: number | ParamsOf<typeof fp32UnitParams> = {}) {
      const stages = typeof p === 'number' ? p : p.stages;
      super(unitName, stages === undefined ? {} : { stages });
      this.setModuleName(name);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
};

/** FP32 units with the documented port contract; `ttforge build <this file> --top Fp32Add --param stages=N`. */
export const Fp32Add = fp32Unit('add', 'Fp32Add');
export const Fp32Sub = fp32Unit('sub', 'Fp32Sub');
export const Fp32Mul = fp32Unit('mul', 'Fp32Mul');
export const Fp32Mac = fp32Unit('mac', 'Fp32Mac');
export const Fp32Min = fp32Unit('min', 'Fp32Min');
export const Fp32Max = fp32Unit('max', 'Fp32Max');
export const Fp32Abs = fp32Unit('abs', 'Fp32Abs');
export const Fp32Neg = fp32Unit('neg', 'Fp32Neg');
export const Fp32FromInt = fp32Unit('intToFloat', 'Fp32FromInt');
export const Fp32ToInt = fp32Unit('floatToInt', 'Fp32ToInt');
export const Fp32Exp = fp32Unit('exp', 'Fp32Exp');
export const Fp32Reciprocal = fp32Unit('reciprocal', 'Fp32Reciprocal');
export const Fp32Rsqrt = fp32Unit('rsqrt', 'Fp32Rsqrt');
export const Fp32Tanh = fp32Unit('tanh', 'Fp32Tanh');
export const Fp32Div = fp32Unit('div', 'Fp32Div');
export const Fp32Sqrt = fp32Unit('sqrt', 'Fp32Sqrt');
