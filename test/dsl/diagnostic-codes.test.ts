// The table of diagnostics, one small case per code: every code in DiagnosticCodes is emitted by its
// case, with its message and the line of the user's code (a `// @TTFxxx` marker in this file). The
// cases are read as the CLI reads them (build/user-mistakes.ts), so exceptions a design throws count.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  Bool,
  DiagnosticError,
  Enum,
  Fsm,
  Module,
  SInt,
  UInt,
  cat,
  elaborate,
  elaborateWithWarnings,
  switchOn,
  when,
  type Diagnostic,
} from '../../dsl/index.js';
import { DiagnosticCodes, DiagnosticSink, type DiagnosticCode } from '../../dsl/diagnostics.js';
import { checkDrivers } from '../../dsl/check/drivers.js';
import { parseVerilogHeaders } from '../../dsl/syntax/verilog-header/header.js';
import { parseEinsum } from '../../dsl/syntax/einsum/einsum.js';
import { asUserError } from '../../build/user-mistakes.js';
import { Fp32Add } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { simulate } from '../../sim/simulate.js';
import { requireTool } from '../../sim/tools.js';
import { validateVectorProgram } from '../../designs/engine/vector/validate.js';
import { runProgram } from '../../designs/program/interpreter.js';
import { rowMajor } from '../../designs/program/isa.js';
import { compileSampleForward } from '../../designs/program/compile-model.js';
import { compileOneProgram } from '../../designs/program/compile-one.js';
import { programAtLength } from '../../designs/program/run-one.js';
import { tinyConfig } from '../../designs/transformer/config.js';
import { markerLine, reportedPath } from '../support/diagnostics.js';

const here = import.meta.url;
const thisFile = reportedPath(here);

interface Case {
  /** Builds a module (elaborated here) or does something that throws. */
  run: () => unknown;
  message: RegExp;
  /**
   * Where it must point: this file at the marker `// @<code>` (the default), another file's line, or
   * nowhere (with the reason: a vector program is data; its message names the instruction instead).
   */
  at?: { file: string; line: number } | { none: string };
}

class Leaf extends Module {
  readonly a = this.input(UInt(8));
  readonly y = this.output(UInt(8));
  constructor() {
    super();
    this.y.set(this.a);
  }
}

class WithScratch extends Module {
  readonly y = this.output(UInt(8));
  readonly scratch = this.wire(Bool(), { default: false });
  constructor() {
    super();
    this.y.set(this.scratch.zext(8));
  }
}

const cases: Record<DiagnosticCode, Case> = {
  TTF100: {
    run: () =>
      new (class extends Module {
        readonly a = this.input(UInt(8));
        readonly y = this.output(UInt(4));
        constructor() {
          super();
          this.y.set(this.a); // @TTF100
        }
      })(),
    message: /^width mismatch: assigning a 8-bit value to 'y' of 4 bits; write \.trunc\(4\) or \.resize\(4\)/,
  },
  TTF101: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(4));
        constructor() {
          super();
          this.y.set(UInt(4).lit(16)); // @TTF101
        }
      })(),
    message: /^constant 16 does not fit UInt\(4\) \(range 0\.\.15\)$/,
  },
  TTF102: {
    run: () =>
      new (class extends Module {
        readonly a = this.input(SInt(8));
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          this.y.set(this.a); // @TTF102
        }
      })(),
    message: /SInt\(8\).*UInt\(8\)/,
  },
  TTF103: {
    run: () => UInt(0), // @TTF103
    message: /^UInt: width must be an integer from 1 to 65536, got 0$/,
  },
  TTF104: {
    run: () =>
      new (class extends Module {
        readonly a = this.input(UInt(8));
        readonly y = this.output(UInt(4));
        constructor() {
          super();
          this.y.set(this.a.slice(9, 6)); // @TTF104
        }
      })(),
    message: /slice\(9, 6\)/,
  },
  TTF105: {
    run: () => Enum('Colour', ['red', 'red']), // @TTF105
    message: /^Enum Colour: duplicate member names$/,
  },
  TTF110: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(8)); // @TTF110
      })(),
    message: /^output 'y' of .* is never assigned: assign it, or give it a default$/,
  },
  TTF111: {
    // The DSL's last-connect rule leaves no way to drive a net twice; the check guards the lowering,
    // so the case gives an elaborated net a second driver and runs the check on it.
    run: () => {
      const top = elaborate(
        new (class extends Module {
          readonly a = this.input(UInt(8));
          readonly y = this.output(UInt(8)); // @TTF111
          constructor() {
            super();
            this.y.set(this.a.add(1).trunc(8));
          }
        })(),
      ).top;
      const cell = top.cells.find((c) => c.out === top.ports.find((p) => p.name === 'y')?.net);
      assert.ok(cell, 'the cell that drives y');
      const sink = new DiagnosticSink();
      checkDrivers({ ...top, cells: [...top.cells, { ...cell }] }, sink);
      sink.throwIfErrors();
    },
    message: /^'y' has 2 drivers: \w+ cell, \w+ cell$/,
  },
  TTF112: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          const w = this.wire(UInt(8), 'w');
          w.set(w.add(1)); // @TTF112
          this.y.set(w);
        }
      })(),
    message: /^combinational loop/,
  },
  TTF113: {
    run: () =>
      new (class extends Module {
        readonly en = this.input(Bool());
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          when(this.en, () => this.y.set(1)); // @TTF113
        }
      })(),
    message: /not assigned on every path/,
  },
  TTF114: {
    run: () =>
      new (class extends Module {
        readonly a = this.input(UInt(8));
        constructor() {
          super();
          this.a.set(1); // @TTF114
        }
      })(),
    message: /^'a' is an input of .*: it is driven from outside, not from inside the module$/,
  },
  TTF115: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          const inner = this.instance(new WithScratch(), 'inner');
          inner.scratch.set(true); // @TTF115
          this.y.set(inner.y);
        }
      })(),
    message: /^assignment inside .* to a signal of WithScratch: drive a module's signals from its own constructor/,
  },
  TTF116: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          const leaf = this.instance(new Leaf(), 'leaf'); // @TTF116
          this.y.set(leaf.y);
        }
      })(),
    message: /^input 'a' of instance 'leaf' \(Leaf\) is never driven: set it after the instance is made/,
  },
  TTF117: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(Bool());
        constructor() {
          super();
          const fsm = new Fsm(this, 'Idle', ['A', 'B']); // @TTF117
          this.y.set(fsm.is('A'));
        }
      })(),
    message: /^FSM Idle is made here but build\(\) is never called/,
  },
  TTF120: {
    run: () =>
      new (class extends Module {
        readonly a = this.input(UInt(8));
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          const spare = this.wire(UInt(8), 'spare'); // @TTF120
          spare.set(this.a);
          this.y.set(this.a);
        }
      })(),
    message: /spare/,
  },
  TTF130: {
    run: () =>
      new (class extends Module {
        readonly a = this.input(UInt(8), 'p');
        readonly b = this.output(UInt(8), 'p'); // @TTF130
        constructor() {
          super();
          this.b.set(this.a);
        }
      })(),
    message: /'p'/,
  },
  TTF131: {
    run: () =>
      new (class extends Module {
        // @ts-expect-error: the mistake itself (tsc refuses it too)
        readonly input = this.input(UInt(8));
        readonly other = this.input(UInt(8)); // @TTF131
      })(),
    message: /^a field named 'input' hides the Module method input\(\)/,
  },
  TTF132: {
    run: () =>
      new (class extends Module {
        readonly begin = this.input(Bool()); // @TTF132
        readonly y = this.output(Bool());
        constructor() {
          super();
          this.y.set(this.begin);
        }
      })(),
    message: /^port 'begin' of .* is emitted as 'begin_' \('begin' is a Verilog keyword\)/,
  },
  TTF140: {
    run: () => new Fp32Add(9), // @TTF140
    message: /^fp32 add: stages must be an integer from 0 to 5/,
  },
  TTF141: {
    run: () =>
      new (class extends Module {
        readonly en = this.input(Bool());
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          const chain = when(this.en, () => this.y.set(1));
          chain.otherwise(() => this.y.set(2));
          chain.elsewhen(this.en, () => this.y.set(3)); // @TTF141
        }
      })(),
    message: /^elsewhen after otherwise$/,
  },
  TTF142: {
    run: () =>
      new (class extends Module {
        readonly s = this.input(UInt(2));
        readonly y = this.output(UInt(8), { default: 0 });
        constructor() {
          super();
          switchOn(this.s)
            .is(1, () => this.y.set(1))
            .is(1, () => this.y.set(2)); // @TTF142
        }
      })(),
    message: /^duplicate case value 1 in switchOn$/,
  },
  TTF143: {
    run: () =>
      new (class extends Module {
        constructor() {
          super();
          const fsm = new Fsm(this, 'Blink', ['On', 'Off']);
          fsm.on('On', () => fsm.goto('Off')).on('Off', () => fsm.goto('On'));
          fsm.build();
          fsm.build(); // @TTF143
        }
      })(),
    message: /^FSM Blink: build\(\) called twice$/,
  },
  TTF144: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          const leaf = this.instance(new Leaf(), 'leaf');
          leaf.a.set(0);
          const r = this.reg(UInt(8), { init: 0, domain: leaf.defaultDomain() }); // @TTF144
          r.set(leaf.y);
          this.y.set(r);
        }
      })(),
    message: /^register 'r' uses a clock domain of another module$/,
  },
  TTF145: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          const r = this.reg(UInt(8), { reset: 'sync' }); // @TTF145
          r.set(r);
          this.y.set(r);
        }
      })(),
    message: /^a register with reset 'sync' needs an init value$/,
  },
  TTF146: {
    run: () => new Pair(),
    message: /^Cell has 2 different structures but its parameters do not tell them apart/,
  },
  TTF147: {
    run: () =>
      new (class extends Module {
        constructor() {
          super();
          const m = this.memory(UInt(16), 16, { name: 'm' });
          m.write(0, 1);
          m.write(1, 2, { mask: 3 }); // @TTF147
        }
      })(),
    message: /^write port 0 was first used without a mask; use masks on every write of a port or none$/,
  },
  TTF148: {
    run: () =>
      new (class extends Module {
        constructor() {
          super();
          const leaf = this.instance(new Leaf(), 'one');
          this.instance(leaf, 'two'); // @TTF148
        }
      })(),
    message: /^module Leaf is already instantiated in .*; create a new one$/,
  },
  TTF149: {
    run: () =>
      new (class extends Module {
        readonly y = this.output(UInt(8));
        constructor() {
          super();
          this.y.set(cat()); // @TTF149
        }
      })(),
    message: /^cat\(\) needs at least one part$/,
  },
  TTF150: {
    run: () => parseVerilogHeaders('module m(input wire [3 a);\nendmodule\n', { source: 'bad.v' }),
    message: /expected/,
    at: { file: 'bad.v', line: 1 },
  },
  TTF151: {
    run: () => parseEinsum('ab,bc->ac2'),
    message: /./,
    at: { file: '<einsum>', line: 1 },
  },
  TTF190: {
    run: () =>
      validateVectorProgram(
        [
          {
            op: 'add',
            m: 2,
            n: 8,
            a: { off: 0, row: 8, col: 1 },
            b: { off: 100, row: 0, col: 1 },
            y: { off: 9000, row: 8, col: 1 },
          },
        ],
        { memWords: 4096 },
      ),
    message: /^vector instruction 0 'add': /,
    at: { none: 'a program is data: the message names the instruction' },
  },
  TTF191: {
    run: () =>
      runProgram(
        [
          {
            op: 'gemm',
            label: 'Z = X L',
            m: 2,
            n: 2,
            k: 2,
            a: rowMajor(0, 2),
            b: rowMajor(4, 2),
            c: rowMajor(30, 2),
            accumulate: false,
          },
        ],
        new Float32Array(32),
      ),
    message: /^instruction 0 'Z = X L' \(gemm\): operand C reaches address 33/,
    at: { none: 'a program is data: the message names the instruction' },
  },
  TTF192: {
    run: () => compileSampleForward(tinyConfig(), []),
    message: /^sample length 0: a sample needs at least one token/,
    at: { none: 'a sample is data: the message names the field' },
  },
  TTF193: {
    run: () => {
      const one = compileOneProgram({ ...tinyConfig(), maxTokens: 2 }, 'sgd');
      programAtLength(one, 3);
    },
    message: /^length register 3: the program runs lengths 1\.\.2/,
    at: { none: 'an input record is data: the message names the field' },
  },
  TTF160: {
    run: async () => {
      const sim = await simulate(new Leaf(), { backend: 'builtin' });
      sim.poke('a', 5);
      sim.expect('y', 6);
      try {
        await sim.step(1); // @TTF160
        await sim.flush();
      } finally {
        await sim.close().catch(() => undefined);
      }
    },
    message: /^simulation mismatch \(builtin\) at cycle \d+, signal 'y'/,
  },
  TTF161: {
    run: async () => {
      const sim = await simulate(new Leaf(), { backend: 'builtin', maxCycles: 3 });
      try {
        await sim.step(5); // @TTF161
      } finally {
        await sim.close().catch(() => undefined);
      }
    },
    message: /^simulation cycle limit reached: /,
  },
  TTF170: {
    run: () => requireTool('ttforge-no-such-tool', 'this test'), // @TTF170
    message: /^missing tool: 'ttforge-no-such-tool' is needed for this test but is not on PATH/,
  },
  TTF180: {
    run: async () => {
      const dir = path.join('out', 'test-fixtures');
      mkdirSync(dir, { recursive: true });
      copyFileSync('test/build/fixtures/syntax-error.ts.txt', path.join(dir, 'syntax-error-table.ts'));
      await import(path.resolve(dir, 'syntax-error-table.ts'));
    },
    message: /^Unexpected ";"; fix the TypeScript at this line$/,
    at: { file: path.join('out', 'test-fixtures', 'syntax-error-table.ts'), line: 7 },
  },
  TTF181: {
    run: () => {
      throw new RangeError('beats must be at least 1'); // @TTF181
    },
    message: /^the design's code threw RangeError: beats must be at least 1; fix the design/,
  },
};

class Cell extends Module {
  readonly a = this.input(UInt(8));
  readonly y = this.output(UInt(8));
  constructor(invert: boolean) {
    super({ width: 8 }); // @TTF146
    this.y.set(invert ? this.a.not() : this.a);
  }
}

class Pair extends Module {
  readonly a = this.input(UInt(8));
  readonly y0 = this.output(UInt(8));
  readonly y1 = this.output(UInt(8));
  constructor() {
    super();
    const c0 = this.instance(new Cell(false), 'c0');
    const c1 = this.instance(new Cell(true), 'c1');
    c0.a.set(this.a);
    c1.a.set(this.a);
    this.y0.set(c0.y);
    this.y1.set(c1.y);
  }
}

/** Every diagnostic `c` produces, as the CLI would report it. */
async function reported(c: Case): Promise<Diagnostic[]> {
  try {
    const made = await c.run();
    if (!(made instanceof Module)) return [];
    return elaborateWithWarnings(made).warnings;
  } catch (e) {
    const u = await asUserError(e);
    if (u instanceof DiagnosticError) return u.diagnostics;
    if (u?.diagnostic) return [u.diagnostic];
    throw e;
  }
}

describe('the table of diagnostics: one case per code', function () {
  this.timeout(60_000);

  it('every code in the table has a case here, and nothing else does', () => {
    assert.deepEqual(Object.keys(cases).sort(), Object.keys(DiagnosticCodes).sort());
  });

  for (const [code, c] of Object.entries(cases) as [DiagnosticCode, Case][]) {
    it(`${code} ${DiagnosticCodes[code]}`, async () => {
      const all = await reported(c);
      const d = all.find((x) => x.code === code);
      assert.ok(d, `no ${code} among ${all.map((x) => `${x.code} ${x.message}`).join('; ') || 'nothing'}`);
      assert.match(d.message, c.message);
      assert.doesNotMatch(d.message, /TTF\d{3}/, 'the code is never written into the message');
      if (c.at && 'none' in c.at) {
        assert.equal(d.loc, undefined);
        return;
      }
      const want = c.at ?? { file: thisFile, line: markerLine(here, code) };
      assert.equal(d.loc?.file, want.file, `${code} reported in ${d.loc?.file}`);
      assert.equal(d.loc?.line, want.line, `${code} reported at line ${d.loc?.line}`);
    });
  }
});
