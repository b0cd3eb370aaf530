// Identical module instances are emitted once; the structural comparison that decides it must see
// every IR field (a field it does not know about could make two different modules look equal).
import assert from 'node:assert/strict';
import { Module, UInt, elaborate, elaborateWithWarnings } from '../../dsl/index.js';
import { IR_FIELDS } from '../../dsl/elaborate/same-structure.js';
import { examples } from '../../designs/examples/index.js';
import type { IrModule } from '../../dsl/ir/netlist.js';

function checkFields(what: keyof typeof IR_FIELDS, o: object, where: string): void {
  const known: readonly string[] = IR_FIELDS[what];
  for (const k of Object.keys(o))
    assert.ok(known.includes(k), `${where}: IR field '${k}' of a ${what} is not in IR_FIELDS.${what}`);
}

function checkModule(m: IrModule): void {
  const at = m.name;
  checkFields('module', m, at);
  if (m.blackbox) checkFields('blackbox', m.blackbox, at);
  for (const x of m.ports) checkFields('port', x, at);
  for (const x of m.nets) checkFields('net', x, at);
  for (const x of m.cells) checkFields('cell', x, at);
  const stmts = (list: readonly object[]): void => {
    for (const s of list as never[]) {
      checkFields('stmt', s, at);
      const st = s as {
        kind: string;
        then?: object[];
        else?: object[];
        cases?: { values: unknown; body: object[] }[];
        default?: object[];
      };
      if (st.kind === 'if') {
        stmts(st.then!);
        stmts(st.else!);
      }
      if (st.kind === 'case') {
        for (const c of st.cases!) {
          checkFields('caseItem', c, at);
          stmts(c.body);
        }
        stmts(st.default!);
      }
    }
  };
  for (const p of m.processes) {
    checkFields('process', p, at);
    for (const d of p.defaults) checkFields('processDefault', d, at);
    stmts(p.body);
  }
  for (const x of m.registers) checkFields('register', x, at);
  for (const x of m.domains) checkFields('domain', x, at);
  for (const x of m.enums) checkFields('enum', x, at);
  for (const mem of m.memories) {
    checkFields('memory', mem, at);
    for (const w of mem.writePorts) checkFields('writePort', w, at);
    for (const r of mem.readPorts) checkFields('readPort', r, at);
  }
  for (const i of m.instances) {
    checkFields('instance', i, at);
    for (const c of i.conns) checkFields('conn', c, at);
  }
}

/** A cell whose structure can differ between instances with the same parameters. */
class Cell extends Module {
  readonly a = this.input(UInt(8));
  readonly y = this.output(UInt(8));
  constructor(invert = false) {
    super({ width: 8 });
    this.y.set(invert ? this.a.not() : this.a.add(1));
  }
}

class Pair extends Module {
  readonly a = this.input(UInt(8));
  readonly y0 = this.output(UInt(8));
  readonly y1 = this.output(UInt(8));
  constructor(second: boolean) {
    super();
    const c0 = this.instance(new Cell(), 'c0');
    const c1 = this.instance(new Cell(second), 'c1'); // built on another line: locations differ
    c0.a.set(this.a);
    c1.a.set(this.a);
    this.y0.set(c0.y);
    this.y1.set(c1.y);
  }
}

describe('identical module instances', () => {
  it('IR objects of the examples have no field the structural comparison does not know', () => {
    for (const ex of examples) for (const m of elaborate(ex.build()).modules) checkModule(m);
  });

  it('two instances built on different lines with the same structure share one module', () => {
    const d = elaborate(new Pair(false));
    assert.deepEqual(
      d.modules.map((m) => m.name),
      ['Cell', 'Pair'],
    );
    assert.equal(d.modules[0]!.params.width, 8);
    assert.equal(d.top.instances[0]!.module, d.top.instances[1]!.module);
  });

  it('instances whose structure differs get a module each, and a warning that the parameters do not tell them apart', () => {
    const r = elaborateWithWarnings(new Pair(true));
    assert.deepEqual(
      r.design.modules.map((m) => m.name),
      ['Cell_v1', 'Cell_v2', 'Pair'],
    );
    assert.notEqual(r.design.top.instances[0]!.module, r.design.top.instances[1]!.module);
    assert.deepEqual(
      r.warnings.map((w) => w.code),
      ['TTF146'],
    );
    assert.match(r.warnings[0]!.message, /^Cell has 2 different structures but its parameters do not tell them apart/);
  });
});
