// Hardware types. Ground types (Bool, UInt, SInt, Bits, enums) become one net each; Bundle and Vec are
// shapes that the module builder expands into TypeScript objects and arrays of ground signals.
import { refuse } from './diagnostics.js';

export type GroundKind = 'bool' | 'uint' | 'sint' | 'bits' | 'enum';

export const MAX_WIDTH = 1 << 16;

export class GroundType {
  readonly type = 'ground' as const;
  constructor(
    readonly kind: GroundKind,
    readonly width: number,
    readonly enumType?: EnumType,
  ) {}
  get signed(): boolean {
    return this.kind === 'sint';
  }
  toString(): string {
    switch (this.kind) {
      case 'bool':
        return 'Bool';
      case 'uint':
        return `UInt(${this.width})`;
      case 'sint':
        return `SInt(${this.width})`;
      case 'bits':
        return `Bits(${this.width})`;
      case 'enum':
        return `Enum ${this.enumType!.name}`;
    }
  }
  /** Smallest and largest value a constant of this type may have. */
  range(): [bigint, bigint] {
    const w = BigInt(this.width);
    if (this.kind === 'sint') return [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n];
    return [0n, (1n << w) - 1n];
  }
  sameAs(o: GroundType): boolean {
    return this.kind === o.kind && this.width === o.width && this.enumType === o.enumType;
  }
}

function checkWidth(w: number, what: string): number {
  if (!Number.isInteger(w) || w < 1 || w > MAX_WIDTH) {
    refuse('TTF103', `${what}: width must be an integer from 1 to ${MAX_WIDTH}, got ${w}`);
  }
  return w;
}

const boolType = new GroundType('bool', 1);
export const Bool = (): GroundType => boolType;
export const UInt = (width: number): GroundType => new GroundType('uint', checkWidth(width, 'UInt'));
export const SInt = (width: number): GroundType => new GroundType('sint', checkWidth(width, 'SInt'));
export const Bits = (width: number): GroundType => new GroundType('bits', checkWidth(width, 'Bits'));

/** Bits needed to hold the values 0..n-1 (at least 1). */
export function bitsFor(n: number): number {
  let w = 1;
  while (1 << w < n) w++;
  return w;
}

export type EnumEncoding = 'binary' | 'onehot' | 'gray';

/** An enumeration, e.g. FSM states. Each member has a code; the width follows the encoding. */
export class EnumType {
  readonly ground: GroundType;
  readonly codes: ReadonlyMap<string, bigint>;
  constructor(
    readonly name: string,
    readonly members: readonly string[],
    readonly encoding: EnumEncoding = 'binary',
  ) {
    if (members.length === 0) refuse('TTF105', `Enum ${name}: needs at least one member`);
    if (new Set(members).size !== members.length) refuse('TTF105', `Enum ${name}: duplicate member names`);
    const width = encoding === 'onehot' ? members.length : bitsFor(members.length);
    this.ground = new GroundType('enum', width, this);
    const codes = new Map<string, bigint>();
    members.forEach((m, i) => {
      const b = BigInt(i);
      codes.set(m, encoding === 'onehot' ? 1n << b : encoding === 'gray' ? b ^ (b >> 1n) : b);
    });
    this.codes = codes;
  }
  code(member: string): bigint {
    const c = this.codes.get(member);
    if (c === undefined)
      refuse('TTF102', `Enum ${this.name} has no member '${member}' (has ${this.members.join(', ')})`);
    return c;
  }
}

export class FlipType<T extends HwType = HwType> {
  readonly type = 'flip' as const;
  constructor(readonly inner: T) {}
}

export class BundleType<F extends Record<string, HwType | FlipType> = Record<string, HwType | FlipType>> {
  readonly type = 'bundle' as const;
  constructor(readonly fields: F) {
    for (const k of Object.keys(fields)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) refuse('TTF105', `Bundle field name '${k}' is not a valid identifier`);
    }
  }
}

export class VecType<T extends HwType = HwType> {
  readonly type = 'vec' as const;
  constructor(
    readonly length: number,
    readonly elem: T,
  ) {
    if (!Number.isInteger(length) || length < 1)
      refuse('TTF105', `Vec length must be a positive integer, got ${length}`);
  }
}

export type HwType = GroundType | BundleType<any> | VecType<any>;

export const Bundle = <F extends Record<string, HwType | FlipType>>(fields: F): BundleType<F> => new BundleType(fields);
export const Vec = <T extends HwType>(length: number, elem: T): VecType<T> => new VecType(length, elem);
export const Flip = <T extends HwType>(t: T): FlipType<T> => new FlipType(t);
export function Enum<const M extends readonly string[]>(
  name: string,
  members: M,
  encoding: EnumEncoding = 'binary',
): EnumType {
  return new EnumType(name, members, encoding);
}
