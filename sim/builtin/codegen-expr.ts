// JavaScript expression text for one cell. Nets of at most 32 bits live in a Uint32Array `u` (as
// numbers); wider nets live in an array `w` of bigints. Every generated expression is exact.
import type { FlatCell, FlatNet } from '../flatten.js';

export const NARROW = 32;

export function hexNum(v: bigint): string {
  return `0x${v.toString(16)}`;
}
export function maskNum(width: number): string {
  return hexNum((1n << BigInt(width)) - 1n);
}
export function bigLit(v: bigint): string {
  return `${hexNum(v)}n`;
}

/** Reads nets; `local` maps nets held in local variables (process targets) to their names. */
export class NetReader {
  constructor(
    readonly nets: readonly FlatNet[],
    readonly local: Map<number, string> = new Map(),
  ) {}
  isNarrow(id: number): boolean {
    return this.nets[id]!.width <= NARROW;
  }
  width(id: number): number {
    return this.nets[id]!.width;
  }
  /** The value in its natural representation (number if narrow, bigint if wide). */
  read(id: number): string {
    const n = this.nets[id]!;
    const l = this.local.get(id);
    if (l) return l;
    if (n.constValue !== undefined) return n.width <= NARROW ? hexNum(n.constValue) : bigLit(n.constValue);
    return n.width <= NARROW ? `u[${id}]` : `w[${id}]`;
  }
  big(id: number): string {
    const n = this.nets[id]!;
    if (n.constValue !== undefined && !this.local.has(id)) return bigLit(n.constValue);
    return n.width <= NARROW ? `BigInt(${this.read(id)})` : this.read(id);
  }
  /** A JS truth test of a net (non-zero). */
  truthy(id: number): string {
    return this.isNarrow(id) ? `${this.read(id)} !== 0` : `${this.read(id)} !== 0n`;
  }
  /** Signed value of a narrow net as an int32 number. */
  sx(id: number): string {
    const w = this.width(id);
    return w === 32 ? `(${this.read(id)} | 0)` : `((${this.read(id)} << ${32 - w}) >> ${32 - w})`;
  }
}

/** Converts an expression of width `from` into the representation of width `to` (truncate or zero-extend). */
export function convert(expr: string, from: number, to: number): string {
  if (from === to) return expr;
  const fn = from <= NARROW;
  const tn = to <= NARROW;
  if (fn && tn) return to < from ? `(${expr} & ${maskNum(to)})` : expr;
  if (fn && !tn) return `BigInt(${expr})`;
  if (!fn && tn) return `Number(BigInt.asUintN(${to}, ${expr}))`;
  return to < from ? `BigInt.asUintN(${to}, ${expr})` : expr;
}

/** Narrow result masked to `w` bits; at 32 bits the Uint32Array store wraps it. */
function m(expr: string, w: number): string {
  return w >= 32 ? expr : `((${expr}) & ${maskNum(w)})`;
}

/**
 * Expression for a cell's output in the output's representation. `fused` lets a slice of a product
 * read the product's operands directly (the 32 low bits of a product need no bigint).
 */
export function cellExpr(c: FlatCell, r: NetReader, mulCell: (net: number) => FlatCell | undefined): string {
  const wo = r.width(c.out);
  const ins = c.ins;
  const allNarrow = wo <= NARROW && ins.every((i) => r.isNarrow(i));
  const a = ins[0]!;
  const b = ins[1]!;
  if (c.op === 'mux') {
    return `(${r.truthy(a)} ? ${convert(r.read(b), r.width(b), wo)} : ${convert(r.read(ins[2]!), r.width(ins[2]!), wo)})`;
  }
  if (c.op === 'slice' && c.lo === 0 && c.hi < 32 && r.isNarrow(a) === false) {
    const prod = mulCell(a);
    if (prod?.ins.every((i) => r.isNarrow(i))) {
      const [x, y] = prod.ins as [number, number];
      const xs = prod.signed ? r.sx(x) : r.read(x);
      const ys = prod.signed ? r.sx(y) : r.read(y);
      return m(`Math.imul(${xs}, ${ys})`, c.hi + 1);
    }
  }
  if (allNarrow) {
    const A = r.read(a);
    const B = b === undefined ? '' : r.read(b);
    const wa = r.width(a);
    switch (c.op) {
      case 'add':
        return m(`${A} + ${B}`, wo);
      case 'sub':
        return m(`${A} - ${B}`, wo);
      case 'mul':
        return m(c.signed ? `Math.imul(${r.sx(a)}, ${r.sx(b)})` : `Math.imul(${A}, ${B})`, wo);
      case 'and':
        return `(${A} & ${B})`;
      case 'or':
        return `(${A} | ${B})`;
      case 'xor':
        return `(${A} ^ ${B})`;
      case 'not':
        return m(`~${A}`, wo);
      case 'neg':
        return m(`-${A}`, wo);
      case 'andr':
        return `(${A} === ${maskNum(wa)} ? 1 : 0)`;
      case 'orr':
        return `(${A} !== 0 ? 1 : 0)`;
      case 'xorr':
        return `parity32(${A})`;
      case 'eq':
        return `(${A} === ${B} ? 1 : 0)`;
      case 'ne':
        return `(${A} !== ${B} ? 1 : 0)`;
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        const op = { lt: '<', le: '<=', gt: '>', ge: '>=' }[c.op];
        return c.signed ? `(${r.sx(a)} ${op} ${r.sx(b)} ? 1 : 0)` : `(${A} ${op} ${B} ? 1 : 0)`;
      }
      case 'shl':
        return `(${B} >= ${wo} ? 0 : ${m(`${A} << ${B}`, wo)})`;
      case 'shr':
        if (c.signed) return `(${B} >= ${wo} ? (${r.sx(a)} < 0 ? ${maskNum(wo)} : 0) : ${m(`${r.sx(a)} >> ${B}`, wo)})`;
        return `(${B} >= ${wo} ? 0 : ${A} >>> ${B})`;
      case 'slice':
        return m(`${A} >>> ${c.lo}`, c.hi - c.lo + 1);
      case 'concat': {
        let shift = 0;
        const parts: string[] = [];
        for (let i = ins.length - 1; i >= 0; i--) {
          const id = ins[i]!;
          parts.push(shift === 0 ? r.read(id) : `(${r.read(id)} << ${shift})`);
          shift += r.width(id);
        }
        return `(${parts.join(' | ')})`;
      }
      case 'zext':
        return A;
      case 'sext':
        return m(r.sx(a), wo);
    }
  }
  // At least one side is wider than 32 bits: exact bigint arithmetic.
  const A = r.big(a);
  const B = b === undefined ? '' : r.big(b);
  const wa = r.width(a);
  const U = (x: string, w: number): string => `BigInt.asUintN(${w}, ${x})`;
  const S = (x: string, w: number): string => `BigInt.asIntN(${w}, ${x})`;
  const out = (big: string): string => (wo <= NARROW ? `Number(${big})` : big);
  switch (c.op) {
    case 'add':
      return out(U(`${A} + ${B}`, wo));
    case 'sub':
      return out(U(`${A} - ${B}`, wo));
    case 'mul':
      return out(U(c.signed ? `${S(A, wa)} * ${S(B, r.width(b))}` : `${A} * ${B}`, wo));
    case 'and':
      return out(`(${A} & ${B})`);
    case 'or':
      return out(`(${A} | ${B})`);
    case 'xor':
      return out(`(${A} ^ ${B})`);
    case 'not':
      return out(`(${A} ^ ${bigLit((1n << BigInt(wo)) - 1n)})`);
    case 'neg':
      return out(U(`-${A}`, wo));
    case 'andr':
      return `(${A} === ${bigLit((1n << BigInt(wa)) - 1n)} ? 1 : 0)`;
    case 'orr':
      return `(${A} !== 0n ? 1 : 0)`;
    case 'xorr':
      return `parityBig(${A})`;
    case 'eq':
      return `(${A} === ${B} ? 1 : 0)`;
    case 'ne':
      return `(${A} !== ${B} ? 1 : 0)`;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const op = { lt: '<', le: '<=', gt: '>', ge: '>=' }[c.op];
      return c.signed ? `(${S(A, wa)} ${op} ${S(B, r.width(b))} ? 1 : 0)` : `(${A} ${op} ${B} ? 1 : 0)`;
    }
    case 'shl':
      return out(`(${B} >= ${wo}n ? 0n : ${U(`${A} << ${B}`, wo)})`);
    case 'shr':
      if (c.signed)
        return out(
          `(${B} >= ${wo}n ? (${S(A, wa)} < 0n ? ${bigLit((1n << BigInt(wo)) - 1n)} : 0n) : ${U(`${S(A, wa)} >> ${B}`, wo)})`,
        );
      return out(`(${B} >= ${wo}n ? 0n : (${A} >> ${B}))`);
    case 'slice':
      return out(U(`${A} >> ${c.lo}n`, c.hi - c.lo + 1));
    case 'concat': {
      let shift = 0;
      const parts: string[] = [];
      for (let i = ins.length - 1; i >= 0; i--) {
        const id = ins[i]!;
        parts.push(shift === 0 ? r.big(id) : `(${r.big(id)} << ${shift}n)`);
        shift += r.width(id);
      }
      return out(`(${parts.join(' | ')})`);
    }
    case 'zext':
      return out(A);
    case 'sext':
      return out(U(S(A, wa), wo));
  }
}
