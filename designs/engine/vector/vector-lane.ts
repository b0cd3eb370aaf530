// What every lane datapath of the vector unit shares: the memory words of the three read ports
// (a, b, fill as c) and a valid bit arrive together; the result and its valid bit leave `latency`
// cycles later. One module per op family (vector-lane-*.ts); the unit instantiates one per lane and
// family, and since lane l is lane 0 delayed by l cycles, all lanes of a family are one Verilog module.
import { Bool, Module, UInt, type Expr, type ParamValue } from '../../../dsl/index.js';
import { bits32 } from '../../../rtl-lib/fp/fast/f32-view.js';
import { LANE_UNITS, LaneDataflow, type LaneHardware, type Timed } from './vector-lane-dataflow.js';

/** An FP32 constant as its 32-bit pattern. */
export const fp32Word = (x: number): Expr => UInt(32).lit(bits32(Math.fround(x)));

export abstract class VectorLane extends Module {
  /** The words of the a, b and fill read ports for this lane, as the memory delivers them. */
  readonly a = this.input(UInt(32), 'a');
  readonly b = this.input(UInt(32), 'b');
  readonly c = this.input(UInt(32), 'c');
  /** This element is to be written (the lane is in range and the family is the instruction's). */
  readonly en = this.input(Bool(), 'en');
  readonly y = this.output(UInt(32), 'y');
  readonly valid = this.output(Bool(), 'valid');
  /** Cycles from a, b, c, en to y, valid. */
  latency = 0;

  /** `params`: what makes lanes of this family differ between units (the row-sum lane: its lanes). */
  constructor(params: Record<string, ParamValue> = {}) {
    super(params);
  }

  /** This module's registers and FP32 units, lent to a dataflow or a ring (vector-lane-row-sum.ts). */
  protected hardware(): LaneHardware {
    return {
      delay: (v, name) => this.delay(v, name),
      unit: (kind, name) => this.instance(new LANE_UNITS[kind](), name),
    };
  }

  /** A dataflow that builds into this module. */
  protected dataflow(): LaneDataflow {
    return new LaneDataflow(this.hardware());
  }

  /** Drives y with the result and valid with en, both delayed to the result's cycle (or a later `at`). */
  protected finish(df: LaneDataflow, result: Timed, at = result.t): void {
    this.latency = at;
    this.y.set(df.at(result, at)!);
    let v: Expr = this.en;
    for (let d = 0; d < at; d++) v = this.delay(v, { name: `valid_d${d + 1}`, init: false });
    this.valid.set(v);
  }
}
