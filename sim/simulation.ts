// The testbench API: the same object whatever the back end. Pokes and steps are queued; expectations
// are checked as soon as the back end answers and a failure surfaces at the next step, flush or close
// with the first failing cycle. Processes forked with `fork` run in a deterministic order.
// Longer than our ~400-line norm on purpose: it is the one public testbench class, and its methods share
// the scheduler, the cycle count, the traced history and the pending checks.
import { UserError } from '../dsl/diagnostics.js';
import type { NativeAgentHandle, RunUntilCondition } from './agents.js';
import type { Backend, BackendCondition, MemoryRef, SignalRef, VectorColumn } from './backend.js';
import { getWords, wordsFor } from './bits.js';
import { SimulationLimit, SimulationMismatch, type MismatchInfo } from './errors.js';
import { formatSeconds, ProgressLine, type ProgressSink } from './progress-line.js';
import { Scheduler } from './scheduler.js';
import { renderAscii, type WaveTrace } from './waves/ascii.js';

export type Value = bigint | number | boolean;

export interface SimulationSettings {
  /** Signals sampled every cycle for ASCII waveforms in failure messages and `waves()`. */
  trace?: string[] | undefined;
  /** Stop with TTF161 beyond this many cycles (default 100 million). */
  maxCycles?: number | undefined;
  /** Signals to show as fp32 values (the simulator knows only bits). */
  float?: string[] | undefined;
  /** Reset port name (default 'rst'). */
  reset?: string | undefined;
  /** Status line of long `runUntil` runs (default stderr; false: none). */
  progress?: ProgressSink | false | undefined;
}

export interface RunUntilOptions {
  /** At most this many edges (default: up to maxCycles); then TTF161. */
  max?: number;
  /** What is awaited, for the error message and the status line. */
  what?: string;
  /** Expected length of the run, if the caller's cycle model knows it: the status line shows percent and time left. */
  expectCycles?: number;
}

/** Per-cycle stimulus: one array per input port (numbers for ports up to 32 bits, or bigints). */
export type Stimulus = Record<string, ArrayLike<number> | readonly bigint[]>;

export interface VectorOptions {
  /** Outputs to sample after each cycle's edge (default: every output port). */
  outputs?: string[];
  /** Expected samples: the first difference throws a mismatch naming its cycle. */
  expect?: Record<string, ArrayLike<number> | readonly bigint[]>;
}

export interface VectorResult {
  cycles: number;
  /** Samples of one output as bigints. */
  get(name: string): bigint[];
  /** Samples of one output as raw little-endian 32-bit words (wordsFor(width) per cycle). */
  raw(name: string): Uint32Array;
}

export interface Tick extends PromiseLike<void> {
  /**
   * Steps one edge, then tests `cond`; repeats until it holds after an edge (at most `max` edges,
   * default 1,000,000). A condition already true before the first edge is not seen. Returns `sim.cycle`.
   */
  until(cond: () => boolean | Promise<boolean>, opts?: { max?: number; what?: string }): Promise<number>;
}

const toBig = (v: Value): bigint => (typeof v === 'bigint' ? v : typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v));

export class Simulation {
  /** Edges of the default clock so far. */
  cycle = 0;
  private readonly sched: Scheduler;
  private readonly refs = new Map<string, SignalRef>();
  private failure: MismatchInfo | undefined;
  private readonly traced: SignalRef[] = [];
  private readonly history = new Map<string, (bigint | undefined)[]>();
  private readonly maxCycles: number;
  private readonly floats: Set<string>;
  private closed = false;
  private readonly pending: Promise<unknown>[] = [];

  constructor(
    readonly backend: Backend,
    private readonly settings: SimulationSettings = {},
  ) {
    this.maxCycles = settings.maxCycles ?? 100_000_000;
    this.floats = new Set(settings.float ?? []);
    for (const name of settings.trace ?? []) {
      const r = this.ref(name);
      this.traced.push(r);
      this.history.set(name, []);
    }
    this.sched = new Scheduler(
      (n) => this.advance(n),
      () => this.cycle,
    );
  }

  get backendName(): string {
    return this.backend.name;
  }

  private ref(name: string): SignalRef {
    let r = this.refs.get(name);
    if (!r) {
      r = this.backend.signal(name);
      this.refs.set(name, r);
    }
    return r;
  }

  /** Drives an input port from now on. */
  poke(name: string, value: Value): void {
    this.checkOpen();
    const r = this.ref(name);
    const v = toBig(value);
    if (v < 0n ? v < -(1n << BigInt(r.width - 1)) : v >> BigInt(r.width) !== 0n) {
      throw new UserError(`value ${v} does not fit '${name}' (${r.width} bits)`);
    }
    this.backend.poke(r, BigInt.asUintN(r.width, v));
  }

  /** The current value of a port or internal signal (hierarchical path `inst.sub.net`). */
  async peek(name: string): Promise<bigint> {
    this.checkOpen();
    return this.backend.peek(this.ref(name));
  }

  /** Signed reading of a signal. */
  async peekSigned(name: string): Promise<bigint> {
    const r = this.ref(name);
    return BigInt.asIntN(r.width, await this.peek(name));
  }

  /**
   * Checks a signal now. The comparison completes when the back end answers (at once for the
   * built-in one); a mismatch is thrown by the next step, flush or close.
   */
  expect(name: string, expected: Value, message?: string): void {
    this.checkOpen();
    const r = this.ref(name);
    const want = BigInt.asUintN(r.width, toBig(expected));
    const cycle = this.cycle;
    const p = this.backend.peek(r).then((got) => {
      if (got !== want)
        this.fail({
          cycle,
          signal: name,
          width: r.width,
          expected: want,
          actual: got,
          float: this.floats.has(r.name),
          message,
        });
    });
    this.track(p);
  }

  private track(p: Promise<unknown>): void {
    this.pending.push(p);
    p.catch(() => undefined);
    if (this.pending.length > 4096) this.pending.splice(0, 2048);
  }

  private fail(info: MismatchInfo): void {
    if (this.failure && this.failure.cycle <= info.cycle) return;
    this.failure = info;
  }

  /** Throws the first recorded failure, with a waveform excerpt when signals are traced. */
  private throwIfFailed(): void {
    if (this.sched.failure !== undefined) throw this.sched.failure;
    if (!this.failure) return;
    const info = this.failure;
    const wave = this.traced.length
      ? this.renderHistory(Math.max(0, info.cycle - 8), info.cycle + 4, info.cycle)
      : undefined;
    const err = new SimulationMismatch({ ...info, wave }, this.backend.name);
    this.sched.failure = err;
    throw err;
  }

  /** Advances `n` edges of the default clock (other processes run at each edge they wait for). */
  async step(n = 1): Promise<void> {
    this.checkOpen();
    if (!Number.isInteger(n) || n < 0) throw new UserError(`step count must be a non-negative integer, got ${n}`);
    if (n > 0) await this.sched.wait(n);
    this.throwIfFailed();
  }

  /** Waits one edge; `await sim.tick().until(cond)` waits until a condition holds. */
  tick(): Tick {
    const once = (): Promise<void> => this.step(1);
    return {
      then: (ok, err) => once().then(ok, err),
      until: async (cond, opts = {}) => {
        const max = opts.max ?? 1_000_000;
        for (let i = 1; i <= max; i++) {
          await this.step(1);
          if (await cond()) return this.cycle;
        }
        throw new SimulationLimit(
          `waited ${max} cycles${opts.what ? ` for ${opts.what}` : ''} without the condition becoming true (now at cycle ${this.cycle})`,
        );
      },
    };
  }

  /**
   * Runs edge by edge until `cond` holds after an edge (at once if it holds now) and returns the edges
   * run. The condition is evaluated inside the back end, so an external simulator runs free without a
   * round trip per cycle (with forked processes alive or traced signals, it goes edge by edge).
   */
  async runUntil(cond: RunUntilCondition, opts: RunUntilOptions = {}): Promise<number> {
    this.checkOpen();
    const bc = this.condition(cond);
    const max = opts.max ?? this.maxCycles - this.cycle;
    const start = this.cycle;
    const limit = (): never => {
      throw new SimulationLimit(
        `waited ${max} cycles${opts.what ? ` for ${opts.what}` : ''} without the condition becoming true (now at cycle ${this.cycle})`,
      );
    };
    if (this.sched.liveForks() > 0 || this.traced.length > 0) {
      for (;;) {
        if ((await this.backend.runUntil(bc, 0)).met) return this.cycle - start;
        if (this.cycle - start >= max) limit();
        await this.step(1);
      }
    }
    const line = this.settings.progress === false ? undefined : new ProgressLine(this.settings.progress);
    let chunk = 20_000;
    try {
      for (;;) {
        const k = Math.min(chunk, max - (this.cycle - start));
        if (this.cycle + k > this.maxCycles)
          throw new SimulationLimit(
            `stopped at cycle ${this.cycle}: running on would pass maxCycles = ${this.maxCycles}`,
          );
        const t = performance.now();
        const r = await this.backend.runUntil(bc, k);
        this.cycle += r.cycles;
        if (r.met) break;
        if (this.cycle - start >= max) limit();
        // Chunks of about half a second keep the status line fresh at any simulation speed.
        const ms = performance.now() - t;
        chunk = Math.max(1000, Math.min(50_000_000, Math.round((k * 500) / Math.max(ms, 1))));
        if (line && line.elapsed() > 2) line.update(this.runStatus(this.cycle - start, line.elapsed(), opts));
      }
    } finally {
      line?.finish();
    }
    this.throwIfFailed();
    return this.cycle - start;
  }

  private runStatus(done: number, seconds: number, opts: RunUntilOptions): string {
    const rate = done / Math.max(seconds, 1e-9);
    const head = `${this.backend.name}: ${opts.what ?? 'running'}: ${done.toLocaleString('en')} cycles, ${Math.round(rate).toLocaleString('en')} cycles/s`;
    if (!opts.expectCycles) return `${head}, ${formatSeconds(seconds)}`;
    const pct = Math.min(100, (100 * done) / opts.expectCycles);
    const left = Math.max(0, opts.expectCycles - done) / Math.max(rate, 1e-9);
    return `${head}, ${pct.toFixed(0)}% of ~${opts.expectCycles.toLocaleString('en')}, ${formatSeconds(left)} left`;
  }

  private condition(cond: RunUntilCondition): BackendCondition {
    if ('agentsIdle' in cond) return { kind: 'agentsIdle' };
    const ref = this.ref(cond.signal);
    return { kind: 'signal', ref, value: BigInt.asUintN(ref.width, toBig(cond.equals)) };
  }

  /** A host-side agent compiled into this simulator (`agents` of simulate()), or undefined. */
  nativeAgent(name: string): NativeAgentHandle | undefined {
    const index = this.backend.agentIndex(name);
    if (index === undefined) return undefined;
    const b = this.backend;
    return {
      name,
      send: (op, args) => {
        this.checkOpen();
        b.agentSend(index, op, args);
      },
      call: (op, args, n) => {
        this.checkOpen();
        return b.agentCall(index, op, args, n);
      },
    };
  }

  /** Runs `fn` as a concurrent process; await the result to join it. */
  fork(fn: () => Promise<void>): Promise<void> {
    this.checkOpen();
    return this.sched.fork(fn);
  }

  /** Holds the reset port active for `cycles` edges, then releases it. */
  async reset(cycles = 1, activeLow = false): Promise<void> {
    const name = this.settings.reset ?? 'rst';
    this.poke(name, activeLow ? 0 : 1);
    await this.step(cycles);
    this.poke(name, activeLow ? 1 : 0);
  }

  private advance(n: number): void {
    if (this.cycle + n > this.maxCycles) {
      throw new SimulationLimit(
        `stopped at cycle ${this.cycle}: running ${n} more would pass maxCycles = ${this.maxCycles}`,
      );
    }
    if (this.traced.length === 0) {
      this.backend.step(n);
      this.cycle += n;
      return;
    }
    for (let i = 0; i < n; i++) {
      this.sample();
      this.backend.step(1);
      this.cycle++;
    }
  }

  private sample(): void {
    const c = this.cycle;
    for (const r of this.traced) {
      const h = this.history.get(r.name)!;
      this.track(
        this.backend.peek(r).then((v) => {
          h[c] = v;
        }),
      );
    }
  }

  /** ASCII waveform of the traced signals (or the given ones, if traced) between two cycles. */
  async waves(opts: { from?: number; to?: number; signals?: string[] } = {}): Promise<string> {
    await this.flush();
    return this.renderHistory(opts.from ?? 0, opts.to ?? this.cycle, undefined, opts.signals);
  }

  private renderHistory(from: number, to: number, mark: number | undefined, names?: string[]): string {
    const chosen = names ? this.traced.filter((t) => names.includes(t.name)) : this.traced;
    const traces: WaveTrace[] = chosen.map((r) => ({
      name: r.name,
      width: r.width,
      values: this.history.get(r.name)!.slice(from, to),
    }));
    return renderAscii(traces, { first: from, mark });
  }

  /** Backdoor: writes words into a memory (e.g. preload TT cores), effective immediately. */
  loadMemory(name: string, values: readonly Value[], offset = 0): void {
    this.checkOpen();
    const m = this.memRef(name);
    this.backend.writeMemory(
      m,
      offset,
      values.map((v) => BigInt.asUintN(m.width, toBig(v))),
    );
  }

  /** Backdoor: reads words of a memory (e.g. gradients). */
  async dumpMemory(name: string, count?: number, offset = 0): Promise<bigint[]> {
    this.checkOpen();
    const m = this.memRef(name);
    return this.backend.readMemory(m, offset, count ?? m.depth - offset);
  }

  private memRef(name: string): MemoryRef {
    return this.backend.memory(name);
  }

  /**
   * Vector mode: the whole stimulus goes to the simulator at once. For each cycle the inputs are
   * applied, the clock rises once, then the outputs are sampled.
   */
  async vectors(stimulus: Stimulus, opts: VectorOptions = {}): Promise<VectorResult> {
    this.checkOpen();
    if (this.sched.liveForks() > 0) throw new UserError('vectors() cannot run while forked processes are alive');
    const cols: VectorColumn[] = Object.entries(stimulus).map(([name, values]) => {
      const ref = this.ref(name);
      if (ref.kind !== 'input') throw new UserError(`vector stimulus '${name}' is not an input port`);
      return { ref, values };
    });
    const lengths = new Set(cols.map((c) => c.values.length));
    if (lengths.size > 1) throw new UserError(`vector stimulus columns differ in length: ${[...lengths].join(', ')}`);
    const cycles = cols[0]?.values.length ?? 0;
    if (this.cycle + cycles > this.maxCycles)
      throw new SimulationLimit(
        `a vector run of ${cycles} cycles from cycle ${this.cycle} would pass maxCycles = ${this.maxCycles}`,
      );
    const outNames = opts.outputs ?? this.backend.signalNames().filter((n) => this.ref(n).kind === 'output');
    const outs = outNames.map((n) => this.ref(n));
    const start = this.cycle;
    const raw = await this.backend.vectors(cols, outs, cycles);
    this.cycle += cycles;
    const byName = new Map(outs.map((o, i) => [o.name, { ref: o, data: raw[i]! }]));
    const result: VectorResult = {
      cycles,
      raw: (name) => {
        const e = byName.get(name);
        if (!e) throw new UserError(`'${name}' was not sampled`);
        return e.data;
      },
      get: (name) => {
        const e = byName.get(name);
        if (!e) throw new UserError(`'${name}' was not sampled`);
        const k = wordsFor(e.ref.width);
        return Array.from({ length: cycles }, (_, c) => getWords(e.data, c * k, e.ref.width));
      },
    };
    for (const [name, want] of Object.entries(opts.expect ?? {})) {
      const got = result.get(name);
      const r = this.ref(name);
      for (let c = 0; c < Math.min(want.length, got.length); c++) {
        const w = BigInt.asUintN(r.width, BigInt(want[c]!));
        if (got[c] !== w) {
          this.fail({
            cycle: start + c,
            signal: name,
            width: r.width,
            expected: w,
            actual: got[c]!,
            float: this.floats.has(r.name),
            message: `vector ${c}`,
          });
          break;
        }
      }
    }
    this.throwIfFailed();
    return result;
  }

  /** Waits for every queued command and check. */
  async flush(): Promise<void> {
    await this.backend.flush();
    await Promise.allSettled(this.pending.splice(0));
    this.throwIfFailed();
  }

  /** Flushes, reports any failure and stops the simulator (writes the VCD file). */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.sched.endMain();
      await this.backend.close();
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new UserError('the simulation is closed');
  }
}
