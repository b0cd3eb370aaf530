// Readable library Verilog (#19.10): FP unit internals named from the algorithm's `const` lines,
// short variant names from the parameters that differ, and no assignments a later one overrides.
import assert from 'node:assert/strict';
import { Bool, Module, UInt, elaborate, emitVerilog, when } from '../../dsl/index.js';
import { Fp32Add, Fp32Mac } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { SimpleDualPortRam } from '../../rtl-lib/mem/ram.js';

const textOf = (m: Module, file: string): string => {
  const f = emitVerilog(elaborate(m)).files.find((x) => x.name === file);
  assert.ok(f, `${file} emitted`);
  return f.text;
};

describe('readable library Verilog', () => {
  it("FP unit values carry the algorithm's variable names, not chains of operator words", () => {
    const v = textOf(new Fp32Add(), 'Fp32Add.v');
    for (const name of ['infMinusInf', 'isNaN', 'swap', 'distance', 'topZero_3', 'roundUp', 'overflow'])
      assert.match(v, new RegExp(`^  wire (\\[\\d+:0\\] )?${name} = `, 'm'), name);
    // Both operands' unpacking is named, each run of the helper's line once.
    assert.match(v, /wire \[7:0\] expField = a\[30:23\];/);
    assert.match(v, /wire \[7:0\] expField_1 = b\[30:23\];/);
    assert.doesNotMatch(v, /not_any_not_any/);
  });

  it('variants are named by the parameters that differ, long values by a short stable hash', () => {
    class TwoMacs extends Module {
      readonly a = this.input(UInt(32));
      readonly y = this.output(UInt(32));
      readonly z = this.output(UInt(32));
      constructor(readonly deepFirst: boolean) {
        super({ deepFirst });
        const stages = deepFirst ? [8, 2] : [2, 8];
        const outs = stages.map((s, i) => {
          const mac = this.instance(new Fp32Mac(s), `mac${i}`);
          mac.a.set(this.a);
          mac.b?.set(this.a);
          mac.c?.set(this.a);
          mac.inValid.set(true);
          return mac.y;
        });
        this.y.set(outs[0]!);
        this.z.set(outs[1]!);
      }
    }
    const names = (deepFirst: boolean): string[] =>
      elaborate(new TwoMacs(deepFirst))
        .modules.map((m) => m.name)
        .filter((n) => n.startsWith('Fp32Mac'))
        .sort();
    const got = names(false);
    assert.equal(got.length, 2);
    for (const n of got) assert.match(n, /^Fp32Mac_cuts[0-9a-f]{6}_latency\d$/, n);
    assert.deepEqual(names(true), got, 'the names do not depend on the order the variants were built in');
  });

  it('a RAM write port is written straight, without the defaults the enable overrides', () => {
    const v = textOf(new SimpleDualPortRam({ depth: 4, width: 32 }), 'SimpleDualPortRam.v');
    assert.match(v, /assign mem_w0_en = wr_en;/);
    assert.match(v, /assign mem_w0_addr = wr_addr;/);
    assert.doesNotMatch(v, /mem_w0_en = 1'b0/);
    // A conditional assignment still needs its default.
    class Gated extends Module {
      readonly en = this.input(Bool());
      readonly x = this.input(UInt(4));
      readonly y = this.output(UInt(4));
      constructor() {
        super();
        const w = this.wire(UInt(4), { default: 0 });
        w.set(1);
        when(this.en, () => w.set(this.x));
        this.y.set(w);
      }
    }
    const g = textOf(new Gated(), 'Gated.v');
    assert.match(g, /w = 4'd1;\n\s+if \(en\) begin\n\s+w = x;/);
    assert.doesNotMatch(g, /w = 4'd0;/);
  });
});
