// An Arith wrapper that tracks how many pipeline registers each value has passed through and throws
// when an operation mixes values of different depths: the error a forgotten live value at a cut point
// would cause in hardware (data from two different clock cycles combined). Constants fit any depth.
import type { Arith } from './arith.js';

export interface Staged<V> {
  readonly inner: V;
  /** Registers passed through; undefined for constants (usable at any depth). */
  readonly depth: number | undefined;
}

export class StageCheckArith<V> implements Arith<Staged<V>> {
  constructor(private readonly base: Arith<V>) {}

  /** Wrap an input value (depth 0). */
  input(v: V): Staged<V> {
    return { inner: v, depth: 0 };
  }

  private join(op: string, ...vs: Staged<V>[]): number | undefined {
    let d: number | undefined;
    for (const v of vs) {
      if (v.depth === undefined) continue;
      if (d !== undefined && d !== v.depth) throw new Error(`${op}: mixes pipeline depths ${d} and ${v.depth}`);
      d = v.depth;
    }
    return d;
  }

  private lift(op: string, f: (...xs: V[]) => V, ...vs: Staged<V>[]): Staged<V> {
    return { inner: f(...vs.map((v) => v.inner)), depth: this.join(op, ...vs) };
  }

  constant(value: bigint, width: number): Staged<V> {
    return { inner: this.base.constant(value, width), depth: undefined };
  }
  width(v: Staged<V>): number {
    return this.base.width(v.inner);
  }
  add = (a: Staged<V>, b: Staged<V>) => this.lift('add', (x, y) => this.base.add(x!, y!), a, b);
  sub = (a: Staged<V>, b: Staged<V>) => this.lift('sub', (x, y) => this.base.sub(x!, y!), a, b);
  addWide = (a: Staged<V>, b: Staged<V>) => this.lift('addWide', (x, y) => this.base.addWide(x!, y!), a, b);
  mul = (a: Staged<V>, b: Staged<V>) => this.lift('mul', (x, y) => this.base.mul(x!, y!), a, b);
  and = (a: Staged<V>, b: Staged<V>) => this.lift('and', (x, y) => this.base.and(x!, y!), a, b);
  or = (a: Staged<V>, b: Staged<V>) => this.lift('or', (x, y) => this.base.or(x!, y!), a, b);
  xor = (a: Staged<V>, b: Staged<V>) => this.lift('xor', (x, y) => this.base.xor(x!, y!), a, b);
  not = (a: Staged<V>) => this.lift('not', (x) => this.base.not(x!), a);
  eq = (a: Staged<V>, b: Staged<V>) => this.lift('eq', (x, y) => this.base.eq(x!, y!), a, b);
  ne = (a: Staged<V>, b: Staged<V>) => this.lift('ne', (x, y) => this.base.ne(x!, y!), a, b);
  ltu = (a: Staged<V>, b: Staged<V>) => this.lift('ltu', (x, y) => this.base.ltu(x!, y!), a, b);
  leu = (a: Staged<V>, b: Staged<V>) => this.lift('leu', (x, y) => this.base.leu(x!, y!), a, b);
  gtu = (a: Staged<V>, b: Staged<V>) => this.lift('gtu', (x, y) => this.base.gtu(x!, y!), a, b);
  geu = (a: Staged<V>, b: Staged<V>) => this.lift('geu', (x, y) => this.base.geu(x!, y!), a, b);
  shl = (v: Staged<V>, n: number) => this.lift('shl', (x) => this.base.shl(x!, n), v);
  shr = (v: Staged<V>, n: number) => this.lift('shr', (x) => this.base.shr(x!, n), v);
  shlVar = (v: Staged<V>, n: Staged<V>) => this.lift('shlVar', (x, y) => this.base.shlVar(x!, y!), v, n);
  shrVar = (v: Staged<V>, n: Staged<V>) => this.lift('shrVar', (x, y) => this.base.shrVar(x!, y!), v, n);
  slice = (v: Staged<V>, hi: number, lo: number) => this.lift('slice', (x) => this.base.slice(x!, hi, lo), v);
  bit = (v: Staged<V>, i: number) => this.lift('bit', (x) => this.base.bit(x!, i), v);
  concat = (...parts: Staged<V>[]) => this.lift('concat', (...xs) => this.base.concat(...xs), ...parts);
  repeat = (v: Staged<V>, n: number) => this.lift('repeat', (x) => this.base.repeat(x!, n), v);
  mux = (s: Staged<V>, t: Staged<V>, f: Staged<V>) => this.lift('mux', (x, y, z) => this.base.mux(x!, y!, z!), s, t, f);
  zext = (v: Staged<V>, w: number) => this.lift('zext', (x) => this.base.zext(x!, w), v);
  trunc = (v: Staged<V>, w: number) => this.lift('trunc', (x) => this.base.trunc(x!, w), v);
  orReduce = (v: Staged<V>) => this.lift('orReduce', (x) => this.base.orReduce(x!), v);
  andReduce = (v: Staged<V>) => this.lift('andReduce', (x) => this.base.andReduce(x!), v);
  stage(v: Staged<V>): Staged<V> {
    return { inner: this.base.stage(v.inner), depth: v.depth === undefined ? undefined : v.depth + 1 };
  }
  named(v: Staged<V>, name: string): Staged<V> {
    return { inner: this.base.named(v.inner, name), depth: v.depth };
  }
}
