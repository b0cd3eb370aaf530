// A port named after a C++ word (Vitis' `interrupt`) is legal Verilog but Verilator warns about it
// (SYMRSVDWORD); the emitter waives exactly that warning around such a port list, and nowhere else.
import assert from 'node:assert/strict';
import { Module, Bool, elaborate, emitVerilog } from '../../dsl/index.js';
import { cppMember } from '../../sim/verilator/cpp-member.js';
import { requireTool, scratchDir, verilatorLint, writeFiles } from '../support/tools.js';

class Irq extends Module {
  readonly fire = this.input(Bool());
  readonly interrupt = this.output(Bool(), 'interrupt');
  constructor() {
    super();
    this.interrupt.set(this.fire);
  }
}

class Plain extends Module {
  readonly a = this.input(Bool());
  readonly y = this.output(Bool());
  constructor() {
    super();
    this.y.set(this.a.not());
  }
}

describe('emit: ports named after C++ words', () => {
  it('the port list of a module with an `interrupt` port is wrapped in a SYMRSVDWORD waiver; others are not', () => {
    const text = emitVerilog(elaborate(new Irq())).files.find((f) => f.name === 'Irq.v')!.text;
    assert.match(
      text,
      /\/\* verilator lint_off SYMRSVDWORD \*\/\nmodule Irq \([^)]*interrupt\n\);\n\/\* verilator lint_on SYMRSVDWORD \*\//,
    );
    const plain = emitVerilog(elaborate(new Plain())).files[0]!.text;
    assert.doesNotMatch(plain, /lint_off/);
    assert.equal(cppMember('interrupt'), '__SYM__interrupt');
    assert.equal(cppMember('fire'), 'fire');
  });

  it('verilator --lint-only -Wall is silent on it', async function () {
    await requireTool(this, 'verilator');
    const files = writeFiles(scratchDir('emit-cpp-words'), emitVerilog(elaborate(new Irq())).files);
    const r = await verilatorLint(files, 'Irq');
    assert.equal(r.exitCode, 0, r.output);
    assert.equal(r.output.trim(), '');
  });
});
