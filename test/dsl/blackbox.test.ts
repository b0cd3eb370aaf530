// Black boxes: hand-declared and imported from a Verilog header; they elaborate to IR modules with
// `blackbox` set, keep their Verilog name, pass parameters on the instance and are never emitted.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Module, UInt, Bool, elaborate, elaborateWithWarnings, emitVerilog, UserError } from '../../dsl/index.js';
import { BlackBox, VerilogBlackBox } from '../../dsl/blackbox.js';
import { BlackBoxUser, SyncBit } from '../../designs/examples/blackbox-user.js';
import { blackboxSources, iverilogCompile, requireTool, scratchDir, vvp, writeFiles } from '../support/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ttforge-bb-'));
function verilogFile(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const adderV = verilogFile(
  'adder.v',
  `
module adder #(parameter W = 4, parameter OUT = W + 1) (
  input  [W-1:0] x, y,
  output [OUT-1:0] s
);
  assign s = x + y;
endmodule
`,
);

class TwoSyncs extends Module {
  readonly a = this.input(Bool());
  readonly y = this.output(Bool());
  constructor() {
    super();
    const s1 = this.instance(new SyncBit(2));
    const s2 = this.instance(new SyncBit(3));
    const s3 = this.instance(new SyncBit(2));
    s1.d.set(this.a);
    s2.d.set(s1.q);
    s3.d.set(s2.q);
    this.y.set(s3.q);
  }
}

describe('dsl black boxes', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a hand-declared black box elaborates to an IR module with blackbox set and is not emitted', () => {
    const design = elaborate(new BlackBoxUser(8, 24));
    const sync = design.modules.find((m) => m.name === 'sync_bit')!;
    assert.deepEqual(sync.blackbox?.params, { STAGES: 2 });
    assert.equal(sync.blackbox?.sources.length, 1);
    assert.match(sync.blackbox!.sources[0]!, /vendor[/\\]sync_bit\.v$/);
    assert.deepEqual(
      sync.ports.map((p) => `${p.dir} ${p.name}`),
      ['input clk', 'input d', 'output q'],
    );
    const files = emitVerilog(design).files.map((f) => f.name);
    assert.deepEqual(files, ['BlackBoxUser.v']);
    const text = emitVerilog(design).files[0]!.text;
    assert.match(text, /sync_bit #\(\n {4}\.STAGES\(2\)\n {2}\) sync \(\n {4}\.clk\(clk\),/);
    assert.match(text, /pipe_mult #\(\n {4}\.A_WIDTH\(8\),\n {4}\.B_WIDTH\(8\),\n {4}\.LATENCY\(3\)\n {2}\) mult \(/);
  });

  it('keeps the Verilog name for every parameterization, and dedupes identical ones', () => {
    const design = elaborate(new TwoSyncs());
    const boxes = design.modules.filter((m) => m.blackbox);
    assert.equal(boxes.length, 2, 'STAGES=2 twice is one module, STAGES=3 another');
    assert.deepEqual(
      boxes.map((m) => m.name),
      ['sync_bit', 'sync_bit'],
    );
    const insts = design.top.instances;
    assert.equal(insts[0]!.module, insts[2]!.module);
    assert.notEqual(insts[0]!.module, insts[1]!.module);
  });

  it('reports no undriven outputs or unused inputs inside a black box', () => {
    const r = elaborateWithWarnings(new TwoSyncs());
    assert.deepEqual(r.warnings, []);
  });

  it('imports ports from a header; parameters set the widths; types follow signedness and width', () => {
    class UsesAdder extends Module {
      readonly x = this.input(UInt(12));
      readonly s = this.output(UInt(13));
      constructor() {
        super();
        const add = this.instance(new VerilogBlackBox(adderV, { params: { W: 12 } }));
        add.port('x').set(this.x);
        add.port('y').set(this.x);
        this.s.set(add.port('s'));
      }
    }
    const design = elaborate(new UsesAdder());
    const adder = design.modules.find((m) => m.name === 'adder')!;
    assert.deepEqual(
      adder.ports.map((p) => `${p.dir} ${p.name}:${adder.nets[p.net]!.width}`),
      ['input x:12', 'input y:12', 'output s:13'],
    );
    assert.deepEqual(adder.blackbox?.params, { W: 12 });
    assert.deepEqual(adder.blackbox?.sources, [adderV]);
    const bb = new VerilogBlackBox(adderV);
    assert.deepEqual(Object.keys(bb.ports), ['x', 'y', 's']);
    assert.equal(bb.port('x').width, 4);
    assert.equal(bb.port('s').width, 5);
  });

  it('reports user errors: unknown port, unknown parameter, inout port, unreadable file', () => {
    assert.throws(
      () => new VerilogBlackBox(adderV).port('z'),
      (e: unknown) => e instanceof UserError && /adder has no port 'z' \(has x, y, s\)/.test(e.message),
    );
    assert.throws(
      () => new VerilogBlackBox(adderV, { params: { WIDTH: 3 } }),
      /module adder has no parameter 'WIDTH' \(has W, OUT\)/,
    );
    const inout = verilogFile('pad.v', 'module pad (inout io, input en); endmodule');
    assert.throws(() => new VerilogBlackBox(inout), /port 'io' of pad is inout/);
    assert.throws(
      () => new VerilogBlackBox(path.join(dir, 'missing.v')),
      (e: unknown) => e instanceof UserError && /cannot read Verilog file/.test(e.message),
    );
    assert.throws(
      () =>
        new (class extends BlackBox {
          constructor() {
            super('not a name');
          }
        })(),
      /is not a Verilog identifier/,
    );
  });

  it('simulates with Icarus: the accumulator adds a*b once per cycle while run is high', async function () {
    await requireTool(this, 'iverilog');
    const design = elaborate(new BlackBoxUser(8, 24));
    const work = scratchDir('blackbox-sim');
    const files = [...writeFiles(work, emitVerilog(design).files), ...blackboxSources(design)];
    const tb = path.join(work, 'tb.v');
    writeFileSync(
      tb,
      `
module tb;
  reg clk = 0, rst = 1, run = 0;
  reg [7:0] a = 8'd7, b = 8'd9;
  wire [23:0] acc;
  BlackBoxUser dut (.clk(clk), .rst(rst), .run(run), .a(a), .b(b), .acc(acc));
  always #5 clk = ~clk;
  reg [23:0] first;
  initial begin
    repeat (2) @(posedge clk);
    rst <= 0; run <= 1;
    repeat (10) @(posedge clk);
    #1 first = acc;
    repeat (5) @(posedge clk);
    #1 $display("%0d %0d", first, acc - first);
    run <= 0;
    repeat (4) @(posedge clk);
    #1 first = acc;
    repeat (3) @(posedge clk);
    #1 $display("%0d", acc - first);
    $finish;
  end
endmodule
`,
    );
    const c = await iverilogCompile([...files, tb], 'tb', path.join(work, 'tb.vvp'));
    assert.equal(c.exitCode, 0, c.output);
    const r = await vvp(path.join(work, 'tb.vvp'));
    const [line1, line2] = r.output.trim().split('\n');
    const [first, delta] = line1!.split(' ').map(Number);
    assert.ok(first! > 0 && first! % 63 === 0, `accumulated ${first}`);
    assert.equal(delta, 5 * 63);
    assert.equal(Number(line2), 0, 'stops accumulating once run is low (after the synchronizer)');
  });
});
