// An R x C grid of SystolicPe: A enters on the west edge (one lane per row, with the `first` flag),
// B on the north edge (one lane per column); each column's shadow chain is filled from the north and
// drained at the south under that column's shift enable.
import { Module, UInt, Bool, Vec } from '../../dsl/index.js';
import { SystolicPe } from './systolic-pe.js';

export class SystolicArray extends Module {
  readonly aIn;
  readonly firstIn;
  readonly bIn;
  readonly chainIn;
  readonly shift;
  readonly chainOut;

  constructor(
    readonly rows = 4,
    readonly cols = 4,
    readonly macStages = 3,
  ) {
    super({ rows, cols, macStages });
    this.aIn = this.input(Vec(rows, UInt(32)), 'a_in');
    this.firstIn = this.input(Vec(rows, Bool()), 'first_in');
    this.bIn = this.input(Vec(cols, UInt(32)), 'b_in');
    this.chainIn = this.input(Vec(cols, UInt(32)), 'chain_in');
    this.shift = this.input(Vec(cols, Bool()), 'shift');
    this.chainOut = this.output(Vec(cols, UInt(32)), 'chain_out');

    const pe: SystolicPe[][] = [];
    for (let r = 0; r < rows; r++) {
      pe.push([]);
      for (let c = 0; c < cols; c++) pe[r]!.push(this.instance(new SystolicPe(macStages), `pe_${r}_${c}`));
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const p = pe[r]![c]!;
        const west = c > 0 ? pe[r]![c - 1]! : undefined;
        const north = r > 0 ? pe[r - 1]![c]! : undefined;
        p.aIn.set(west ? west.aOut : this.aIn[r]!);
        p.firstIn.set(west ? west.firstOut : this.firstIn[r]!);
        p.bIn.set(north ? north.bOut : this.bIn[c]!);
        p.chainIn.set(north ? north.chainOut : this.chainIn[c]!);
        p.shift.set(this.shift[c]!);
      }
    }
    for (let c = 0; c < cols; c++) this.chainOut[c]!.set(pe[rows - 1]![c]!.chainOut);
  }
}
