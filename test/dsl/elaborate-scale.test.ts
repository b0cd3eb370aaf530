// Elaboration of large generated modules: long dependency chains must not hit the JavaScript
// stack limit, and the result must still be exactly the chain that was written.
import assert from 'node:assert/strict';
import { Module, UInt, elaborate, emitVerilog, type Expr, type Signal } from '../../dsl/index.js';

/** y = in0 ^ in1 ^ ... as one running chain of `n` xors (each depends on the previous one). */
class RunningXor extends Module {
  readonly ins: Signal[];
  readonly y = this.output(UInt(16));
  constructor(readonly n: number) {
    super({ n });
    this.ins = Array.from({ length: 16 }, (_, i) => this.input(UInt(16), `in${i}`));
    let x: Expr = UInt(16).lit(0);
    for (let i = 0; i < n; i++) x = x.xor(this.ins[i % 16]!);
    this.y.set(x);
  }
}

describe('elaboration of long chains', () => {
  it('a running xor over 30,000 values lowers to 30,000 chained cells (no recursion limit)', () => {
    const n = 30_000;
    const m = elaborate(new RunningXor(n)).top;
    assert.equal(m.cells.length, n);
    const port = (name: string) => m.ports.find((p) => p.name === name)!.net;
    // Cells come out in dependency order: each reads the one before it and the next input.
    for (let i = 1; i < n; i++) {
      const c = m.cells[i]!;
      assert.equal(c.op, 'xor');
      assert.deepEqual(c.ins, [m.cells[i - 1]!.out, port(`in${i % 16}`)]);
    }
    assert.equal(m.cells[n - 1]!.out, port('y'));
    const text = emitVerilog({ top: m, modules: [m] }).files[0]!.text;
    assert.equal(text.split('\n').filter((l) => l.includes(' ^ ')).length, n);
  });
});
