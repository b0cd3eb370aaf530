// Deterministic scheduling of testbench processes. Time advances only when every live process waits
// for a clock edge; then the processes due at that edge resume one at a time, in fork order, each
// running until it waits again (or ends). AsyncLocalStorage tells which process is calling.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Proc {
  readonly id: number;
  state: 'running' | 'waiting' | 'joining' | 'done';
  /** Cycle at which a waiting process resumes. */
  until: number;
  wake: (() => void) | undefined;
  /** Resolved each time the process stops running (waits, joins or ends). */
  yielded: (() => void) | undefined;
  joiners: Proc[];
  error: unknown;
}

export class Scheduler {
  private readonly procs: Proc[] = [];
  private readonly als = new AsyncLocalStorage<Proc>();
  private driving = false;
  readonly main: Proc;
  /** Set by the first failing process; rethrown to every later caller. */
  failure: unknown;

  constructor(
    private readonly advance: (cycles: number) => void,
    private readonly now: () => number,
  ) {
    this.main = this.newProc();
  }

  private newProc(): Proc {
    const p: Proc = {
      id: this.procs.length,
      state: 'running',
      until: 0,
      wake: undefined,
      yielded: undefined,
      joiners: [],
      error: undefined,
    };
    this.procs.push(p);
    return p;
  }

  current(): Proc {
    return this.als.getStore() ?? this.main;
  }

  /** Number of processes other than `main` that have not ended. */
  liveForks(): number {
    return this.procs.filter((p) => p !== this.main && p.state !== 'done').length;
  }

  /** Suspends the calling process for `n` edges. */
  wait(n: number): Promise<void> {
    const p = this.current();
    p.state = 'waiting';
    p.until = this.now() + n;
    const resumed = new Promise<void>((resolve) => {
      p.wake = resolve;
    });
    this.stopped(p);
    return resumed;
  }

  fork(fn: () => Promise<void>): Promise<void> {
    const p = this.newProc();
    const done = this.als.run(p, async () => {
      try {
        await fn();
      } catch (e) {
        p.error = e;
        this.failure ??= e;
      } finally {
        p.state = 'done';
        for (const j of p.joiners) {
          j.state = 'running';
          j.wake?.();
        }
        p.joiners = [];
        this.stopped(p);
      }
      if (p.error !== undefined) throw p.error;
    });
    done.catch(() => undefined); // reported through `failure`; awaiting the fork still rejects
    return this.joinable(p, done);
  }

  /** A promise that, when awaited by another process, marks it as blocked on this one. */
  private joinable(p: Proc, done: Promise<void>): Promise<void> {
    const sched = this;
    return {
      then(onOk, onErr) {
        const waiter = sched.current();
        if (p.state !== 'done' && waiter !== p) {
          waiter.state = 'joining';
          p.joiners.push(waiter);
          sched.stopped(waiter);
        }
        return done.then(onOk, onErr);
      },
      catch(onErr) {
        return done.catch(onErr);
      },
      finally(f) {
        return done.finally(f);
      },
      [Symbol.toStringTag]: 'Promise',
    } as Promise<void>;
  }

  private stopped(p: Proc): void {
    const y = p.yielded;
    p.yielded = undefined;
    if (y) y();
    else void this.drive();
  }

  /** Main process finished: let the forks run to completion is the caller's business. */
  endMain(): void {
    this.main.state = 'done';
  }

  private async drive(): Promise<void> {
    if (this.driving) return;
    this.driving = true;
    try {
      for (;;) {
        const live = this.procs.filter((p) => p.state !== 'done');
        if (live.length === 0 || live.some((p) => p.state === 'running')) return;
        const waiting = live.filter((p) => p.state === 'waiting');
        if (waiting.length === 0) return; // all joining: a deadlock the caller sees as a hang
        const target = Math.min(...waiting.map((p) => p.until));
        const n = target - this.now();
        if (n > 0) {
          try {
            this.advance(n);
          } catch (e) {
            this.failure ??= e;
            for (const p of waiting) {
              p.state = 'running';
              p.wake?.();
            }
            return;
          }
        }
        for (const p of waiting) {
          if (p.until !== target || p.state !== 'waiting') continue;
          p.state = 'running';
          const stoppedAgain = new Promise<void>((resolve) => {
            p.yielded = resolve;
          });
          p.wake?.();
          await stoppedAgain;
        }
      }
    } finally {
      this.driving = false;
    }
  }
}
