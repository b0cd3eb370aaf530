// A command/answer pipe to a simulator process: commands are queued and sent in batches; answers
// arrive in order on stdout (a fixed number of bytes or of text lines each). If the process dies, every
// waiting answer fails with its exit status and the end of its stderr.
import { appendFileSync, writeFileSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
import { UserError } from '../../dsl/diagnostics.js';

type Want = { kind: 'bytes'; n: number } | { kind: 'lines'; n: number };
interface Pending {
  want: Want;
  resolve(b: Buffer): void;
  reject(e: Error): void;
}

export class SimChannel {
  private readonly proc: ResultPromise;
  private out: Buffer[] = [];
  private outBytes = 0;
  private inBuf: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private stderrTail = '';
  private dead: Error | undefined;
  private readonly exited: Promise<void>;
  /** TTFORGE_SIM_RECORD=FILE: every command byte sent is also written to FILE, to replay into the process alone. */
  private readonly record = process.env.TTFORGE_SIM_RECORD;

  /** Text answers: lines matching `noise` (simulator chatter such as "VCD info: ...") are skipped. */
  constructor(
    file: string,
    args: string[],
    private readonly label: string,
    cwd?: string,
    private readonly noise?: RegExp,
  ) {
    this.proc = execa(file, args, {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      ...(cwd ? { cwd } : {}),
    });
    if (this.record) writeFileSync(this.record, '');
    this.proc.stdout!.on('data', (b: Buffer) => this.onData(b));
    this.proc.stderr!.on('data', (b: Buffer) => {
      if (process.env.TTFORGE_SIM_DEBUG) process.stderr.write(`!! ${this.label}: ${b.toString()}`);
      this.stderrTail = (this.stderrTail + b.toString()).slice(-4000);
    });
    this.proc.stdin!.on('error', () => undefined);
    // The 'exit' event, not the execa promise: that one also waits for stdin, which a dead process
    // never drains.
    this.exited = new Promise<void>((resolve) => {
      this.proc.on('exit', (code, signal) => {
        if (process.env.TTFORGE_SIM_DEBUG) process.stderr.write(`!! ${this.label}: exit ${code} ${signal}\n`);
        // Let stdout deliver its last answers first.
        setImmediate(() => {
          if (!this.dead)
            this.die(
              new UserError(
                `${this.label} exited (${code ?? signal ?? 'unknown'})${this.stderrTail ? `:\n${this.stderrTail.trim()}` : ''}`,
              ),
            );
          resolve();
        });
      });
    });
    this.proc.on('error', (e: Error) => {
      if (!this.dead) this.die(new UserError(`${this.label}: ${e.message}`));
    });
    this.proc.catch(() => undefined);
  }

  private die(e: Error): void {
    this.dead = e;
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  /** Queues raw command bytes. */
  send(b: Buffer): void {
    if (this.dead) throw this.dead;
    this.out.push(b);
    this.outBytes += b.length;
    if (this.outBytes > 1 << 22) this.push();
  }

  /** Queues a command that expects an answer; the promise resolves with the answer bytes. */
  request(b: Buffer, want: Want): Promise<Buffer> {
    if (this.dead) return Promise.reject(this.dead);
    this.send(b);
    this.schedulePush();
    return new Promise<Buffer>((resolve, reject) => this.pending.push({ want, resolve, reject }));
  }

  private pushScheduled = false;
  /** Sends the batch once the caller really waits (after the current run of promise jobs). */
  private schedulePush(): void {
    if (this.pushScheduled) return;
    this.pushScheduled = true;
    setImmediate(() => {
      this.pushScheduled = false;
      this.push();
    });
  }

  /** Sends everything queued so far. */
  push(): void {
    if (!this.outBytes || this.dead) return;
    const all = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out, this.outBytes);
    this.out = [];
    this.outBytes = 0;
    if (process.env.TTFORGE_SIM_DEBUG)
      process.stderr.write(
        `>> ${this.label}: ${all.length} bytes ${JSON.stringify(all.subarray(0, process.env.TTFORGE_SIM_DEBUG === 'full' ? all.length : 200).toString('latin1'))}\n`,
      );
    if (this.record) appendFileSync(this.record, all);
    this.proc.stdin!.write(all);
  }

  get waiting(): number {
    return this.pending.length;
  }

  /** Received bytes not yet consumed, kept as chunks so a large answer is copied once. */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;

  private onData(b: Buffer): void {
    if (process.env.TTFORGE_SIM_DEBUG)
      process.stderr.write(`<< ${this.label}: ${JSON.stringify(b.subarray(0, 200).toString('latin1'))}\n`);
    this.chunks.push(b);
    this.chunkBytes += b.length;
    while (this.pending.length) {
      const p = this.pending[0]!;
      if (p.want.kind === 'bytes' && this.chunkBytes < p.want.n) return;
      if (this.chunks.length > 1) {
        this.inBuf = Buffer.concat(this.chunks, this.chunkBytes);
        this.chunks = [this.inBuf];
      } else this.inBuf = this.chunks[0] ?? Buffer.alloc(0);
      let take: number;
      if (p.want.kind === 'bytes') {
        take = p.want.n;
      } else {
        if (this.noise) this.dropNoise();
        let at = 0;
        let complete = true;
        for (let i = 0; i < p.want.n; i++) {
          const nl = this.inBuf.indexOf(10, at);
          if (nl < 0) {
            complete = false;
            break;
          }
          at = nl + 1;
        }
        if (!complete) {
          this.chunks = [this.inBuf];
          this.chunkBytes = this.inBuf.length;
          return;
        }
        take = at;
      }
      const answer = this.inBuf.subarray(0, take);
      this.inBuf = this.inBuf.subarray(take);
      this.chunks = this.inBuf.length ? [this.inBuf] : [];
      this.chunkBytes = this.inBuf.length;
      this.pending.shift();
      p.resolve(answer);
    }
  }

  private dropNoise(): void {
    for (;;) {
      const nl = this.inBuf.indexOf(10);
      if (nl < 0 || !this.noise!.test(this.inBuf.subarray(0, nl).toString())) return;
      this.inBuf = this.inBuf.subarray(nl + 1);
    }
  }

  /** Closes stdin and waits for the process to end. */
  async close(): Promise<void> {
    this.push();
    this.proc.stdin!.end();
    await this.exited;
  }

  kill(): void {
    this.proc.kill();
  }
}
