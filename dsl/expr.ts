// Expressions and their method chains. Every width rule of the language lives here, once:
// add/sub keep the width, addw/subw widen by one bit, mul gives wa+wb, comparisons give Bool, and
// nothing changes width silently (zext/sext/trunc/resize are written out).
// Longer than our ~400-line norm on purpose: the width rules are kept in one file so there is one place to
// read them (the Expr method chains and the free functions they share).
import { Bool, GroundType, SInt, UInt, Bits, EnumType } from './types.js';
import { type SourceLoc, captureLoc, pinLoc, unpinLoc } from './source-loc.js';
import { constructionError } from './context.js';

export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'and'
  | 'or'
  | 'xor'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'shl'
  | 'shr';
export type UnaryOp = 'not' | 'neg' | 'andr' | 'orr' | 'xorr';

/** The front-end expression tree. Leaves are signals and constants. */
export type ExprNode =
  | { readonly op: 'sig' }
  | { readonly op: 'const'; readonly value: bigint }
  | { readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly op: UnaryOp; readonly a: Expr }
  | { readonly op: 'mux'; readonly sel: Expr; readonly t: Expr; readonly f: Expr }
  | { readonly op: 'slice'; readonly a: Expr; readonly hi: number; readonly lo: number }
  | { readonly op: 'concat'; readonly parts: readonly Expr[] }
  | { readonly op: 'ext'; readonly a: Expr; readonly signed: boolean }
  | { readonly op: 'cast'; readonly a: Expr };

/** Anything accepted where an expression is expected: plain numbers become constants of the other operand's type. */
export type Operand = Expr | number | bigint | boolean;

let creationCounter = 0;

/** How many expression nodes have been built in this process. */
export function exprCount(): number {
  return creationCounter;
}

export class Expr {
  /** Name given with `.named()` or found by reflection; used for the Verilog net. */
  userName: string | undefined;
  /** Creation order: among values built on one source line, the last is the outermost. */
  readonly seq = creationCounter++;
  /**
   * Scratch of the lowering in progress (dsl/elaborate/lower-module.ts): the net this value became,
   * valid while `loweredBy` is that lowering's number. Kept here rather than in a Map: a Map holding
   * hundreds of thousands of expressions cost several times more than these two small integers.
   */
  loweredNet = -1;
  loweredBy = 0;
  constructor(
    readonly type: GroundType,
    readonly node: ExprNode,
    readonly loc: SourceLoc | undefined,
  ) {}

  get width(): number {
    return this.type.width;
  }
  get signed(): boolean {
    return this.type.signed;
  }

  /** Give this value a readable name in the generated Verilog. */
  named(name: string): this {
    this.userName = name;
    return this;
  }

  // ---- arithmetic -------------------------------------------------------------------------
  /** a + b, same width, wraps. */
  add(b: Operand): Expr {
    return arith(this, 'add', b, 'add', Expr.prototype.add);
  }
  /** a - b, same width, wraps. */
  sub(b: Operand): Expr {
    return arith(this, 'sub', b, 'sub', Expr.prototype.sub);
  }
  /** a + b, one bit wider: never overflows. */
  addw(b: Operand): Expr {
    pinLoc(Expr.prototype.addw);
    try {
      return this.ext1().add(operand(b, this).ext1());
    } finally {
      unpinLoc();
    }
  }
  /** a - b, one bit wider. For UInt the result wraps modulo 2^(w+1) when b > a. */
  subw(b: Operand): Expr {
    pinLoc(Expr.prototype.subw);
    try {
      return this.ext1().sub(operand(b, this).ext1());
    } finally {
      unpinLoc();
    }
  }
  /** Full product, width wa + wb. */
  mul(b: Operand): Expr {
    const o = operand(b, this);
    if (!checkArith(this, o, 'mul', false)) return poison(resultKind(this, this.width + o.width));
    const w = this.width + o.width;
    return new Expr(resultKind(this, w), { op: 'mul', a: this, b: o }, captureLoc(Expr.prototype.mul));
  }
  /** Two's complement negation, same width. */
  neg(): Expr {
    if (!isNumeric(this)) return badKind(this, 'neg');
    return new Expr(this.type, { op: 'neg', a: this }, captureLoc(Expr.prototype.neg));
  }

  // ---- bitwise and logic ------------------------------------------------------------------
  and(b: Operand): Expr {
    return bitwise(this, 'and', b, Expr.prototype.and);
  }
  or(b: Operand): Expr {
    return bitwise(this, 'or', b, Expr.prototype.or);
  }
  xor(b: Operand): Expr {
    return bitwise(this, 'xor', b, Expr.prototype.xor);
  }
  not(): Expr {
    return new Expr(this.type, { op: 'not', a: this }, captureLoc(Expr.prototype.not));
  }
  /** AND of all bits. */
  andR(): Expr {
    return new Expr(Bool(), { op: 'andr', a: this }, captureLoc(Expr.prototype.andR));
  }
  /** OR of all bits (is any bit set). */
  orR(): Expr {
    return new Expr(Bool(), { op: 'orr', a: this }, captureLoc(Expr.prototype.orR));
  }
  /** XOR of all bits (parity). */
  xorR(): Expr {
    return new Expr(Bool(), { op: 'xorr', a: this }, captureLoc(Expr.prototype.xorR));
  }

  // ---- comparisons (signed for SInt) --------------------------------------------------------
  eq(b: Operand): Expr {
    return compare(this, 'eq', b, true, Expr.prototype.eq);
  }
  ne(b: Operand): Expr {
    return compare(this, 'ne', b, true, Expr.prototype.ne);
  }
  lt(b: Operand): Expr {
    return compare(this, 'lt', b, false, Expr.prototype.lt);
  }
  le(b: Operand): Expr {
    return compare(this, 'le', b, false, Expr.prototype.le);
  }
  gt(b: Operand): Expr {
    return compare(this, 'gt', b, false, Expr.prototype.gt);
  }
  ge(b: Operand): Expr {
    return compare(this, 'ge', b, false, Expr.prototype.ge);
  }

  // ---- shifts -------------------------------------------------------------------------------
  /** Shift left by a constant or a UInt amount; width kept, bits shifted out are lost. */
  shl(n: number | Expr): Expr {
    if (typeof n !== 'number') return dynShift(this, 'shl', n, Expr.prototype.shl);
    if (!checkShift(n) || n === 0) return this;
    pinLoc(Expr.prototype.shl); // a slice, a constant, a concat and a cast: one location for all
    try {
      if (n >= this.width) return constOf(this.type, 0n);
      return this.slice(this.width - 1 - n, 0)
        .cat(UInt(n).lit(0))
        .as(this.type);
    } finally {
      unpinLoc();
    }
  }
  /** Shift right by a constant or a UInt amount: logical for UInt/Bits, arithmetic for SInt. */
  shr(n: number | Expr): Expr {
    if (typeof n !== 'number') return dynShift(this, 'shr', n, Expr.prototype.shr);
    if (!checkShift(n) || n === 0) return this;
    pinLoc(Expr.prototype.shr);
    try {
      if (n >= this.width)
        return this.signed
          ? this.bit(this.width - 1)
              .repeat(this.width)
              .as(this.type)
          : constOf(this.type, 0n);
      const top = this.slice(this.width - 1, n);
      return (this.signed ? top.asSInt().sext(this.width) : top.zext(this.width)).as(this.type);
    } finally {
      unpinLoc();
    }
  }

  // ---- bit selection and assembly -----------------------------------------------------------
  /** Bit i (a constant) as Bool, or a dynamic bit select by a UInt index (0 when out of range). */
  bit(i: number | Expr): Expr {
    pinLoc(Expr.prototype.bit);
    try {
      if (typeof i === 'number') return this.slice(i, i).asBool();
      return dynShift(this, 'shr', i, Expr.prototype.bit).slice(0, 0).asBool();
    } finally {
      unpinLoc();
    }
  }
  /** Bits hi..lo inclusive, as Bits(hi-lo+1) for Bits, UInt otherwise. */
  slice(hi: number, lo: number): Expr {
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || lo < 0 || hi < lo || hi >= this.width) {
      constructionError(
        'TTF104',
        `slice(${hi}, ${lo}) is out of range for a ${this.width}-bit value (valid: width-1 >= hi >= lo >= 0)`,
      );
      return poison(UInt(Math.max(1, Math.min(this.width, hi - lo + 1) || 1)));
    }
    const t = this.type.kind === 'bits' ? Bits(hi - lo + 1) : UInt(hi - lo + 1);
    if (hi === this.width - 1 && lo === 0) return this.as(t);
    return new Expr(t, { op: 'slice', a: this, hi, lo }, captureLoc(Expr.prototype.slice));
  }
  /** Alias of slice. */
  bits(hi: number, lo: number): Expr {
    pinLoc(Expr.prototype.bits); // the caller's line for the slice (and any cast it makes)
    try {
      return this.slice(hi, lo);
    } finally {
      unpinLoc();
    }
  }
  /** Most significant bit. */
  msb(): Expr {
    pinLoc(Expr.prototype.msb);
    try {
      return this.bit(this.width - 1);
    } finally {
      unpinLoc();
    }
  }
  /** Concatenate: `this` is the most significant part. */
  cat(...lower: Expr[]): Expr {
    return concat([this, ...lower], Expr.prototype.cat);
  }
  /** This value repeated n times, as UInt(n * width). */
  repeat(n: number): Expr {
    if (!Number.isInteger(n) || n < 1) {
      constructionError('TTF149', `repeat(${n}): the count must be a positive integer`);
      return this;
    }
    if (n === 1) return this.retype(UInt(this.width), Expr.prototype.repeat);
    const parts: Expr[] = [];
    for (let i = 0; i < n; i++) parts.push(this);
    return concat(parts, Expr.prototype.repeat);
  }

  // ---- width changes: always written out ----------------------------------------------------
  /** Zero-extend to w bits (w >= width). Keeps the kind (SInt becomes UInt: zero extension is unsigned). */
  zext(w: number): Expr {
    if (!checkWiden(this, w, 'zext')) return poison(UInt(w));
    const t = this.type.kind === 'bits' ? Bits(w) : UInt(w);
    if (w === this.width) return this.as(t);
    return new Expr(t, { op: 'ext', a: this, signed: false }, captureLoc(Expr.prototype.zext));
  }
  /** Sign-extend to w bits (w >= width), giving SInt(w). */
  sext(w: number): Expr {
    if (!checkWiden(this, w, 'sext')) return poison(SInt(w));
    if (w === this.width) return this.as(SInt(w));
    return new Expr(SInt(w), { op: 'ext', a: this, signed: true }, captureLoc(Expr.prototype.sext));
  }
  /** Keep the low w bits (w <= width). */
  trunc(w: number): Expr {
    if (!Number.isInteger(w) || w < 1 || w > this.width) {
      constructionError(
        'TTF100',
        `trunc(${w}) of a ${this.width}-bit value: the new width must be from 1 to ${this.width}`,
      );
      return poison(withWidth(this.type, Math.max(1, w || 1)));
    }
    if (w === this.width) return this;
    pinLoc(Expr.prototype.trunc);
    try {
      return this.slice(w - 1, 0).as(withWidth(this.type, w));
    } finally {
      unpinLoc();
    }
  }
  /** Extend (zero for UInt/Bits, sign for SInt) or truncate to w bits. */
  resize(w: number): Expr {
    pinLoc(Expr.prototype.resize);
    try {
      if (w <= this.width) return this.trunc(w);
      return this.signed ? this.sext(w) : this.zext(w);
    } finally {
      unpinLoc();
    }
  }

  // ---- casts between kinds (same width) -----------------------------------------------------
  asUInt(): Expr {
    return this.type.kind === 'uint' ? this : this.retype(UInt(this.width), Expr.prototype.asUInt);
  }
  asSInt(): Expr {
    return this.type.kind === 'sint' ? this : this.retype(SInt(this.width), Expr.prototype.asSInt);
  }
  asBits(): Expr {
    return this.type.kind === 'bits' ? this : this.retype(Bits(this.width), Expr.prototype.asBits);
  }
  asBool(): Expr {
    if (this.width !== 1) {
      constructionError(
        'TTF100',
        `asBool() needs a 1-bit value, this one has ${this.width} bits: compare it (e.g. .ne(0)) or take .bit(i)`,
      );
      return poison(Bool());
    }
    return this.type.kind === 'bool' ? this : this.retype(Bool(), Expr.prototype.asBool);
  }
  /** Reinterpret as another ground type of the same width (e.g. an enum). */
  as(t: GroundType): Expr {
    return this.retype(t, Expr.prototype.as);
  }

  /** `as`, for the public method `entry` (whose caller's line the cast records). */
  private retype(t: GroundType, entry: Function): Expr {
    if (t.width !== this.width) {
      constructionError(
        'TTF100',
        `cannot reinterpret ${this.type} (${this.width} bits) as ${t} (${t.width} bits): resize first`,
      );
      return poison(t);
    }
    if (t.sameAs(this.type)) return this;
    return new Expr(t, { op: 'cast', a: this }, captureLoc(entry));
  }

  toString(): string {
    return `${this.type}${this.userName ? ` '${this.userName}'` : ''}`;
  }

  private ext1(): Expr {
    return this.resize(this.width + 1);
  }
}

// ---- free functions --------------------------------------------------------------------------

/** sel ? whenTrue : whenFalse. The two branches must have the same type and width. */
export function mux(sel: Operand, whenTrue: Operand, whenFalse: Operand): Expr {
  const s = operand(sel, Bool());
  const [t, f] = pairOperands(whenTrue, whenFalse);
  if (s.width !== 1) constructionError('TTF100', `mux select must be 1 bit wide, got ${s.width} bits`);
  if (!sameKindAndWidth(t, f, 'mux')) return poison(t.type);
  return new Expr(t.type, { op: 'mux', sel: s, t, f }, captureLoc(mux));
}

/** Concatenate, most significant part first. The result is UInt (Bits when every part is Bits). */
export function cat(...parts: Expr[]): Expr {
  return concat(parts, cat);
}

/** cat, for the public function `entry` (whose caller's line the result records). */
function concat(parts: Expr[], entry: Function): Expr {
  if (parts.length === 0) {
    constructionError('TTF149', 'cat() needs at least one part');
    return poison(UInt(1));
  }
  if (parts.length === 1) return parts[0]!.asUInt();
  const w = parts.reduce((s, p) => s + p.width, 0);
  const t = parts.every((p) => p.type.kind === 'bits') ? Bits(w) : UInt(w);
  return new Expr(t, { op: 'concat', parts }, captureLoc(entry));
}

/** A constant of a ground type; out-of-range values are errors, never truncated. */
export function constOf(t: GroundType, value: bigint | number | boolean): Expr {
  return makeConst(t, value, captureLoc(constOf));
}

function makeConst(t: GroundType, value: bigint | number | boolean, loc: SourceLoc | undefined): Expr {
  const v = typeof value === 'bigint' ? value : typeof value === 'boolean' ? (value ? 1n : 0n) : toBigInt(value);
  const [lo, hi] = t.range();
  if (v < lo || v > hi) {
    constructionError('TTF101', `constant ${v} does not fit ${t} (range ${lo}..${hi})`);
    return new Expr(t, { op: 'const', value: 0n }, loc);
  }
  return new Expr(t, { op: 'const', value: v }, loc);
}

declare module './types.js' {
  interface GroundType {
    /** A constant of this type: `UInt(8).lit(5)`. */
    lit(value: bigint | number | boolean): Expr;
  }
  interface EnumType {
    /** The constant for one member: `State.of('Idle')`. */
    of(member: string): Expr;
  }
}
GroundType.prototype.lit = function (this: GroundType, value: bigint | number | boolean): Expr {
  return makeConst(this, value, captureLoc(GroundType.prototype.lit));
};
EnumType.prototype.of = function (this: EnumType, member: string): Expr {
  return enumConst(this, member, EnumType.prototype.of);
};

export function enumConst(e: EnumType, member: string, entry: Function = enumConst): Expr {
  return new Expr(e.ground, { op: 'const', value: e.code(member) }, captureLoc(entry));
}

/**
 * Turns a plain number into a constant of `like`'s type; expressions pass through. Such a constant
 * has no location (a stack walk saved per `x.add(1)`): nothing is ever reported at a constant, the
 * operation using it has its own location, and a range error is reported where it happens.
 */
export function operand(x: Operand, like: Expr | GroundType): Expr {
  if (x instanceof Expr) return x;
  const t = like instanceof Expr ? like.type : like;
  if (typeof x === 'boolean' && t.width !== 1) {
    constructionError('TTF102', `a boolean constant can only stand for a 1-bit value, here ${t} is expected`);
    return constOf(UInt(t.width), 0n).as(t);
  }
  return makeConst(t, x, undefined);
}

function pairOperands(a: Operand, b: Operand): [Expr, Expr] {
  if (a instanceof Expr) return [a, operand(b, a)];
  if (b instanceof Expr) return [operand(a, b), b];
  constructionError('TTF102', 'at least one operand must be a hardware value, not two plain numbers');
  return [constOf(UInt(32), 0n), constOf(UInt(32), 0n)];
}

function toBigInt(n: number): bigint {
  if (!Number.isInteger(n)) {
    constructionError('TTF101', `constant ${n} is not an integer`);
    return 0n;
  }
  return BigInt(n);
}

function poison(t: GroundType): Expr {
  // A stand-in result after an error, so construction can go on and report further errors.
  return new Expr(t, { op: 'const', value: 0n }, undefined);
}

function withWidth(t: GroundType, w: number): GroundType {
  return t.kind === 'sint' ? SInt(w) : t.kind === 'bits' ? Bits(w) : UInt(w);
}

function resultKind(a: Expr, w: number): GroundType {
  return a.signed ? SInt(w) : UInt(w);
}

function isNumeric(a: Expr): boolean {
  return a.type.kind === 'uint' || a.type.kind === 'sint';
}

function badKind(a: Expr, op: string): Expr {
  constructionError('TTF102', `${op} needs UInt or SInt operands, got ${a.type}: convert with asUInt()/asSInt()`);
  return poison(a.type.kind === 'bool' ? UInt(1) : a.type);
}

function checkArith(a: Expr, b: Expr, op: string, sameWidth: boolean): boolean {
  if (!isNumeric(a) || !isNumeric(b)) {
    constructionError(
      'TTF102',
      `${op} needs UInt or SInt operands, got ${a.type} and ${b.type}: convert with asUInt()/asSInt()`,
    );
    return false;
  }
  if (a.type.kind !== b.type.kind) {
    constructionError(
      'TTF102',
      `${op} of ${a.type} and ${b.type}: both operands must be UInt or both SInt (use asSInt()/asUInt())`,
    );
    return false;
  }
  if (sameWidth && a.width !== b.width) {
    constructionError(
      'TTF100',
      `${op} of ${a.width}-bit and ${b.width}-bit values: widths must be equal; resize one (e.g. .zext(${Math.max(a.width, b.width)})) or use ${op}w for a widening result`,
    );
    return false;
  }
  return true;
}

// The helpers below take the public method the user called (`entry`), for the location capture.

function arith(a: Expr, op: 'add' | 'sub', bIn: Operand, name: string, entry: Function): Expr {
  const b = operand(bIn, a);
  if (!checkArith(a, b, name, true)) return poison(isNumeric(a) ? a.type : UInt(a.width));
  return new Expr(a.type, { op, a, b }, captureLoc(entry));
}

function sameKindAndWidth(a: Expr, b: Expr, op: string): boolean {
  if (a.width !== b.width) {
    constructionError(
      'TTF100',
      `${op} of ${a.width}-bit and ${b.width}-bit values: widths must be equal; resize one first`,
    );
    return false;
  }
  const ka = a.type.kind === 'bool' ? 'uint' : a.type.kind;
  const kb = b.type.kind === 'bool' ? 'uint' : b.type.kind;
  if (ka !== kb || a.type.enumType !== b.type.enumType) {
    constructionError(
      'TTF102',
      `${op} of ${a.type} and ${b.type}: kinds differ; cast one with asUInt()/asSInt()/asBits()`,
    );
    return false;
  }
  return true;
}

function bitwise(a: Expr, op: 'and' | 'or' | 'xor', bIn: Operand, entry: Function): Expr {
  const b = operand(bIn, a);
  if (!sameKindAndWidth(a, b, op)) return poison(a.type);
  const t = a.type.kind === 'bool' && b.type.kind === 'bool' ? a.type : a.type.kind === 'bool' ? b.type : a.type;
  return new Expr(t, { op, a, b }, captureLoc(entry));
}

function compare(
  a: Expr,
  op: 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge',
  bIn: Operand,
  equality: boolean,
  entry: Function,
): Expr {
  const b = operand(bIn, a);
  if (!equality && (!isNumeric(a) || !isNumeric(b))) {
    constructionError('TTF102', `${op} needs UInt or SInt operands, got ${a.type} and ${b.type}`);
    return poison(Bool());
  }
  if (!sameKindAndWidth(a, b, op)) return poison(Bool());
  return new Expr(Bool(), { op, a, b }, captureLoc(entry));
}

function dynShift(a: Expr, op: 'shl' | 'shr', n: Expr, entry: Function): Expr {
  if (n.type.kind !== 'uint' && n.type.kind !== 'bool') {
    constructionError('TTF102', `a shift amount must be UInt, got ${n.type}`);
    return poison(a.type);
  }
  return new Expr(a.type, { op, a, b: n }, captureLoc(entry));
}

function checkShift(n: number): boolean {
  if (Number.isInteger(n) && n >= 0) return true;
  constructionError('TTF149', `shift amount must be a non-negative integer, got ${n}`);
  return false;
}

function checkWiden(a: Expr, w: number, op: string): boolean {
  if (!Number.isInteger(w) || w < a.width) {
    constructionError(
      'TTF100',
      `${op}(${w}) of a ${a.width}-bit value: the new width must be at least ${a.width} (use trunc to narrow)`,
    );
    return false;
  }
  return true;
}
