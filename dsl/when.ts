// Conditional scopes with last-connect semantics: when/elsewhen/otherwise and switchOn/is.
// Statements go into the innermost open scope of the module whose constructor is running.
import { type Expr, type Operand, operand } from './expr.js';
import { Bool } from './types.js';
import { captureLoc, type SourceLoc } from './source-loc.js';
import { activeModule, constructionError, lastActiveModule, type ScopeOwner } from './context.js';
import type { Stmt, SwitchStmt, WhenStmt } from './statements.js';

interface Assignable {
  readonly owner: ScopeOwner & { readonly parent: unknown };
  readonly role: string;
  readonly userName: string | undefined;
}

/** Adds a statement to the active module's innermost scope, after checking it belongs there. */
export function recordStatement(stmt: Stmt, target: Assignable, loc: SourceLoc | undefined): void {
  let home = target.role === 'input' ? target.owner.parent : target.owner;
  // The stack is read only when the cheap answer disagrees (e.g. just after `new Child()` returned).
  const cheap = lastActiveModule();
  const m = cheap === home ? cheap : activeModule();
  if (m && home === undefined && target.role === 'input' && m !== target.owner) {
    // `const c = new Child(); c.a.set(x); this.instance(c)`: the module building the child drives it.
    home = m;
    expectInstantiation(m, target, loc);
  }
  if (!m || m !== home) {
    const where = m ? `inside ${m.moduleName}` : 'outside any module';
    constructionError(
      'TTF115',
      `assignment ${where} to a signal of ${target.owner.moduleName}: drive a module's signals from its own constructor (or its inputs from its parent)`,
      loc,
    );
    return;
  }
  currentScope(m).push(stmt);
}

/** Reported at `m`'s elaboration unless `m` has instantiated the target's module by then. */
function expectInstantiation(m: ScopeOwner, target: Assignable, loc: SourceLoc | undefined): void {
  const child = target.owner;
  m.pendingDiagnostics.push({
    code: 'TTF115',
    message: () => {
      const what = `${target.userName ? `input '${target.userName}'` : 'an input'} of ${child.moduleName}`;
      const parent = child.parent as ScopeOwner | undefined;
      return parent
        ? `${what} is driven here, but ${child.moduleName} is instantiated in ${parent.moduleName}, not in ${m.moduleName}: a module's inputs are driven by the module that instantiates it`
        : `${what} is driven here, but ${child.moduleName} is never instantiated in ${m.moduleName}: add this.instance(...) for it`;
    },
    loc,
    unless: () => child.parent === m,
  });
}

function currentScope(m: ScopeOwner): Stmt[] {
  return m.scopeStack[m.scopeStack.length - 1] as Stmt[];
}

function requireModule(what: string): ScopeOwner | undefined {
  const m = activeModule();
  if (!m) constructionError('TTF115', `${what} used outside a module constructor`);
  return m;
}

function runIn(m: ScopeOwner, body: Stmt[], fn: () => void): void {
  m.scopeStack.push(body);
  try {
    fn();
  } finally {
    m.scopeStack.pop();
  }
}

function condition(c: Operand): Expr {
  const e = operand(c, Bool());
  if (e.width !== 1)
    constructionError('TTF100', `a condition must be 1 bit wide, got ${e.width} bits: compare it (e.g. .ne(0))`);
  return e;
}

export class WhenChain {
  private closed = false;
  constructor(
    private readonly m: ScopeOwner,
    private readonly stmt: WhenStmt,
  ) {}

  elsewhen(cond: Operand, body: () => void): WhenChain {
    if (this.closed) constructionError('TTF141', 'elsewhen after otherwise');
    const branch = { cond: condition(cond), body: [] as Stmt[], loc: captureLoc(WhenChain.prototype.elsewhen) };
    this.stmt.branches.push(branch);
    runIn(this.m, branch.body, body);
    return this;
  }

  otherwise(body: () => void): void {
    if (this.closed) constructionError('TTF141', 'otherwise given twice');
    this.closed = true;
    this.stmt.otherwise = [];
    runIn(this.m, this.stmt.otherwise, body);
  }
}

/** Assignments in `body` apply only while `cond` is true. Chain `.elsewhen()` and `.otherwise()`. */
export function when(cond: Operand, body: () => void): WhenChain {
  const m = requireModule('when');
  const stmt: WhenStmt = {
    kind: 'when',
    branches: [{ cond: condition(cond), body: [], loc: captureLoc(when) }],
    otherwise: undefined,
  };
  if (!m) return new WhenChain({ moduleName: '?', scopeStack: [[]], pendingDiagnostics: [] }, stmt);
  currentScope(m).push(stmt);
  runIn(m, stmt.branches[0]!.body, body);
  return new WhenChain(m, stmt);
}

export class SwitchChain {
  private readonly seen = new Set<bigint>();
  constructor(
    private readonly m: ScopeOwner,
    private readonly stmt: SwitchStmt,
  ) {}

  /** Run `body` when the selector equals one of `values` (constants). */
  is(values: Operand | Operand[], body: () => void): SwitchChain {
    const loc = captureLoc(SwitchChain.prototype.is);
    const list = Array.isArray(values) ? values : [values];
    const codes: bigint[] = [];
    for (const v of list) {
      const e = operand(v, this.stmt.sel);
      if (e.node.op !== 'const') {
        constructionError('TTF142', 'switchOn(...).is() takes constants; use when() for conditions on signals', loc);
        continue;
      }
      if (e.width !== this.stmt.sel.width) {
        constructionError('TTF100', `case value is ${e.width} bits wide, the selector ${this.stmt.sel.width}`, loc);
        continue;
      }
      const code = e.node.value & ((1n << BigInt(e.width)) - 1n);
      if (this.seen.has(code)) constructionError('TTF142', `duplicate case value ${code} in switchOn`, loc);
      this.seen.add(code);
      codes.push(code);
    }
    const c = { values: codes, body: [] as Stmt[], loc };
    this.stmt.cases.push(c);
    runIn(this.m, c.body, body);
    return this;
  }

  /** Run `body` when no case matches. */
  otherwise(body: () => void): void {
    this.stmt.otherwise = [];
    runIn(this.m, this.stmt.otherwise, body);
  }
}

/** Branch on the value of `sel` (Chisel's switch/is; `switch` is a reserved word in TypeScript). */
export function switchOn(sel: Expr): SwitchChain {
  const m = requireModule('switchOn');
  const stmt: SwitchStmt = { kind: 'switch', sel, cases: [], otherwise: undefined, loc: captureLoc(switchOn) };
  if (!m) return new SwitchChain({ moduleName: '?', scopeStack: [[]], pendingDiagnostics: [] }, stmt);
  currentScope(m).push(stmt);
  return new SwitchChain(m, stmt);
}
