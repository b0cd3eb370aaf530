// The compiled built-in simulator against a direct bigint reference of every cell kind, for widths
// from 1 to 200 bits (both the 32-bit number path and the bigint path), plus process semantics.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { CellOp } from '../../../dsl/ir/netlist.js';
import { BuiltinBackend } from '../../../sim/builtin/builtin-backend.js';
import { IrBuilder, assign, designOf, ifElse } from '../../../sim/ir-builder.js';

const U = (v: bigint, w: number): bigint => BigInt.asUintN(w, v);
const S = (v: bigint, w: number): bigint => BigInt.asIntN(w, v);

/** The language's cell semantics, written out plainly. */
function reference(
  op: CellOp,
  a: bigint,
  b: bigint,
  wa: number,
  wb: number,
  wo: number,
  signed: boolean,
  hi: number,
  lo: number,
): bigint {
  const sa = signed ? S(a, wa) : a;
  const sb = signed ? S(b, wb) : b;
  switch (op) {
    case 'add':
      return U(a + b, wo);
    case 'sub':
      return U(a - b, wo);
    case 'mul':
      return U(sa * sb, wo);
    case 'and':
      return a & b;
    case 'or':
      return a | b;
    case 'xor':
      return a ^ b;
    case 'not':
      return U(~a, wo);
    case 'neg':
      return U(-a, wo);
    case 'andr':
      return a === U(-1n, wa) ? 1n : 0n;
    case 'orr':
      return a !== 0n ? 1n : 0n;
    case 'xorr': {
      let p = 0n;
      for (let x = a; x; x >>= 1n) p ^= x & 1n;
      return p;
    }
    case 'eq':
      return a === b ? 1n : 0n;
    case 'ne':
      return a !== b ? 1n : 0n;
    case 'lt':
      return sa < sb ? 1n : 0n;
    case 'le':
      return sa <= sb ? 1n : 0n;
    case 'gt':
      return sa > sb ? 1n : 0n;
    case 'ge':
      return sa >= sb ? 1n : 0n;
    case 'shl':
      return b >= BigInt(wo) ? 0n : U(a << b, wo);
    case 'shr':
      return b >= BigInt(wo) ? (signed && S(a, wa) < 0n ? U(-1n, wo) : 0n) : U((signed ? S(a, wa) : a) >> b, wo);
    case 'mux':
      throw new Error('not here');
    case 'slice':
      return U(a >> BigInt(lo), hi - lo + 1);
    case 'concat':
      return (a << BigInt(wb)) | b;
    case 'zext':
      return a;
    case 'sext':
      return U(S(a, wa), wo);
  }
}

const widthArb = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(31, 32, 33, 63, 64, 65, 200));
const valueOf = (w: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n });

interface Case {
  op: CellOp;
  wa: number;
  wb: number;
  wo: number;
  signed: boolean;
  hi: number;
  lo: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    op: fc.constantFrom<CellOp>(
      'add',
      'sub',
      'mul',
      'and',
      'or',
      'xor',
      'not',
      'neg',
      'andr',
      'orr',
      'xorr',
      'eq',
      'ne',
      'lt',
      'le',
      'gt',
      'ge',
      'shl',
      'shr',
      'slice',
      'concat',
      'zext',
      'sext',
    ),
    w: widthArb,
    w2: widthArb,
    signed: fc.boolean(),
    pick: fc.nat(1000),
    pick2: fc.nat(1000),
  })
  .map(({ op, w, w2, signed, pick, pick2 }) => {
    let wa = w,
      wb = w,
      wo = w,
      hi = 0,
      lo = 0;
    if (op === 'mul') {
      wb = w2;
      wo = w + w2;
    }
    if (['andr', 'orr', 'xorr', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'].includes(op)) wo = 1;
    if (op === 'shl' || op === 'shr') wb = Math.min(w2, 9);
    if (op === 'slice') {
      lo = pick % w;
      hi = lo + (pick2 % (w - lo));
      wo = hi - lo + 1;
    }
    if (op === 'concat') {
      wb = w2;
      wo = w + w2;
    }
    if (op === 'zext' || op === 'sext') wo = w + (pick % 70);
    return { op, wa, wb, wo, signed, hi, lo };
  });

describe('sim/builtin/compile', () => {
  it('every cell kind matches the bigint reference at any width', () => {
    fc.assert(
      fc.property(
        caseArb.chain((c) => fc.tuple(fc.constant(c), valueOf(c.wa), valueOf(c.wb))),
        ([c, a, b]) => {
          const m = new IrBuilder('Cell');
          const ia = m.input('a', c.wa);
          const ib = m.input('b', c.wb);
          const y = m.output('y', c.wo);
          const unary = ['not', 'neg', 'andr', 'orr', 'xorr', 'slice', 'zext', 'sext'].includes(c.op);
          const t = m.cell(c.op, unary ? [ia] : [ia, ib], c.wo, {
            signed: c.signed,
            ...(c.op === 'slice' ? { hi: c.hi, lo: c.lo } : {}),
          });
          m.drive(y, t);
          const sim = new BuiltinBackend(designOf(m.build()));
          sim.poke(sim.signal('a'), a);
          sim.poke(sim.signal('b'), b);
          const got = sim.peekNow(sim.signal('y'));
          assert.equal(
            got,
            reference(c.op, a, b, c.wa, c.wb, c.wo, c.signed, c.hi, c.lo),
            `${c.op} wa=${c.wa} wb=${c.wb} wo=${c.wo} signed=${c.signed} a=${a} b=${b}`,
          );
        },
      ),
      { numRuns: 600 },
    );
  });

  it('fuses the low bits of a product without losing exactness', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 32 }),
        fc.integer({ min: 1, max: 32 }),
        fc.boolean(),
        fc.nat(31),
        fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
        (wa, wb, signed, h, a0, b0) => {
          const a = U(a0, wa);
          const b = U(b0, wb);
          const hi = Math.min(h, wa + wb - 1);
          const m = new IrBuilder('Prod');
          const ia = m.input('a', wa);
          const ib = m.input('b', wb);
          const y = m.output('y', hi + 1);
          const p = m.cell('mul', [ia, ib], wa + wb, { signed });
          m.drive(y, m.cell('slice', [p], hi + 1, { hi, lo: 0 }));
          const sim = new BuiltinBackend(designOf(m.build()));
          sim.poke(sim.signal('a'), a);
          sim.poke(sim.signal('b'), b);
          const full = signed ? S(a, wa) * S(b, wb) : a * b;
          assert.equal(sim.peekNow(sim.signal('y')), U(full, hi + 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('mux selects, comb processes use last-connect, sync processes keep unassigned registers', () => {
    const m = new IrBuilder('Proc');
    m.defaultDomain();
    const sel = m.input('sel', 2);
    const x = m.input('x', 8);
    const en = m.input('en', 1);
    const y = m.output('y', 8);
    const q = m.output('q', 8);
    const r = m.reg('r', 8, 7n);
    const c5 = m.konst(5, 8);
    const c9 = m.konst(9, 8);
    // y = 5; if (sel == 1) y = x; case sel { 2: y = 9 }
    const isOne = m.cell('eq', [sel, m.konst(1, 2)], 1);
    m.comb(
      [y],
      [
        ifElse(isOne, [assign(y, x)]),
        { kind: 'case', sel, cases: [{ values: [2n], body: [assign(y, c9)] }], default: [] },
      ],
      [{ target: y, value: c5 }],
    );
    m.sync([r], [ifElse(en, [assign(r, m.cell('add', [r, x], 8))])]);
    m.drive(q, r);
    const sim = new BuiltinBackend(designOf(m.build()));
    const [S_, X, EN, Y, Q, RST] = ['sel', 'x', 'en', 'y', 'q', 'rst'].map((n) => sim.signal(n)) as [
      any,
      any,
      any,
      any,
      any,
      any,
    ];
    sim.poke(X, 20n);
    for (const [s, want] of [
      [0n, 5n],
      [1n, 20n],
      [2n, 9n],
      [3n, 5n],
    ] as const) {
      sim.poke(S_, s);
      assert.equal(sim.peekNow(Y), want);
    }
    assert.equal(sim.peekNow(Q), 0n, 'a register with sync reset starts at 0 before reset');
    sim.poke(RST, 1n);
    sim.step(1);
    assert.equal(sim.peekNow(Q), 7n);
    sim.poke(RST, 0n);
    sim.step(3);
    assert.equal(sim.peekNow(Q), 7n, 'not enabled: keeps its value');
    sim.poke(EN, 1n);
    sim.step(2);
    assert.equal(sim.peekNow(Q), (7n + 40n) & 0xffn);
  });

  it('a sync process reads the value before the edge of a register it assigns itself (a <= d; b <= a)', () => {
    const m = new IrBuilder('Shift');
    m.defaultDomain();
    const d = m.input('d', 8);
    const en = m.input('en', 1);
    const qa = m.output('qa', 8);
    const qb = m.output('qb', 8);
    const a = m.reg('a', 8, 0n);
    const b = m.reg('b', 8, 0n);
    // One process, a assigned before b reads it: nonblocking, so b gets a's old value.
    m.sync([a, b], [ifElse(en, [assign(a, d), assign(b, a)])]);
    m.drive(qa, a);
    m.drive(qb, b);
    const sim = new BuiltinBackend(designOf(m.build()));
    const [D, EN, QA, QB] = ['d', 'en', 'qa', 'qb'].map((n) => sim.signal(n)) as [any, any, any, any];
    sim.poke(EN, 1n);
    sim.poke(D, 5n);
    sim.step(1);
    sim.poke(D, 7n);
    sim.step(1);
    assert.deepEqual([sim.peekNow(QA), sim.peekNow(QB)], [7n, 5n]);
  });

  it('memories: sync reads see the value before a same-edge write; masked writes', () => {
    const m = new IrBuilder('Mem');
    m.defaultDomain();
    const wa = m.input('wa', 2);
    const wd = m.input('wd', 16);
    const we = m.input('we', 1);
    const mask = m.input('mask', 2);
    const ra = m.input('ra', 2);
    const rd = m.output('rd', 16);
    const ad = m.output('ad', 16);
    const sr = m.net('sr', 16, 'mem_read');
    const ar = m.net('ar', 16, 'mem_read');
    m.memories.push({
      name: 'ram',
      width: 16,
      depth: 4,
      init: [0x1111n, 0x2222n],
      writePorts: [{ domain: 0, en: we, addr: wa, data: wd, mask, maskGranularity: 8 }],
      readPorts: [
        { addr: ra, data: sr, sync: true, domain: 0 },
        { addr: ra, data: ar, sync: false },
      ],
    });
    m.drive(rd, sr);
    m.drive(ad, ar);
    const sim = new BuiltinBackend(designOf(m.build()));
    const P = (n: string, v: bigint) => sim.poke(sim.signal(n), v);
    const G = (n: string) => sim.peekNow(sim.signal(n));
    P('ra', 1n);
    assert.equal(G('ad'), 0x2222n);
    P('we', 1n);
    P('wa', 1n);
    P('wd', 0xabcdn);
    P('mask', 2n);
    sim.step(1);
    assert.equal(G('rd'), 0x2222n, 'read-before-write');
    assert.equal(G('ad'), 0xab22n, 'only the masked high byte changed');
    P('we', 0n);
    sim.step(1);
    assert.equal(G('rd'), 0xab22n);
  });

  it('memories wider than 32 bits start from their init words (a program ROM)', () => {
    const m = new IrBuilder('Rom');
    m.defaultDomain();
    const ra = m.input('ra', 2);
    const rd = m.output('rd', 100);
    const ar = m.net('ar', 100, 'mem_read');
    const words = [(1n << 99n) | 5n, 0x1234_5678_9abc_def0_1234n, 0n];
    m.memories.push({
      name: 'rom',
      width: 100,
      depth: 4,
      init: words,
      writePorts: [],
      readPorts: [{ addr: ra, data: ar, sync: false }],
    });
    m.drive(rd, ar);
    const sim = new BuiltinBackend(designOf(m.build()));
    words.forEach((w, i) => {
      sim.poke(sim.signal('ra'), BigInt(i));
      assert.equal(sim.peekNow(sim.signal('rd')), w, `word ${i}`);
    });
    sim.poke(sim.signal('ra'), 3n);
    assert.equal(sim.peekNow(sim.signal('rd')), 0n, 'words past the init list are 0');
  });

  it('instances are flattened with hierarchical names', () => {
    const child = new IrBuilder('Inc');
    const i = child.input('i', 8);
    const o = child.output('o', 8);
    child.drive(o, child.cell('add', [i, child.konst(1, 8)], 8, { name: 'sum' }));
    const c = child.build();
    const top = new IrBuilder('Two');
    const x = top.input('x', 8);
    const y = top.output('y', 8);
    const mid = top.net('mid', 8, 'inst_out');
    const out = top.net('out2', 8, 'inst_out');
    top.instance('u0', c, { i: x, o: mid });
    top.instance('u1', c, { i: mid, o: out });
    top.drive(y, out);
    const sim = new BuiltinBackend(designOf(top.build()));
    sim.poke(sim.signal('x'), 254n);
    assert.equal(sim.peekNow(sim.signal('y')), 0n);
    assert.equal(sim.peekNow(sim.signal('u0.sum')), 255n);
    assert.equal(sim.peekNow(sim.signal('u1.i')), 255n);
  });
});
