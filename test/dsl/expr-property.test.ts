// Property test of expression semantics: random well-typed expression trees (1..70 bits, every
// operator) are evaluated by a bigint model of the language's rules and by Icarus running the
// emitted Verilog, on random input vectors. One module holds every expression as an output, so one
// iverilog compile checks them all; Verilator lints the same module.
// Longer than our ~400-line norm on purpose: the random expression generator and its bigint model of the
// language's rules belong to this one property test and are used nowhere else.
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { Module, UInt, SInt, mux, cat, elaborate, emitVerilog, type Expr, type Signal } from '../../dsl/index.js';
import { iverilogCompile, requireTool, scratchDir, verilatorLint, vvp, writeFiles } from '../support/tools.js';

const MAX_W = 70;
const INPUTS = 6;
const EXPRESSIONS = 150;
const VECTORS = 200;
const DEPTH = 4;

interface Ty {
  s: boolean;
  w: number;
}
type Node =
  | { op: 'in'; t: Ty; k: number; lo: number }
  | { op: 'lit'; t: Ty; v: bigint }
  | { op: 'add' | 'sub' | 'addw' | 'subw' | 'mul' | 'and' | 'or' | 'xor'; t: Ty; a: Node; b: Node }
  | { op: 'neg' | 'not' | 'trunc' | 'zext' | 'sext' | 'slice' | 'cast'; t: Ty; a: Node; lo?: number }
  | { op: 'andr' | 'orr' | 'xorr'; t: Ty; a: Node }
  | { op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'; t: Ty; a: Node; b: Node }
  | { op: 'shlk' | 'shrk'; t: Ty; a: Node; n: number }
  | { op: 'shl' | 'shr'; t: Ty; a: Node; b: Node }
  | { op: 'mux'; t: Ty; c: Node; a: Node; b: Node }
  | { op: 'cat'; t: Ty; parts: Node[] }
  | { op: 'repeat'; t: Ty; a: Node; n: number };

const mask = (w: number) => (1n << BigInt(w)) - 1n;
const toSigned = (v: bigint, w: number) => ((v >> BigInt(w - 1)) & 1n ? v - (1n << BigInt(w)) : v);
const num = (v: bigint, t: Ty) => (t.s ? toSigned(v, t.w) : v);

// ---- random trees ----------------------------------------------------------------------------

const memo = new Map<string, fc.Arbitrary<Node>>();
const anyTy = (maxW = MAX_W) => fc.record({ s: fc.boolean(), w: fc.integer({ min: 1, max: maxW }) });

function leaf(t: Ty): fc.Arbitrary<Node> {
  const input = fc
    .record({ k: fc.integer({ min: 0, max: INPUTS - 1 }), lo: fc.integer({ min: 0, max: MAX_W - t.w }) })
    .map(({ k, lo }): Node => ({ op: 'in', t, k, lo }));
  const lit = fc.bigInt({ min: 0n, max: mask(t.w) }).map((v): Node => ({ op: 'lit', t, v }));
  return fc.oneof({ weight: 4, arbitrary: input }, { weight: 1, arbitrary: lit });
}

function tree(t: Ty, depth: number): fc.Arbitrary<Node> {
  const key = `${t.s}:${t.w}:${depth}`;
  const hit = memo.get(key);
  if (hit) return hit;
  if (depth === 0) {
    const l = leaf(t);
    memo.set(key, l);
    return l;
  }
  const d = depth - 1;
  const sub = (u: Ty) => fc.constant(null).chain(() => tree(u, d));
  const same = sub(t);
  const w = t.w;
  const opts: fc.Arbitrary<Node>[] = [leaf(t)];
  for (const op of ['add', 'sub', 'and', 'or', 'xor'] as const)
    opts.push(fc.tuple(same, same).map(([a, b]): Node => ({ op, t, a, b })));
  for (const op of ['neg', 'not'] as const) opts.push(same.map((a): Node => ({ op, t, a })));
  if (w >= 2) {
    for (const op of ['addw', 'subw'] as const)
      opts.push(
        fc.tuple(sub({ s: t.s, w: w - 1 }), sub({ s: t.s, w: w - 1 })).map(([a, b]): Node => ({ op, t, a, b })),
      );
    opts.push(
      fc
        .integer({ min: 1, max: w - 1 })
        .chain((wa) => fc.tuple(sub({ s: t.s, w: wa }), sub({ s: t.s, w: w - wa })))
        .map(([a, b]): Node => ({ op: 'mul', t, a, b })),
    );
  }
  opts.push(
    fc
      .tuple(same, fc.integer({ min: 0, max: w + 2 }), fc.boolean())
      .map(([a, n, left]): Node => ({ op: left ? 'shlk' : 'shrk', t, a, n })),
  );
  opts.push(
    fc
      .tuple(
        same,
        fc.integer({ min: 1, max: 7 }).chain((ws) => sub({ s: false, w: ws })),
        fc.boolean(),
      )
      .map(([a, b, left]): Node => ({ op: left ? 'shl' : 'shr', t, a, b })),
  );
  opts.push(fc.tuple(sub({ s: false, w: 1 }), same, same).map(([c, a, b]): Node => ({ op: 'mux', t, c, a, b })));
  // Width changes; their DSL results are UInt/SInt, recast to t with a same-width cast.
  opts.push(
    fc
      .integer({ min: w, max: MAX_W })
      .chain((wa) =>
        fc.tuple(
          anyTy(MAX_W).chain((u) => sub({ s: u.s, w: wa })),
          fc.integer({ min: 0, max: wa - w }),
        ),
      )
      .map(([a, lo]): Node => cast(t, { op: 'slice', t: { s: false, w }, a, lo })),
  );
  opts.push(
    fc
      .integer({ min: w, max: MAX_W })
      .chain((wa) => sub({ s: t.s, w: wa }))
      .map((a): Node => ({ op: 'trunc', t, a })),
  );
  opts.push(
    fc
      .tuple(fc.integer({ min: 1, max: w }), fc.boolean())
      .chain(([wa, s]) => sub({ s, w: wa }))
      .map((a): Node => cast(t, { op: 'zext', t: { s: false, w }, a })),
  );
  opts.push(
    fc
      .tuple(fc.integer({ min: 1, max: w }), fc.boolean())
      .chain(([wa, s]) => sub({ s, w: wa }))
      .map((a): Node => cast(t, { op: 'sext', t: { s: true, w }, a })),
  );
  if (w >= 2) {
    opts.push(
      fc
        .tuple(fc.integer({ min: 1, max: w - 1 }), fc.boolean())
        .chain(([wa, s]) => fc.tuple(sub({ s, w: wa }), sub({ s: !s, w: w - wa })))
        .map(([a, b]): Node => cast(t, { op: 'cat', t: { s: false, w }, parts: [a, b] })),
    );
  }
  const divisors = [2, 3, 4, 5].filter((n) => w % n === 0);
  if (divisors.length)
    opts.push(
      fc
        .tuple(fc.constantFrom(...divisors), fc.boolean())
        .chain(([n, s]) => sub({ s, w: w / n }).map((a): Node => cast(t, { op: 'repeat', t: { s: false, w }, a, n }))),
    );
  if (w === 1 && !t.s) {
    for (const op of ['andr', 'orr', 'xorr'] as const)
      opts.push(
        anyTy(24)
          .chain((u) => sub(u))
          .map((a): Node => ({ op, t, a })),
      );
    for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const) {
      opts.push(
        anyTy(MAX_W)
          .chain((u) => fc.tuple(sub(u), sub(u)))
          .map(([a, b]): Node => ({ op, t, a, b })),
      );
    }
  }
  const arb = fc.oneof(...opts);
  memo.set(key, arb);
  return arb;
}

function cast(t: Ty, n: Node): Node {
  return n.t.s === t.s ? n : { op: 'cast', t, a: n };
}

// ---- the bigint model ----------------------------------------------------------------------------

function evaluate(n: Node, ins: bigint[]): bigint {
  const w = n.t.w;
  const m = mask(w);
  const ev = (x: Node) => evaluate(x, ins);
  switch (n.op) {
    case 'in':
      return (ins[n.k]! >> BigInt(n.lo)) & m;
    case 'lit':
      return n.v;
    case 'cast':
      return ev(n.a);
    case 'add':
      return (ev(n.a) + ev(n.b)) & m;
    case 'sub':
      return (ev(n.a) - ev(n.b)) & m;
    case 'addw':
      return (num(ev(n.a), n.a.t) + num(ev(n.b), n.b.t)) & m;
    case 'subw':
      return (num(ev(n.a), n.a.t) - num(ev(n.b), n.b.t)) & m;
    case 'mul':
      return (num(ev(n.a), n.a.t) * num(ev(n.b), n.b.t)) & m;
    case 'and':
      return ev(n.a) & ev(n.b);
    case 'or':
      return ev(n.a) | ev(n.b);
    case 'xor':
      return ev(n.a) ^ ev(n.b);
    case 'neg':
      return -ev(n.a) & m;
    case 'not':
      return ~ev(n.a) & m;
    case 'andr':
      return ev(n.a) === mask(n.a.t.w) ? 1n : 0n;
    case 'orr':
      return ev(n.a) !== 0n ? 1n : 0n;
    case 'xorr': {
      let v = ev(n.a);
      let p = 0n;
      while (v) {
        p ^= v & 1n;
        v >>= 1n;
      }
      return p;
    }
    case 'eq':
      return ev(n.a) === ev(n.b) ? 1n : 0n;
    case 'ne':
      return ev(n.a) !== ev(n.b) ? 1n : 0n;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const a = num(ev(n.a), n.a.t);
      const b = num(ev(n.b), n.b.t);
      const r = n.op === 'lt' ? a < b : n.op === 'le' ? a <= b : n.op === 'gt' ? a > b : a >= b;
      return r ? 1n : 0n;
    }
    case 'shlk':
      return (ev(n.a) << BigInt(n.n)) & m;
    case 'shl':
      return (ev(n.a) << ev(n.b)) & m;
    case 'shrk':
      return (num(ev(n.a), n.t) >> BigInt(n.n)) & m;
    case 'shr':
      return (num(ev(n.a), n.t) >> ev(n.b)) & m;
    case 'mux':
      return ev(n.c) ? ev(n.a) : ev(n.b);
    case 'slice':
      return (ev(n.a) >> BigInt(n.lo!)) & m;
    case 'trunc':
      return ev(n.a) & m;
    case 'zext':
      return ev(n.a);
    case 'sext':
      return toSigned(ev(n.a), n.a.t.w) & m;
    case 'cat':
      return n.parts.reduce((acc, p) => (acc << BigInt(p.t.w)) | ev(p), 0n);
    case 'repeat': {
      const a = ev(n.a);
      let r = 0n;
      for (let i = 0; i < n.n; i++) r = (r << BigInt(n.a.t.w)) | a;
      return r;
    }
  }
}

// ---- the DSL ------------------------------------------------------------------------------------------

function build(n: Node, ins: Signal[]): Expr {
  const b = (x: Node) => build(x, ins);
  const ty = (t: Ty) => (t.s ? SInt(t.w) : UInt(t.w));
  switch (n.op) {
    case 'in': {
      const s = ins[n.k]!.slice(n.lo + n.t.w - 1, n.lo);
      return n.t.s ? s.asSInt() : s;
    }
    case 'lit':
      return ty(n.t).lit(num(n.v, n.t));
    case 'cast':
      return n.t.s ? b(n.a).asSInt() : b(n.a).asUInt();
    case 'add':
      return b(n.a).add(b(n.b));
    case 'sub':
      return b(n.a).sub(b(n.b));
    case 'addw':
      return b(n.a).addw(b(n.b));
    case 'subw':
      return b(n.a).subw(b(n.b));
    case 'mul':
      return b(n.a).mul(b(n.b));
    case 'and':
      return b(n.a).and(b(n.b));
    case 'or':
      return b(n.a).or(b(n.b));
    case 'xor':
      return b(n.a).xor(b(n.b));
    case 'neg':
      return b(n.a).neg();
    case 'not':
      return b(n.a).not();
    case 'andr':
      return b(n.a).andR().asUInt();
    case 'orr':
      return b(n.a).orR().asUInt();
    case 'xorr':
      return b(n.a).xorR().asUInt();
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return b(n.a)[n.op](b(n.b)).asUInt();
    case 'shlk':
      return b(n.a).shl(n.n);
    case 'shrk':
      return b(n.a).shr(n.n);
    case 'shl':
      return b(n.a).shl(b(n.b));
    case 'shr':
      return b(n.a).shr(b(n.b));
    case 'mux':
      return mux(b(n.c).asBool(), b(n.a), b(n.b));
    case 'slice':
      return b(n.a)
        .slice(n.lo! + n.t.w - 1, n.lo!)
        .asUInt();
    case 'trunc':
      return b(n.a).trunc(n.t.w);
    case 'zext':
      return b(n.a).zext(n.t.w).asUInt();
    case 'sext':
      return b(n.a).sext(n.t.w);
    case 'cat':
      return cat(...n.parts.map(b));
    case 'repeat':
      return b(n.a).repeat(n.n);
  }
}

function show(n: Node): string {
  const t = `${n.t.s ? 's' : 'u'}${n.t.w}`;
  switch (n.op) {
    case 'in':
      return `in${n.k}[${n.lo + n.t.w - 1}:${n.lo}]:${t}`;
    case 'lit':
      return `${n.v}:${t}`;
    case 'cat':
      return `cat(${n.parts.map(show).join(', ')}):${t}`;
    case 'mux':
      return `mux(${show(n.c)}, ${show(n.a)}, ${show(n.b)}):${t}`;
    default: {
      const kids = ['a', 'b'].flatMap((k) => (k in n ? [show((n as unknown as Record<string, Node>)[k]!)] : []));
      const extra = 'n' in n ? [String(n.n)] : 'lo' in n && n.lo !== undefined ? [`lo=${n.lo}`] : [];
      return `${n.op}(${[...kids, ...extra].join(', ')}):${t}`;
    }
  }
}

class RandomExpressions extends Module {
  readonly ins: Signal[];
  readonly outs: Signal[];
  constructor(trees: Node[]) {
    super();
    this.ins = Array.from({ length: INPUTS }, (_, k) => this.input(UInt(MAX_W), `in${k}`));
    this.outs = trees.map((t, k) => this.output(t.t.s ? SInt(t.t.w) : UInt(t.t.w), `out${k}`));
    trees.forEach((t, k) => this.outs[k]!.set(build(t, this.ins)));
  }
}

describe('dsl expression semantics against Icarus (property)', function () {
  this.timeout(120_000);
  const seed = Number(process.env.TTFORGE_SEED ?? 20261128);
  const trees = fc.sample(
    anyTy().chain((t) => tree(t, DEPTH)),
    { seed, numRuns: EXPRESSIONS },
  );
  const vectors = fc.sample(
    fc.array(
      fc.oneof(fc.bigInt({ min: 0n, max: mask(MAX_W) }), fc.constantFrom(0n, mask(MAX_W), 1n << BigInt(MAX_W - 1))),
      { minLength: INPUTS, maxLength: INPUTS },
    ),
    { seed: seed + 1, numRuns: VECTORS },
  );
  let work = '';
  let files: string[] = [];

  before(() => {
    work = scratchDir('expr-property');
    files = writeFiles(work, emitVerilog(elaborate(new RandomExpressions(trees))).files);
  });

  it(`${EXPRESSIONS} random expressions x ${VECTORS} vectors: Icarus equals the bigint model (seed ${seed})`, async function () {
    await requireTool(this, 'iverilog');
    const tb = path.join(work, 'tb.v');
    const hex = (v: bigint) => `${MAX_W}'h${v.toString(16)}`;
    const lines: string[] = [];
    vectors.forEach((vec) => {
      lines.push(`    ${vec.map((v, k) => `in${k} = ${hex(v)};`).join(' ')}`);
      lines.push(
        `    #1 $display("${trees.map(() => '%h').join(' ')}", ${trees.map((_, k) => `out${k}`).join(', ')});`,
      );
    });
    writeFileSync(
      tb,
      [
        'module tb;',
        ...Array.from({ length: INPUTS }, (_, k) => `  reg [${MAX_W - 1}:0] in${k};`),
        ...trees.map((t, k) => `  wire [${t.t.w - 1}:0] out${k};`),
        `  RandomExpressions dut (${[...Array.from({ length: INPUTS }, (_, k) => `.in${k}(in${k})`), ...trees.map((_, k) => `.out${k}(out${k})`)].join(', ')});`,
        '  initial begin',
        ...lines,
        '    $finish;',
        '  end',
        'endmodule',
        '',
      ].join('\n'),
    );
    const c = await iverilogCompile([...files, tb], 'tb', path.join(work, 'tb.vvp'));
    assert.equal(c.exitCode, 0, c.output);
    const r = await vvp(path.join(work, 'tb.vvp'));
    const rows = r.output
      .trim()
      .split('\n')
      .filter((l) => /^[0-9a-fxz ]+$/.test(l));
    assert.equal(rows.length, VECTORS, r.output.slice(0, 2000));
    let checked = 0;
    rows.forEach((row, v) => {
      const got = row.split(' ');
      trees.forEach((t, k) => {
        const want = evaluate(t, vectors[v]!);
        const g = got[k]!;
        assert.ok(!/[xz]/.test(g), `out${k} is ${g} for vector ${v}: ${show(t)}`);
        if (BigInt(`0x${g}`) !== want) {
          assert.fail(
            `out${k} = ${g}, model ${want.toString(16)} for inputs ${vectors[v]!.map((x) => x.toString(16)).join(', ')}\n  ${show(t)}`,
          );
        }
        checked++;
      });
    });
    assert.equal(checked, EXPRESSIONS * VECTORS);
  });

  it('the random module is lint-clean under verilator -Wall', async function () {
    await requireTool(this, 'verilator');
    const r = await verilatorLint(files, 'RandomExpressions');
    assert.equal(r.output.trim(), '', r.output.slice(0, 3000));
    assert.equal(r.exitCode, 0);
  });
});
