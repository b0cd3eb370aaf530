// Statements go to the module whose constructor is running, and construction errors belong to the
// design that contains their module (review 2026-12, (c3)).
import assert from 'node:assert/strict';
import { Module, Bool, UInt, when, connect, elaborate, emitVerilog, DiagnosticError } from '../../dsl/index.js';
import { simulate } from '../../sim/index.js';
import { diagnose, markerLine } from '../support/diagnostics.js';

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

/** Drives the child's input (plainly, inside a when, by connect) and its own output before instance(). */
class DriveBeforeInstance extends Module {
  readonly en = this.input(Bool());
  readonly y = this.output(UInt(4));
  readonly z = this.output(UInt(4));
  constructor() {
    super();
    const c = new Child();
    const d = new Child();
    c.a.set(1);
    when(this.en, () => c.a.set(2));
    connect(d.a, this.y);
    this.y.set(c.q);
    this.z.set(d.q);
    this.instance(c, 'c');
    this.instance(d, 'd');
  }
}

class NeverInstantiated extends Module {
  readonly y = this.output(UInt(4));
  constructor() {
    super();
    const c = new Child();
    c.a.set(1); // @never
    this.y.set(0);
  }
}

class Holder extends Module {
  readonly q = this.output(UInt(4));
  constructor(c: Child) {
    super();
    this.q.set(this.instance(c, 'c').q);
  }
}

class InstantiatedElsewhere extends Module {
  readonly y = this.output(UInt(4));
  constructor() {
    super();
    const c = new Child();
    c.a.set(1); // @elsewhere
    this.y.set(this.instance(new Holder(c), 'h').q);
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

  it("records the parent's drives of a child's input before this.instance(c) into the parent", async () => {
    const text = emitVerilog(elaborate(new DriveBeforeInstance()))
      .files.map((f) => f.text)
      .join('\n');
    const parent = text.slice(text.indexOf('module DriveBeforeInstance'));
    assert.match(parent, /if \(en\) begin\n\s+c_a = 4'd2;/);
    assert.match(parent, /Child d \(\n\s+\.a\(y\),/);
    const sim = await simulate(new DriveBeforeInstance(), { backend: 'builtin' });
    try {
      for (const [en, y] of [
        [0, 1n],
        [1, 2n],
      ] as const) {
        sim.poke('en', en);
        assert.equal(await sim.peek('y'), y);
        assert.equal(await sim.peek('z'), y);
      }
    } finally {
      await sim.close();
    }
  });

  it('reports a child driven before instance() and never instantiated, or instantiated by another module', () => {
    for (const [build, marker, message] of [
      [
        () => new NeverInstantiated(),
        'never',
        /^an input of Child is driven here, but Child is never instantiated in NeverInstantiated: add this\.instance\(/,
      ],
      [
        () => new InstantiatedElsewhere(),
        'elsewhere',
        /^input 'a' of Child is driven here, but Child is instantiated in Holder, not in InstantiatedElsewhere/,
      ],
    ] as const) {
      // (Holder's instance of the child also reports its input undriven: TTF116.)
      const errors = diagnose(build).errors.filter((d) => d.code === 'TTF115');
      assert.deepEqual(
        errors.map((d) => [d.code, d.loc?.line]),
        [['TTF115', markerLine(import.meta.url, marker)]],
      );
      assert.match(errors[0]!.message, message);
    }
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
