// A rows x cols array of 32-bit integer multiply-accumulate cells: row i gets a<i>, column j gets b<j>,
// cell (i,j) accumulates a<i>*b<j> (low 32 bits) until `clear`. The simulation bench and the
// cross-back-end tests use it.
import { Bool, Module, UInt, when, type Signal } from '../../dsl/index.js';

export class Mac32 extends Module {
  a = this.input(UInt(32));
  b = this.input(UInt(32));
  clear = this.input(Bool());
  acc = this.output(UInt(32));
  constructor() {
    super();
    const r = this.reg(UInt(32), { init: 0, name: 'sum' });
    when(this.clear, () => r.set(0)).otherwise(() => r.set(r.add(this.a.mul(this.b).trunc(32))));
    this.acc.set(r);
  }
}

export class MacArray extends Module {
  readonly a: Signal[];
  readonly b: Signal[];
  clear = this.input(Bool());
  readonly acc: Signal[][];
  constructor(
    readonly rows = 4,
    readonly cols = 4,
  ) {
    super({ rows, cols });
    this.a = Array.from({ length: rows }, (_, i) => this.input(UInt(32), `a${i}`));
    this.b = Array.from({ length: cols }, (_, j) => this.input(UInt(32), `b${j}`));
    this.acc = Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => this.output(UInt(32), `acc_${i}_${j}`)),
    );
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const m = this.instance(new Mac32(), `mac_${i}_${j}`);
        m.a.set(this.a[i]!);
        m.b.set(this.b[j]!);
        m.clear.set(this.clear);
        this.acc[i]![j]!.set(m.acc);
      }
    }
  }
}

/** Reference model: the accumulators after running the stimulus (clear has priority). */
export function macArrayModel(
  rows: number,
  cols: number,
  a: Uint32Array[],
  b: Uint32Array[],
  clear: Uint32Array,
): Uint32Array {
  const acc = new Uint32Array(rows * cols);
  for (let c = 0; c < clear.length; c++) {
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        acc[i * cols + j] = clear[c] ? 0 : (acc[i * cols + j]! + Math.imul(a[i]![c]!, b[j]![c]!)) >>> 0;
      }
  }
  return acc;
}
