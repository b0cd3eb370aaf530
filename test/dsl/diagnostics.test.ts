// One test per diagnostic: its code, its message, and the file:line of the user's bad code.
// The marker comments (// @name) say which line each diagnostic must point at.
import assert from 'node:assert/strict';
import { Module, UInt, SInt, Bool, when, mux, type Diagnostic } from '../../dsl/index.js';
import { diagnose, markerLine, reportedPath } from '../support/diagnostics.js';

const here = import.meta.url;
const file = reportedPath(here);

function assertAt(d: Diagnostic | undefined, marker: string): void {
  assert.ok(d, 'diagnostic missing');
  assert.equal(d.loc?.file, file, `reported in ${d.loc?.file}`);
  assert.equal(d.loc?.line, markerLine(here, marker), `reported at line ${d.loc?.line} for @${marker}: ${d.message}`);
}

describe('dsl diagnostics', () => {
  it('TTF100 width mismatch on set', () => {
    class WidthMismatch extends Module {
      readonly a = this.input(UInt(8));
      readonly y = this.output(UInt(4));
      constructor() {
        super();
        this.y.set(this.a); // @width
      }
    }
    const r = diagnose(() => new WidthMismatch());
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0]!.code, 'TTF100');
    assert.equal(
      r.errors[0]!.message,
      "width mismatch: assigning a 8-bit value to 'y' of 4 bits; write .trunc(4) or .resize(4) to say what you mean",
    );
    assertAt(r.errors[0], 'width');
  });

  it('TTF101 constant does not fit', () => {
    class ConstTooBig extends Module {
      readonly y = this.output(UInt(4));
      constructor() {
        super();
        this.y.set(UInt(4).lit(16)); // @const
      }
    }
    const r = diagnose(() => new ConstTooBig());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF101'],
    );
    assert.equal(r.errors[0]!.message, 'constant 16 does not fit UInt(4) (range 0..15)');
    assertAt(r.errors[0], 'const');
  });

  it('TTF102 type mismatch', () => {
    class SignedIntoUnsigned extends Module {
      readonly a = this.input(SInt(8));
      readonly y = this.output(UInt(8));
      constructor() {
        super();
        this.y.set(this.a); // @type
      }
    }
    const r = diagnose(() => new SignedIntoUnsigned());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF102'],
    );
    assert.equal(
      r.errors[0]!.message,
      "type mismatch: assigning SInt(8) to 'y' of type UInt(8); cast with asUInt()/asSInt()/asBits()/as(type)",
    );
    assertAt(r.errors[0], 'type');
  });

  it('TTF104 slice out of range', () => {
    class BadSlice extends Module {
      readonly a = this.input(UInt(8));
      readonly y = this.output(UInt(4));
      constructor() {
        super();
        this.y.set(this.a.slice(9, 6)); // @slice
      }
    }
    const r = diagnose(() => new BadSlice());
    assert.equal(r.errors[0]!.code, 'TTF104');
    assert.equal(
      r.errors[0]!.message,
      'slice(9, 6) is out of range for a 8-bit value (valid: width-1 >= hi >= lo >= 0)',
    );
    assertAt(r.errors[0], 'slice');
  });

  it('TTF110 undriven output, reported at its declaration', () => {
    class Undriven extends Module {
      readonly a = this.input(Bool());
      readonly y = this.output(Bool());
      readonly z = this.output(Bool()); // @undriven
      constructor() {
        super();
        this.y.set(this.a);
      }
    }
    const r = diagnose(() => new Undriven());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF110'],
    );
    assert.equal(r.errors[0]!.message, "output 'z' of Undriven is never assigned: assign it, or give it a default");
    assertAt(r.errors[0], 'undriven');
  });

  it('TTF116 child input never driven: the instance, the port and the line that made it', () => {
    class Child extends Module {
      readonly a = this.input(UInt(8));
      readonly inValid = this.input(Bool(), 'in_valid');
      readonly y = this.output(UInt(8));
      constructor() {
        super();
        this.y.set(mux(this.inValid, this.a, 0));
      }
    }
    class Parent extends Module {
      readonly x = this.input(UInt(8));
      readonly y = this.output(UInt(8));
      readonly seen = this.output(Bool());
      constructor() {
        super();
        const m = this.instance(new Child(), 'm'); // @instance
        m.a.set(this.x);
        this.y.set(m.y);
        this.seen.set(m.inValid); // read in the parent too: still the child's undriven input
      }
    }
    const r = diagnose(() => new Parent());
    assert.deepEqual(
      r.errors.map((d) => [d.code, d.message]),
      [
        [
          'TTF116',
          "input 'in_valid' of instance 'm' (Child) is never driven: set it after the instance is made (a constant if it is unused)",
        ],
      ],
    );
    assertAt(r.errors[0], 'instance');
    // Two instances of one child, one connected: only the other is reported, at its own line.
    class Two extends Module {
      readonly x = this.input(UInt(8));
      readonly y = this.output(UInt(8));
      constructor() {
        super();
        const p = this.instance(new Child(), 'p');
        const q = this.instance(new Child(), 'q'); // @secondChild
        p.a.set(this.x);
        p.inValid.set(true);
        q.a.set(p.y);
        this.y.set(q.y);
      }
    }
    const two = diagnose(() => new Two()).errors;
    assert.deepEqual(
      two.map((d) => [d.code, d.message.slice(0, 36)]),
      [['TTF116', "input 'in_valid' of instance 'q' (Ch"]],
    );
    assertAt(two[0], 'secondChild');
  });

  it('TTF132 warning: a port named after a Verilog keyword is renamed, once per port, at the field', () => {
    class Keyworded extends Module {
      readonly begin = this.input(Bool()); // @kwBegin
      readonly end = this.output(Bool()); // @kwEnd
      constructor() {
        super();
        this.end.set(this.begin);
      }
    }
    class TwoOfThem extends Module {
      readonly x = this.input(Bool());
      readonly y = this.output(Bool());
      constructor() {
        super();
        const a = this.instance(new Keyworded(), 'a');
        const b = this.instance(new Keyworded(), 'b');
        a.begin.set(this.x);
        b.begin.set(a.end);
        this.y.set(b.end);
      }
    }
    const r = diagnose(() => new TwoOfThem());
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.warnings.map((d) => [d.code, d.message]),
      [
        [
          'TTF132',
          "port 'begin' of Keyworded is emitted as 'begin_' ('begin' is a Verilog keyword); the Verilog, peek/poke and waveforms call it 'begin_': rename the field to keep one name",
        ],
        [
          'TTF132',
          "port 'end' of Keyworded is emitted as 'end_' ('end' is a Verilog keyword); the Verilog, peek/poke and waveforms call it 'end_': rename the field to keep one name",
        ],
      ],
    );
    assertAt(r.warnings[0], 'kwBegin');
    assertAt(r.warnings[1], 'kwEnd');
  });

  it('TTF113 latch: a combinational signal not assigned on every path', () => {
    class Latchy extends Module {
      readonly en = this.input(Bool());
      readonly a = this.input(UInt(4));
      readonly y = this.output(UInt(4));
      constructor() {
        super();
        when(this.en, () => {
          this.y.set(this.a); // @latch
        });
      }
    }
    const r = diagnose(() => new Latchy());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF113'],
    );
    assert.match(
      r.errors[0]!.message,
      /^'y' is not assigned on every path and has no default, which would make a latch/,
    );
    assertAt(r.errors[0], 'latch');
  });

  it('no latch when the signal has a default or an otherwise branch', () => {
    class NotLatchy extends Module {
      readonly en = this.input(Bool());
      readonly a = this.input(UInt(4));
      readonly y = this.output(UInt(4), { default: 0 });
      readonly z = this.output(UInt(4));
      constructor() {
        super();
        when(this.en, () => this.y.set(this.a));
        when(this.en, () => this.z.set(this.a)).otherwise(() => this.z.set(1));
      }
    }
    assert.deepEqual(diagnose(() => new NotLatchy()).errors, []);
  });

  it('TTF112 combinational loop, printed hop by hop', () => {
    class Loop extends Module {
      readonly y = this.output(UInt(4));
      constructor() {
        super();
        const p = this.wire(UInt(4));
        const q = this.wire(UInt(4));
        p.set(q.add(1)); // @hop1
        q.set(p.xor(3)); // @hop2
        this.y.set(q);
      }
    }
    const r = diagnose(() => new Loop());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF112'],
    );
    const d = r.errors[0]!;
    assert.match(d.message, /^combinational loop in Loop through .*'p'.*: break it with a register$/);
    assert.match(d.message, /'q'/);
    const notes = d.notes ?? [];
    assert.equal(notes.length, 2, notes.map((n) => n.message).join('\n'));
    const hops = notes.map((n) => n.message).sort();
    assert.deepEqual(hops, ['p -> q (xor)', 'q -> p (add)']);
    const lines = notes.map((n) => n.loc?.line).sort((a, b) => a! - b!);
    assert.deepEqual(lines, [markerLine(here, 'hop1'), markerLine(here, 'hop2')]);
    for (const n of notes) assert.equal(n.loc?.file, file);
  });

  it('TTF112 loop through operations that build several nodes: every hop at the line that wrote it', () => {
    // shl, bit and trunc each build several nodes from one location capture (dsl/source-loc.ts pinLoc).
    class ShiftLoop extends Module {
      readonly y = this.output(UInt(8));
      constructor() {
        super();
        const p = this.wire(UInt(8));
        const q = this.wire(UInt(8));
        p.set(q.shl(2)); // @shlHop
        q.set(mux(p.bit(7), p.trunc(4).zext(8), p)); // @bitHop
        this.y.set(q);
      }
    }
    const r = diagnose(() => new ShiftLoop());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF112'],
    );
    const notes = r.errors[0]!.notes ?? [];
    assert.ok(notes.length >= 2, notes.map((n) => n.message).join('\n'));
    const lines = new Set(notes.map((n) => n.loc?.line));
    assert.deepEqual(
      [...lines].sort((a, b) => a! - b!),
      [markerLine(here, 'shlHop'), markerLine(here, 'bitHop')],
    );
    for (const n of notes) assert.equal(n.loc?.file, file);
  });

  it("TTF101 a plain number that does not fit the other operand, at the operation's line", () => {
    class NumberTooBig extends Module {
      readonly a = this.input(UInt(8));
      readonly y = this.output(UInt(8));
      constructor() {
        super();
        this.y.set(this.a.add(300)); // @plain
      }
    }
    const r = diagnose(() => new NumberTooBig());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF101'],
    );
    assert.equal(r.errors[0]!.message, 'constant 300 does not fit UInt(8) (range 0..255)');
    assertAt(r.errors[0], 'plain');
  });

  it('TTF115 assignment to a signal of another module', () => {
    class Inner extends Module {
      readonly y = this.output(Bool());
      readonly scratch = this.wire(Bool(), { default: false });
      constructor() {
        super();
        this.y.set(this.scratch);
      }
    }
    class Outer extends Module {
      readonly y = this.output(Bool());
      constructor() {
        super();
        const inner = this.instance(new Inner());
        inner.scratch.set(true); // @foreign
        this.y.set(inner.y);
      }
    }
    const r = diagnose(() => new Outer());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF115'],
    );
    assert.equal(
      r.errors[0]!.message,
      "assignment inside Outer to a signal of Inner: drive a module's signals from its own constructor (or its inputs from its parent)",
    );
    assertAt(r.errors[0], 'foreign');
  });

  it('TTF120 unused signal is a warning, at its declaration', () => {
    class Unused extends Module {
      readonly a = this.input(UInt(4));
      readonly y = this.output(UInt(4));
      constructor() {
        super();
        const spare = this.wire(UInt(4)); // @unused
        spare.set(this.a.add(1));
        this.y.set(this.a);
      }
    }
    const r = diagnose(() => new Unused());
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.warnings.map((d) => d.code),
      ['TTF120'],
    );
    assert.equal(r.warnings[0]!.message, "'spare' in Unused is never used");
    assertAt(r.warnings[0], 'unused');
  });

  it('TTF130 port name collision', () => {
    class Collide extends Module {
      readonly a = this.input(Bool(), 'x');
      readonly b = this.output(Bool(), 'x'); // @collide
      constructor() {
        super();
        this.b.set(this.a);
      }
    }
    const r = diagnose(() => new Collide());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF130'],
    );
    assert.equal(r.errors[0]!.message, "two ports of Collide are both named 'x'");
    assertAt(r.errors[0], 'collide');
  });

  it('collects every error: a design with two errors reports both', () => {
    class TwoErrors extends Module {
      readonly a = this.input(UInt(8));
      readonly y = this.output(UInt(4));
      readonly z = this.output(UInt(4));
      constructor() {
        super();
        this.y.set(this.a); // @first
        this.z.set(UInt(4).lit(99)); // @second
      }
    }
    const r = diagnose(() => new TwoErrors());
    assert.deepEqual(
      r.errors.map((d) => d.code),
      ['TTF100', 'TTF101'],
    );
    assertAt(r.errors[0], 'first');
    assertAt(r.errors[1], 'second');
  });
});
