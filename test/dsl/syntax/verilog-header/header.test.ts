// The Verilog header reader: ANSI and non-ANSI ports, parameters and overrides, widths from
// constant expressions, bodies stepped over, and syntax errors with line, column and what was expected.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseVerilogHeader, parseVerilogHeaders, resolveHeader } from '../../../../dsl/syntax/verilog-header/index.js';
import { DiagnosticError, UserError } from '../../../../dsl/diagnostics.js';

const widths = (text: string, params: Record<string, number> = {}, name?: string) =>
  resolveHeader(parseVerilogHeader(text, name), params).ports.map(
    (p) => `${p.dir} ${p.name}:${p.width}${p.signed ? 's' : ''}`,
  );

function syntaxErrorOf(text: string): { message: string; line: number; col: number } {
  try {
    resolveHeader(parseVerilogHeader(text, undefined, { source: 'bad.v' }));
  } catch (e) {
    assert.ok(e instanceof UserError, 'errors are UserErrors');
    assert.ok(e instanceof DiagnosticError);
    const d = e.diagnostics[0]!;
    assert.equal(d.code, 'TTF150');
    assert.equal(d.loc?.file, 'bad.v');
    return { message: d.message, line: d.loc!.line, col: d.loc!.col };
  }
  assert.fail('no error');
}

describe('verilog header reader', () => {
  it('reads an ANSI header with a parameter list and ranges over parameters', () => {
    const text = `
      \`timescale 1ns / 1ps
      (* keep_hierarchy = "yes" *)
      module ram #(parameter WIDTH = 8, DEPTH = 1024, parameter integer AW = $clog2(DEPTH), localparam BYTES = WIDTH / 8) (
        input  wire clk, // the clock
        input  wire [AW-1:0] addr,
        input  [WIDTH-1:0] wdata, /* same width: */ rdata_unused_in,
        output reg signed [2*WIDTH:0] rdata,
        output [BYTES-1:0] be
      );
        always @(*) begin rdata = 0; end
      endmodule`;
    assert.deepEqual(widths(text), [
      'input clk:1',
      'input addr:10',
      'input wdata:8',
      'input rdata_unused_in:8',
      'output rdata:17s',
      'output be:1',
    ]);
    assert.deepEqual(widths(text, { WIDTH: 32, DEPTH: 64 }), [
      'input clk:1',
      'input addr:6',
      'input wdata:32',
      'input rdata_unused_in:32',
      'output rdata:65s',
      'output be:4',
    ]);
    const h = parseVerilogHeader(text);
    assert.equal(h.ansi, true);
    assert.deepEqual(
      h.params.map((p) => [p.name, p.local]),
      [
        ['WIDTH', false],
        ['DEPTH', false],
        ['AW', false],
        ['BYTES', true],
      ],
    );
  });

  it('reads a non-ANSI module: port names in the header, directions and parameters in the body', () => {
    const text = `
      module old_style (clk, data_in, data_out, flag);
        parameter N = 3;
        parameter W = N * 4 + 1;
        input clk;
        input [W-1:0] data_in;
        wire [7:0] unrelated;
        function [3:0] f; input [3:0] x; begin f = x; end endfunction
        always @(posedge clk) begin
          if (flag) data_out <= data_in; else data_out <= 0;
        end
        output reg [N:0] data_out;
        output flag;
        assign flag = 1'b0;
      endmodule`;
    assert.deepEqual(widths(text), ['input clk:1', 'input data_in:13', 'output data_out:4', 'output flag:1']);
    assert.deepEqual(widths(text, { N: 7 }), ['input clk:1', 'input data_in:29', 'output data_out:8', 'output flag:1']);
    assert.equal(parseVerilogHeader(text).ansi, false);
  });

  it('body parameters of a module with a #(...) list are local', () => {
    const text = 'module m #(parameter A = 2) (input [A:0] x);\n  parameter B = A + 1;\nendmodule';
    const h = parseVerilogHeader(text);
    assert.deepEqual(
      h.params.map((p) => [p.name, p.local]),
      [
        ['A', false],
        ['B', true],
      ],
    );
    assert.throws(() => resolveHeader(h, { B: 3 }), /parameter 'B' of module m is local and cannot be overridden/);
    assert.throws(() => resolveHeader(h, { C: 3 }), /module m has no parameter 'C' \(has A, B\)/);
  });

  it('picks one module of several by name, and lists them when the name is missing', () => {
    const text = 'module a (input x); endmodule\nmodule b #(parameter W = 4) (output [W-1:0] y); endmodule\n';
    assert.deepEqual(
      parseVerilogHeaders(text).map((m) => m.name),
      ['a', 'b'],
    );
    assert.deepEqual(widths(text, {}, 'b'), ['output y:4']);
    assert.throws(() => parseVerilogHeader(text), /expected one module, found 2 \(a, b\)/);
    assert.throws(() => parseVerilogHeader(text, 'c'), /no module 'c' here \(found a, b\)/);
  });

  it('evaluates constant expressions with Verilog precedence: sized literals, ternary, shifts, $clog2', () => {
    const text = `module e #(parameter P = 5, Q = 8'h10 - 2 * 3 + (P > 4 ? 1 : 0), R = 1 << 3 + 1, S = $clog2(P) ** 2, T = 16'sd3 | 4 & 6)
      (output [Q:0] q, output [R-1:0] r, output [S:0] s, output [T:0] t); endmodule`;
    // Q = 16 - 6 + 1 = 11; R = 1 << 4 = 16; S = 3 ** 2 = 9; T = 3 | (4 & 6) = 7
    assert.deepEqual(widths(text), ['output q:12', 'output r:16', 'output s:10', 'output t:8']);
  });

  it('property: any arithmetic tree reads back with the value it was printed from', () => {
    const ops = ['+', '-', '*', '&', '|', '^', '<<', '>>'] as const;
    const prec: Record<string, number> = { '*': 11, '+': 10, '-': 10, '<<': 9, '>>': 9, '&': 6, '^': 5, '|': 4 };
    type Tree = { v: number } | { op: (typeof ops)[number]; a: Tree; b: Tree };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.integer({ min: 0, max: 9 }).map((v) => ({ v })),
        fc.record({ op: fc.constantFrom(...ops), a: tie('t'), b: tie('t') }),
      ),
    })).t;
    const value = (t: Tree): bigint => {
      if ('v' in t) return BigInt(t.v);
      const a = value(t.a);
      const b = value(t.b);
      switch (t.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '&':
          return a & b;
        case '|':
          return a | b;
        case '^':
          return a ^ b;
        case '<<':
          return a << (b & 7n);
        case '>>':
          return a >> (b & 7n);
      }
    };
    // Shift amounts are masked so values stay small; the printed form masks them the same way.
    const print = (t: Tree, parentPrec = 0, right = false): string => {
      if ('v' in t) return String(t.v);
      const p = prec[t.op]!;
      const b = t.op === '<<' || t.op === '>>' ? `((${print(t.b)}) & 7)` : print(t.b, p, true);
      const s = `${print(t.a, p)} ${t.op} ${b}`;
      return p < parentPrec || (right && p === parentPrec) ? `(${s})` : s;
    };
    fc.assert(
      fc.property(tree, (t) => {
        const want = value(t);
        const h = parseVerilogHeader(`module m #(parameter X = ${print(t)}) (input a); endmodule`);
        assert.equal(resolveHeader(h).params.get('X'), want);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a syntax error with line, column and the token that was expected', () => {
    assert.deepEqual(syntaxErrorOf('module m (\n  input [3:0 a\n);\nendmodule'), {
      message: "expected ']', found 'a'",
      line: 2,
      col: 14,
    });
    assert.deepEqual(syntaxErrorOf('module m (input a)\nendmodule'), {
      message: "expected ';', found 'endmodule'",
      line: 2,
      col: 1,
    });
    assert.deepEqual(syntaxErrorOf('module m #(parameter = 3) ();\nendmodule'), {
      message: "expected an identifier, found '='",
      line: 1,
      col: 22,
    });
    assert.deepEqual(syntaxErrorOf('module (input a); endmodule'), {
      message: "expected an identifier, found '('",
      line: 1,
      col: 8,
    });
    assert.deepEqual(syntaxErrorOf('module m (input a);\n  wire x;\n'), {
      message: "expected 'endmodule' to close module m, found end of input",
      line: 2,
      col: 10,
    });
    assert.deepEqual(syntaxErrorOf('module m #(parameter W = 4) (input [X-1:0] a); endmodule'), {
      message: "'X' is not a parameter declared before this point",
      line: 1,
      col: 37,
    });
    assert.deepEqual(syntaxErrorOf('module m (a, b); input a; endmodule'), {
      message: "port 'b' of module m has no input/output declaration",
      line: 1,
      col: 14,
    });
  });
});
