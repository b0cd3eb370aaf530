// A status line for long builds and runs: on a terminal redrawn in place a few times a second; when not
// on a terminal (CI logs, pipes) quiet except one line a minute, so logs stay short.
export interface ProgressSink {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(s: string): unknown;
}

export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;
  private readonly t0 = Date.now();

  constructor(
    private readonly out: ProgressSink = process.stderr,
    private readonly now: () => number = Date.now,
    /** Milliseconds between lines when not on a terminal. */
    private readonly quietEvery = 60_000,
  ) {
    this.lastDraw = this.now();
  }

  /** Seconds since the line was created. */
  elapsed(): number {
    return (this.now() - this.t0) / 1000;
  }

  /** Shows `text` if enough time has passed since the last line (always when `force`). */
  update(text: string, force = false): void {
    const t = this.now();
    if (this.out.isTTY) {
      if (!force && t - this.lastDraw < 250) return;
      this.out.write(`\r\x1b[2K${text.slice(0, (this.out.columns ?? 120) - 1)}`);
      this.drawn = true;
    } else {
      if (!force && t - this.lastDraw < this.quietEvery) return;
      this.out.write(`${text}\n`);
    }
    this.lastDraw = t;
  }

  /** Ends the line on a terminal (the next output starts on a fresh line). */
  finish(): void {
    if (this.out.isTTY && this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** '1 m 05 s' style durations for status lines. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)} s`;
  const m = Math.floor(s / 60);
  return `${m} m ${String(Math.round(s - 60 * m)).padStart(2, '0')} s`;
}
