// Bulk connect: bundles with flipped fields connect in both directions, vectors element by element.
import assert from 'node:assert/strict';
import {
  Module,
  Bundle,
  Flip,
  UInt,
  Bool,
  Vec,
  connect,
  elaborate,
  emitVerilog,
  DiagnosticError,
} from '../../dsl/index.js';

const Stream = () => Bundle({ valid: Bool(), data: UInt(8), ready: Flip(Bool()) });

class Stage extends Module {
  readonly in = this.input(Stream());
  readonly out = this.output(Stream());
  constructor() {
    super();
    connect(this.out, this.in);
  }
}

class Pipe extends Module {
  readonly in = this.input(Stream());
  readonly out = this.output(Stream());
  readonly lanesIn = this.input(Vec(2, UInt(4)));
  readonly lanesOut = this.output(Vec(2, UInt(4)));
  constructor() {
    super();
    const s = this.instance(new Stage());
    connect(s.in, this.in);
    connect(this.out, s.out);
    connect(this.lanesOut, this.lanesIn);
  }
}

describe('dsl connect', () => {
  it('drives forward fields forward and flipped fields backward, through an instance', () => {
    const v = emitVerilog(elaborate(new Pipe())).files.find((f) => f.name === 'Pipe.v')!.text;
    assert.match(v, /assign out_valid = s_out_valid;/);
    assert.match(v, /assign out_data = s_out_data;/);
    assert.match(v, /assign in_ready = s_in_ready;/);
    assert.match(v, /\.in_valid\(in_valid\)/);
    assert.match(v, /\.out_ready\(out_ready\)/);
    assert.match(v, /assign lanesOut_1 = lanesIn_1;/);
    const stage = emitVerilog(elaborate(new Stage())).files[0]!.text;
    assert.match(stage, /assign in_ready = out_ready;/);
    assert.match(stage, /assign out_data = in_data;/);
  });

  it('reports shape mismatches at the user line', () => {
    class Bad extends Module {
      readonly a = this.input(Vec(2, UInt(4)));
      readonly b = this.output(Vec(3, UInt(4)));
      constructor() {
        super();
        connect(this.b, this.a);
      }
    }
    assert.throws(
      () => elaborate(new Bad()),
      (e: unknown) => {
        assert.ok(e instanceof DiagnosticError);
        assert.match(
          e.message,
          /connect\.test\.ts:\d+:\d+: error TTF100: connect: 'vector' has 3 elements on one side and 2 on the other/,
        );
        return true;
      },
    );
  });
});
