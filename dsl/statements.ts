// The statements a module body records: assignments, when/elsewhen/otherwise and switch/is.
// They keep the user's nesting so the emitted Verilog reads like the source.
import type { Expr } from './expr.js';
import type { Signal } from './signal.js';
import type { SourceLoc } from './source-loc.js';

export interface AssignStmt {
  readonly kind: 'assign';
  readonly target: Signal;
  readonly value: Expr;
  readonly loc: SourceLoc | undefined;
}

export interface WhenBranch {
  readonly cond: Expr;
  readonly body: Stmt[];
  readonly loc: SourceLoc | undefined;
}

export interface WhenStmt {
  readonly kind: 'when';
  readonly branches: WhenBranch[];
  otherwise: Stmt[] | undefined;
}

export interface SwitchCase {
  readonly values: bigint[];
  readonly body: Stmt[];
  readonly loc: SourceLoc | undefined;
}

export interface SwitchStmt {
  readonly kind: 'switch';
  readonly sel: Expr;
  readonly cases: SwitchCase[];
  otherwise: Stmt[] | undefined;
  readonly loc: SourceLoc | undefined;
}

export type Stmt = AssignStmt | WhenStmt | SwitchStmt;
