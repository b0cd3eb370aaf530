// The width rules of expressions: what each operator gives, and which combinations are errors.
import assert from 'node:assert/strict';
import { UInt, SInt, Bits, Bool, cat, mux, type Expr } from '../../dsl/index.js';
import { DiagnosticError } from '../../dsl/diagnostics.js';

const u = (w: number, v = 1) => UInt(w).lit(v);
const s = (w: number, v = -1) => SInt(w).lit(v);

/** Runs `f` (outside any module, where an error is thrown at once) and returns the codes it raised. */
function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
  return [];
}

function shape(e: Expr): string {
  return String(e.type);
}

describe('dsl expression width rules', () => {
  it('add/sub keep the width and the kind', () => {
    assert.equal(shape(u(8).add(u(8))), 'UInt(8)');
    assert.equal(shape(s(12).sub(s(12))), 'SInt(12)');
    assert.equal(shape(u(8).add(3)), 'UInt(8)');
  });

  it('addw/subw widen by one bit, sign-extending SInt', () => {
    assert.equal(shape(u(8).addw(u(8))), 'UInt(9)');
    assert.equal(shape(s(8).subw(s(8))), 'SInt(9)');
    const e = s(4, -8).addw(s(4, -8));
    assert.equal(e.width, 5);
  });

  it('mul gives the sum of the widths', () => {
    assert.equal(shape(u(8).mul(u(5))), 'UInt(13)');
    assert.equal(shape(s(3).mul(s(7))), 'SInt(10)');
  });

  it('zext/sext widen and refuse to narrow; trunc narrows and refuses to widen', () => {
    assert.equal(shape(u(4).zext(9)), 'UInt(9)');
    assert.equal(shape(s(4).zext(9)), 'UInt(9)');
    assert.equal(shape(Bits(4).lit(1).zext(6)), 'Bits(6)');
    assert.equal(shape(u(4).sext(9)), 'SInt(9)');
    assert.equal(shape(s(10).trunc(3)), 'SInt(3)');
    assert.equal(shape(u(10).resize(12)), 'UInt(12)');
    assert.equal(shape(s(10).resize(12)), 'SInt(12)');
    assert.equal(shape(u(10).resize(2)), 'UInt(2)');
    assert.deepEqual(
      errorsOf(() => u(8).zext(4)),
      ['TTF100'],
    );
    assert.deepEqual(
      errorsOf(() => u(8).sext(7)),
      ['TTF100'],
    );
    assert.deepEqual(
      errorsOf(() => u(8).trunc(9)),
      ['TTF100'],
    );
    assert.deepEqual(
      errorsOf(() => u(8).trunc(0)),
      ['TTF100'],
    );
  });

  it('shifts keep the width, by a constant or a UInt amount', () => {
    assert.equal(shape(u(8).shl(3)), 'UInt(8)');
    assert.equal(shape(s(8).shr(3)), 'SInt(8)');
    assert.equal(shape(u(8).shl(8)), 'UInt(8)');
    assert.equal(shape(s(8).shr(20)), 'SInt(8)');
    assert.equal(shape(u(8).shl(u(3))), 'UInt(8)');
    assert.deepEqual(
      errorsOf(() => u(8).shl(s(3))),
      ['TTF102'],
    );
    assert.deepEqual(
      errorsOf(() => u(8).shl(-1)),
      ['TTF149'],
    );
  });

  it('concat adds the widths, most significant first; all-Bits parts give Bits', () => {
    assert.equal(shape(cat(u(3), s(4), Bool().lit(true))), 'UInt(8)');
    assert.equal(shape(cat(Bits(3).lit(0), Bits(5).lit(0))), 'Bits(8)');
    assert.equal(shape(u(3).repeat(4)), 'UInt(12)');
    assert.equal(shape(u(8).slice(6, 2)), 'UInt(5)');
    assert.equal(shape(Bits(8).lit(0).slice(7, 4)), 'Bits(4)');
  });

  it('comparisons give Bool and need equal widths and kinds', () => {
    for (const e of [u(8).eq(u(8)), u(8).ne(3), s(5).lt(s(5)), u(5).le(u(5)), s(9).gt(0), u(9).ge(1)])
      assert.equal(shape(e), 'Bool');
    assert.deepEqual(
      errorsOf(() => u(8).eq(u(9))),
      ['TTF100'],
    );
    assert.deepEqual(
      errorsOf(() => u(8).lt(s(8))),
      ['TTF102'],
    );
    assert.deepEqual(
      errorsOf(() => Bits(8).lit(0).lt(Bits(8).lit(1))),
      ['TTF102'],
    );
  });

  it('arithmetic refuses mixed widths and kinds instead of extending silently', () => {
    assert.deepEqual(
      errorsOf(() => u(8).add(u(9))),
      ['TTF100'],
    );
    assert.deepEqual(
      errorsOf(() => u(8).add(s(8))),
      ['TTF102'],
    );
    assert.deepEqual(
      errorsOf(() => Bits(8).lit(0).add(Bits(8).lit(0))),
      ['TTF102'],
    );
    assert.deepEqual(
      errorsOf(() => u(8).and(u(7))),
      ['TTF100'],
    );
    assert.deepEqual(
      errorsOf(() => u(4).add(16)),
      ['TTF101'],
    );
    assert.deepEqual(
      errorsOf(() => mux(u(1), u(4), u(5))),
      ['TTF100'],
    );
  });

  it('mux keeps the type of its branches and needs a 1-bit select', () => {
    assert.equal(shape(mux(Bool().lit(true), s(6), s(6))), 'SInt(6)');
    assert.deepEqual(
      errorsOf(() => mux(u(2), u(4), u(4))),
      ['TTF100'],
    );
  });

  it('bitwise and reductions: same width in and out, reductions give Bool', () => {
    assert.equal(shape(u(8).xor(u(8))), 'UInt(8)');
    assert.equal(shape(u(8).not()), 'UInt(8)');
    assert.equal(shape(u(8).andR()), 'Bool');
    assert.equal(shape(u(8).orR()), 'Bool');
    assert.equal(shape(u(8).xorR()), 'Bool');
    assert.equal(shape(Bool().lit(true).and(Bool().lit(false))), 'Bool');
  });
});
