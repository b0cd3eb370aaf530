// Temporaries named after the variable they are assigned to: `const atMax = value.eq(limit)` names
// the cell `atMax`. On a line declaring a variable, the outermost expression is the one the variable
// holds: a cell built there that no other cell of the same line takes as an operand. A line that runs
// several times (a helper called for each operand, a loop) names the value of every run.
import type { Expr } from '../expr.js';
import type { Module } from '../module.js';
import type { Stmt } from '../statements.js';
import { nameFromSourceLine } from './naming.js';

export class SourceNames {
  /** Cells that are the outermost expression of their line (see the file comment). */
  private readonly outermost = new Set<Expr>();
  private readonly seen = new Set<Expr>();
  private readonly cells: Expr[] = [];
  /** False when the module has more expressions than the limit: reading source lines is skipped. */
  private readonly on: boolean;

  constructor(
    m: Module,
    private readonly limit: number,
  ) {
    this.walk(m.body);
    for (const s of m.signals) {
      this.visit(s.defaultValue);
      this.visit(s.reg?.enable);
    }
    for (const mem of m.memories)
      for (const r of mem.readPorts) {
        this.visit(r.addr);
        this.visit(r.enable);
      }
    // Each lookup reads a source line: worth it for hand-written modules, not for huge generated ones.
    this.on = this.seen.size <= limit;
    if (!this.on) return;
    const lineOf = (e: Expr): string | undefined => (e.loc ? `${e.loc.file}:${e.loc.line}` : undefined);
    const inner = new Set<Expr>();
    for (const e of this.cells) {
      const line = lineOf(e);
      if (line === undefined) continue;
      for (const o of operands(e)) if (lineOf(o) === line) inner.add(o);
    }
    for (const e of this.cells) if (e.loc && !inner.has(e)) this.outermost.add(e);
  }

  /** The variable `e` was assigned to, when it is the outermost expression of its declaring line. */
  nameOf(e: Expr): string | undefined {
    if (!this.on || !this.outermost.has(e)) return undefined;
    return nameFromSourceLine(e.loc);
  }

  private walk(stmts: readonly Stmt[]): void {
    for (const s of stmts) {
      if (s.kind === 'assign') this.visit(s.value);
      else if (s.kind === 'when') {
        for (const b of s.branches) {
          this.visit(b.cond);
          this.walk(b.body);
        }
        if (s.otherwise) this.walk(s.otherwise);
      } else {
        this.visit(s.sel);
        for (const c of s.cases) this.walk(c.body);
        if (s.otherwise) this.walk(s.otherwise);
      }
    }
  }

  /** Collects the cells below `root`; a stack, not recursion: chains can be thousands deep. */
  private visit(root: Expr | undefined): void {
    if (!root) return;
    const stack: Expr[] = [root];
    const push = (x: Expr): void => {
      stack.push(x);
    };
    while (stack.length > 0 && this.seen.size <= this.limit) {
      const e = stack.pop()!;
      if (this.seen.has(e)) continue;
      this.seen.add(e);
      forEachOperand(e, push);
      // Only the largest creation number per line counts, so the visiting order does not matter.
      if (e.node.op !== 'cast' && !e.userName) this.cells.push(e);
    }
  }
}

/** The expressions `e` reads, casts seen through (a cast makes no cell of its own). */
function operands(e: Expr): Expr[] {
  const out: Expr[] = [];
  forEachOperand(e, (x) => {
    let y = x;
    while (y.node.op === 'cast') y = y.node.a;
    out.push(y);
  });
  return out;
}

/** Calls `f` with each operand of `e`, in order. */
function forEachOperand(e: Expr, f: (operand: Expr) => void): void {
  const n = e.node;
  switch (n.op) {
    case 'sig':
    case 'const':
      return;
    case 'cast':
    case 'slice':
    case 'ext':
    case 'not':
    case 'neg':
    case 'andr':
    case 'orr':
    case 'xorr':
      f(n.a);
      return;
    case 'mux':
      f(n.sel);
      f(n.t);
      f(n.f);
      return;
    case 'concat':
      for (const p of n.parts) f(p);
      return;
    default:
      f(n.a);
      f(n.b);
  }
}
