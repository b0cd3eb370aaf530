// Signals: named, assignable values owned by a module: ports, wires and registers.
import { Expr, type Operand, operand } from './expr.js';
import type { GroundType } from './types.js';
import { type SourceLoc, captureLoc } from './source-loc.js';
import type { VivadoAttributes } from './attributes.js';
import type { ClockDomain } from './clock-domain.js';
import { activeModule, constructionError, lastActiveModule, type ScopeOwner } from './context.js';
import { recordStatement } from './when.js';

export type SignalRole = 'input' | 'output' | 'wire' | 'reg' | 'memread';

/** What a signal needs to know of its module (the Module class implements it). */
export interface SignalOwner extends ScopeOwner {
  readonly parent: SignalOwner | undefined;
}

export interface RegisterInfo {
  readonly domain: ClockDomain;
  /** Reset or power-on value. */
  readonly init: Expr | undefined;
  /** 'none' with an init value means a power-on (bitstream) initial value only. */
  readonly reset: 'sync' | 'async' | 'none';
  readonly enable: Expr | undefined;
}

export class Signal extends Expr {
  /** Value a combinational signal takes where no assignment applies (no latch is ever inferred). */
  defaultValue: Expr | undefined;
  attrs: VivadoAttributes | undefined;
  /** Set for signals the library creates for internal plumbing (memory ports, clocks). */
  internal = false;
  /** An assignment to this signal was rejected: later checks do not report it as undriven. */
  assignRejected = false;

  constructor(
    type: GroundType,
    readonly role: SignalRole,
    readonly owner: SignalOwner,
    loc: SourceLoc | undefined,
    readonly reg?: RegisterInfo,
  ) {
    super(type, { op: 'sig' }, loc);
  }

  /**
   * Drive this signal: combinational for ports and wires, the next value for registers.
   * Last connect wins; inside when/switch the assignment applies only on that branch.
   */
  set(value: Operand): void {
    const loc = captureLoc(Signal.prototype.set);
    const v = operand(value, this);
    // Only a cheap 'this module is active' needs confirming from the stack (it may be stale after `new Child()`).
    if (this.role === 'input' && lastActiveModule() === this.owner && activeModule() === this.owner) {
      constructionError(
        'TTF114',
        () =>
          `'${this.userName ?? 'input'}' is an input of ${this.owner.moduleName}: it is driven from outside, not from inside the module`,
        loc,
      );
      return;
    }
    if (this.role === 'memread') {
      constructionError(
        'TTF114',
        () => `'${this.userName ?? 'read data'}' is a memory's read data: the memory drives it`,
        loc,
      );
      return;
    }
    if (!checkAssignable(this, v, loc)) {
      this.assignRejected = true;
      return;
    }
    recordStatement({ kind: 'assign', target: this, value: v, loc }, this, loc);
  }

  /** Declare the value used where no assignment applies (combinational signals only). */
  setDefault(value: Operand): this {
    if (this.role === 'reg') {
      constructionError(
        'TTF145',
        'registers keep their value when not assigned; give them an init value instead of a default',
      );
      return this;
    }
    const v = operand(value, this);
    if (checkAssignable(this, v, captureLoc(Signal.prototype.setDefault))) this.defaultValue = v;
    return this;
  }

  /** Attach typed Vivado attributes. */
  withAttrs(a: VivadoAttributes): this {
    this.attrs = { ...this.attrs, ...a };
    return this;
  }
}

/** Strict assignment rule: same width, compatible kind. Reports at the user's line. */
export function checkAssignable(target: Expr, v: Expr, loc: SourceLoc | undefined): boolean {
  // No helper closures here: this runs for every assignment, and a closure is made on each call.
  if (v.width !== target.width) {
    const fix =
      v.width > target.width
        ? `.trunc(${target.width})`
        : target.signed
          ? `.sext(${target.width})`
          : `.zext(${target.width})`;
    constructionError(
      'TTF100',
      () =>
        `width mismatch: assigning a ${v.width}-bit value to ${targetName(target)} of ${target.width} bits; write ${fix} or .resize(${target.width}) to say what you mean`,
      loc,
    );
    return false;
  }
  if (kindForAssign(v.type) !== kindForAssign(target.type) || v.type.enumType !== target.type.enumType) {
    constructionError(
      'TTF102',
      () =>
        `type mismatch: assigning ${v.type} to ${targetName(target)} of type ${target.type}; cast with asUInt()/asSInt()/asBits()/as(type)`,
      loc,
    );
    return false;
  }
  return true;
}

function targetName(target: Expr): string {
  return target.userName ? `'${target.userName}'` : 'the target';
}

/** Bool and UInt assign to each other. */
function kindForAssign(t: GroundType): string {
  return t.kind === 'bool' ? 'uint' : t.kind;
}
