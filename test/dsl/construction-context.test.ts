// Statements go to the module whose constructor is running, and construction errors belong to the
// design that contains their module (review 2026-12, (c3)).
import assert from 'node:assert/strict';
import { Module, Bool, UInt, when, elaborate, emitVerilog, DiagnosticError } from '../../dsl/index.js';

class Child extends Module {
  readonly a = this.input(UInt(4));
  readonly q = this.output(UInt(4));
  constructor() {
    super();
    this.q.set(this.a);
  }
}

class WhenAfterNewChild extends Module {
  readonly en = this.input(Bool());
  readonly y = this.output(UInt(4));
  constructor() {
    super();
    const c = new Child();
    this.y.set(0);
    when(this.en, () => this.y.set(3));
    this.instance(c, 'c');
    c.a.set(1);
  }
}

class WidthError extends Module {
  readonly y = this.output(UInt(4));
  constructor() {
    super();
    this.y.set(UInt(8).lit(3));
  }
}

class Good extends Module {
  readonly y = this.output(UInt(4));
  constructor() {
    super();
    this.y.set(3);
  }
}

describe('dsl construction context', () => {
  it('records a when right after new Child() into the parent', () => {
    const text = emitVerilog(elaborate(new WhenAfterNewChild()))
      .files.map((f) => f.text)
      .join('\n');
    const parent = text.slice(text.indexOf('module WhenAfterNewChild'));
    assert.match(parent, /if \(en\)/);
  });

  it("keeps a built but never elaborated module's errors out of another design", () => {
    new WidthError();
    assert.doesNotThrow(() => elaborate(new Good()));
    assert.throws(
      () => elaborate(new WidthError()),
      (e: unknown) => e instanceof DiagnosticError && /TTF100/.test(e.message),
    );
  });
});
