// The hardware implementation of Arith: every operation is the DSL expression method of the same
// name, so an algorithm written against Arith elaborates to exactly the logic the bigint model runs.
import { type Expr, Signal, UInt, cat, mux } from '../../dsl/index.js';
import type { Arith } from './arith.js';
import { skipFramesOf } from '../../dsl/source-loc.js';

// Values are located (and named, from `const x = ar.op(...)` lines) where the algorithm builds them.
skipFramesOf(import.meta.url);

/** Values are UInt expressions (Bool results are viewed as UInt(1), which is free). */
export class SignalArith implements Arith<Expr> {
  /** `stageReg` registers a value for one clock (the module's `delay`); without it stage() is refused. */
  constructor(private readonly stageReg?: (v: Expr) => Expr) {}

  constant(value: bigint, width: number): Expr {
    return UInt(width).lit(value);
  }
  width(v: Expr): number {
    return v.width;
  }

  add(a: Expr, b: Expr): Expr {
    return u(a).add(u(b));
  }
  sub(a: Expr, b: Expr): Expr {
    return u(a).sub(u(b));
  }
  addWide(a: Expr, b: Expr): Expr {
    return u(a).addw(u(b));
  }
  mul(a: Expr, b: Expr): Expr {
    return u(a).mul(u(b));
  }

  and(a: Expr, b: Expr): Expr {
    return u(a).and(u(b));
  }
  or(a: Expr, b: Expr): Expr {
    return u(a).or(u(b));
  }
  xor(a: Expr, b: Expr): Expr {
    return u(a).xor(u(b));
  }
  not(a: Expr): Expr {
    return u(a).not();
  }

  eq(a: Expr, b: Expr): Expr {
    return u(u(a).eq(u(b)));
  }
  ne(a: Expr, b: Expr): Expr {
    return u(u(a).ne(u(b)));
  }
  ltu(a: Expr, b: Expr): Expr {
    return u(u(a).lt(u(b)));
  }
  leu(a: Expr, b: Expr): Expr {
    return u(u(a).le(u(b)));
  }
  gtu(a: Expr, b: Expr): Expr {
    return u(u(a).gt(u(b)));
  }
  geu(a: Expr, b: Expr): Expr {
    return u(u(a).ge(u(b)));
  }

  shl(v: Expr, amount: number): Expr {
    return u(v).shl(amount);
  }
  shr(v: Expr, amount: number): Expr {
    return u(v).shr(amount);
  }
  shlVar(v: Expr, amount: Expr): Expr {
    return u(v).shl(u(amount));
  }
  shrVar(v: Expr, amount: Expr): Expr {
    return u(v).shr(u(amount));
  }

  slice(v: Expr, hi: number, lo: number): Expr {
    return u(v.slice(hi, lo));
  }
  bit(v: Expr, i: number): Expr {
    return u(v.bit(i));
  }
  concat(...parts: Expr[]): Expr {
    return u(cat(...parts));
  }
  repeat(v: Expr, n: number): Expr {
    return u(v.repeat(n));
  }
  mux(sel: Expr, whenTrue: Expr, whenFalse: Expr): Expr {
    return mux(sel, u(whenTrue), u(whenFalse));
  }
  zext(v: Expr, width: number): Expr {
    return u(v).zext(width);
  }
  trunc(v: Expr, width: number): Expr {
    return u(v).trunc(width);
  }
  orReduce(v: Expr): Expr {
    return u(v.orR());
  }
  andReduce(v: Expr): Expr {
    return u(v.andR());
  }

  stage(v: Expr): Expr {
    if (!this.stageReg)
      throw new Error('this SignalArith has no pipeline registers: construct it with a stage function');
    return this.stageReg(v);
  }

  named(v: Expr, name: string): Expr {
    // Ports, constants and values the user already named keep their names.
    if (v instanceof Signal || v.node.op === 'const' || v.userName) return v;
    return v.named(name);
  }
}

function u(e: Expr): Expr {
  return e.type.kind === 'uint' ? e : e.asUInt();
}
