// Finite state machines over Enum + a state register + switchOn. States have bodies (what happens
// while in the state, including `goto`) and entry actions (what happens on every transition into
// the state, in the same cycle as the goto). The result is one readable `case` on the state register,
// with the state names as localparams and the Vivado fsm_encoding attribute on the register.
import { Enum, type EnumEncoding, type EnumType } from './types.js';
import type { Expr } from './expr.js';
import type { Signal } from './signal.js';
import { Module, type RegOptions } from './module.js';
import type { VivadoAttributes } from './attributes.js';
import { switchOn } from './when.js';
import { type PendingDiagnostic, constructionError } from './context.js';
import { captureLoc } from './source-loc.js';

export interface FsmOptions<S extends string> {
  /** Reset state; the first state by default. Entry actions do not run at reset. */
  initial?: S;
  /** State codes: binary (default), onehot or gray. */
  encoding?: EnumEncoding;
  /** Vivado's fsm_encoding attribute; follows `encoding` by default ('none' keeps Vivado from re-encoding). */
  vivadoEncoding?: VivadoAttributes['fsmEncoding'];
  /** Name of the state register in the Verilog (default `<name>_state`, lower case). */
  regName?: string;
}

const vivadoFor: Record<EnumEncoding, NonNullable<VivadoAttributes['fsmEncoding']>> = {
  binary: 'sequential',
  onehot: 'one_hot',
  gray: 'gray',
};

/** What an FSM needs of its module: a register. `reg` is protected on Module; the FSM is part of the module's construction. */
type RegMaker = { reg(type: EnumType['ground'], opts: RegOptions): Signal };

export class Fsm<const S extends string> {
  readonly type: EnumType;
  /** The state register. */
  readonly state: Signal;
  readonly initial: S;
  /** Every goto written, as [from state (undefined outside a state body), to state]. */
  readonly transitions: [S | undefined, S][] = [];
  private readonly bodies = new Map<S, () => void>();
  private readonly entries = new Map<S, (() => void)[]>();
  private built = false;
  private current: S | undefined;
  /** Reported with the module's diagnostics unless build() runs: a machine never built only resets. */
  private readonly unbuilt: PendingDiagnostic;

  constructor(
    private readonly owner: Module,
    readonly name: string,
    readonly states: readonly S[],
    opts: FsmOptions<S> = {},
  ) {
    const encoding = opts.encoding ?? 'binary';
    this.type = Enum(name, states, encoding);
    this.initial = opts.initial !== undefined && this.check(opts.initial) ? opts.initial : states[0]!;
    const attrs: VivadoAttributes = { fsmEncoding: opts.vivadoEncoding ?? vivadoFor[encoding] };
    // Module's own reg(), not the owner's property: a field named `reg` in the user's class hides it.
    this.state = (Module.prototype as unknown as RegMaker).reg.call(owner, this.type.ground, {
      name: opts.regName ?? `${name.charAt(0).toLowerCase()}${name.slice(1)}_state`,
      init: this.type.code(this.initial),
      attrs,
    });
    this.unbuilt = {
      code: 'TTF117',
      message: `FSM ${name} is made here but build() is never called, so its state register only ever resets: call build() after its on(...) states`,
      loc: captureLoc(),
    };
    owner.pendingDiagnostics.push(this.unbuilt);
  }

  /** What happens while the machine is in `s` (assignments, conditions, gotos). One body per state. */
  on(s: S, body: () => void): this {
    if (!this.check(s)) return this;
    if (this.built) constructionError('TTF143', `FSM ${this.name}: state '${s}' given after build()`);
    if (this.bodies.has(s)) constructionError('TTF143', `FSM ${this.name}: state '${s}' already has a body`);
    this.bodies.set(s, body);
    return this;
  }

  /** Runs on every transition into `s`, where the goto is written (so it happens in the same cycle). */
  onEntry(s: S, action: () => void): this {
    if (!this.check(s)) return this;
    this.entries.set(s, [...(this.entries.get(s) ?? []), action]);
    return this;
  }

  /** Next state is `s` (on the current when/switch branch); runs the entry actions of `s`. */
  goto(s: S): void {
    if (!this.check(s)) return;
    this.transitions.push([this.current, s]);
    this.state.set(this.type.of(s));
    for (const a of this.entries.get(s) ?? []) a();
  }

  /** True while the machine is in `s`. */
  is(s: S): Expr {
    // An unknown state is reported; the design is not emitted, so any value of the right type does.
    return this.state.eq(this.type.of(this.check(s) ? s : this.initial));
  }

  /** True while the machine is in any of `ss`. */
  isAny(...ss: S[]): Expr {
    return ss.map((s) => this.is(s)).reduce((a, b) => a.or(b));
  }

  /**
   * Writes the case statement here, in statement order: statements written before build() are
   * overridden by it, gotos written after it (e.g. an abort) override the states' own.
   * An illegal state code (possible with onehot) returns to the initial state.
   */
  build(): this {
    if (this.built) {
      constructionError('TTF143', `FSM ${this.name}: build() called twice`);
      return this;
    }
    this.built = true;
    const pending = this.owner.pendingDiagnostics;
    const at = pending.indexOf(this.unbuilt);
    if (at >= 0) pending.splice(at, 1);
    let chain = switchOn(this.state);
    for (const s of this.states) {
      chain = chain.is(this.type.of(s), () => {
        this.current = s;
        try {
          this.bodies.get(s)?.();
        } finally {
          this.current = undefined;
        }
      });
    }
    if (this.type.encoding === 'onehot' || 1 << this.type.ground.width !== this.states.length) {
      chain.otherwise(() => this.state.set(this.type.of(this.initial)));
    }
    return this;
  }

  /** True for a state of this machine; otherwise reports one at the user's line. */
  private check(s: string): boolean {
    if (this.states.includes(s as S)) return true;
    constructionError('TTF102', `FSM ${this.name} has no state '${s}' (has ${this.states.join(', ')})`, captureLoc());
    return false;
  }
}
