// Shared driver of an external simulator process (Verilator harness or Icarus testbench): name
// lookup against the flattened IR, queued commands, batched round trips.
import { UserError } from '../../dsl/diagnostics.js';
import type { Backend, BackendCondition, BackendName, MemoryRef, SignalRef, VectorColumn } from '../backend.js';
import { putWords, wordsFor } from '../bits.js';
import type { FlatDesign } from '../flatten.js';
import { resolveMemory, resolveSignal } from '../resolve-names.js';
import { checkRange } from '../builtin/builtin-backend.js';
import type { SimChannel } from './channel.js';
import type { Codec } from './codec.js';
import { Op, RunCondition, valueWords, words } from './protocol.js';

export interface InternalResolver {
  /** Harness index of an internal signal; may queue a registration whose answer says if it exists. */
  signal(ref: SignalRef, verilogName: string): { index: number; check?: Promise<boolean> };
  memory(ref: MemoryRef, verilogName: string): { index: number; check?: Promise<boolean> };
}

export class ExternalBackend implements Backend {
  private readonly sigCache = new Map<string, SignalRef>();
  private readonly memCache = new Map<string, MemoryRef>();
  private problem: Error | undefined;
  private readonly checks: Promise<unknown>[] = [];

  constructor(
    readonly name: BackendName,
    readonly flat: FlatDesign,
    private readonly channel: SimChannel,
    private readonly codec: Codec,
    private readonly internals: InternalResolver,
    private readonly pathOf: (hierName: string) => string,
    private readonly binaryVectors: boolean,
    /** Native agents compiled into the simulator, by harness index (binary protocol only). */
    private readonly agents: readonly string[] = [],
  ) {}

  signal(name: string): SignalRef {
    const hit = this.sigCache.get(name);
    if (hit) return hit;
    const base = resolveSignal(this.flat, name, { namedOnly: true });
    let ref: SignalRef;
    if (base.kind !== 'internal') {
      ref = { ...base, id: this.flat.ports.findIndex((p) => p.name === name) };
    } else {
      // Prefer the net's deepest name that is a real Verilog declaration: any alias works.
      const r = this.internals.signal(base, this.pathOf(name));
      ref = { ...base, id: r.index };
      if (r.check)
        this.watch(
          r.check,
          `signal '${name}' is not visible in the ${this.name} model (looked for ${this.pathOf(name)})`,
        );
    }
    this.sigCache.set(name, ref);
    return ref;
  }

  memory(name: string): MemoryRef {
    const hit = this.memCache.get(name);
    if (hit) return hit;
    const base = resolveMemory(this.flat, name);
    const r = this.internals.memory(base, this.pathOf(name));
    if (r.check)
      this.watch(
        r.check,
        `memory '${name}' is not visible in the ${this.name} model (looked for ${this.pathOf(name)})`,
      );
    const ref = { ...base, id: r.index };
    this.memCache.set(name, ref);
    return ref;
  }

  private watch(p: Promise<boolean>, message: string): void {
    const q = p.then(
      (ok) => {
        if (!ok) this.problem ??= new UserError(message);
      },
      (e: unknown) => {
        this.problem ??= e as Error;
      },
    );
    this.checks.push(q);
  }

  signalNames(): string[] {
    return this.flat.ports.map((p) => p.name);
  }

  poke(ref: SignalRef, value: bigint): void {
    if (ref.kind !== 'input') throw new UserError(`cannot poke '${ref.name}': only input ports can be driven`);
    this.channel.send(this.codec.poke(ref.id, value, ref.width));
  }

  step(n: number): void {
    // Chunks keep the count in 32 bits.
    while (n > 0) {
      const k = Math.min(n, 0x7fffffff);
      this.channel.send(this.codec.step(k));
      n -= k;
    }
  }

  async peek(ref: SignalRef): Promise<bigint> {
    const [cmd, want] = this.codec.peek(ref.id, ref.width);
    const b = await this.channel.request(cmd, want);
    return this.codec.decodeValue(b, ref.width);
  }

  writeMemory(mem: MemoryRef, offset: number, values: readonly bigint[]): void {
    checkRange(mem, offset, values.length);
    for (let i = 0; i < values.length; i += 4096)
      this.channel.send(this.codec.memWrite(mem.id, offset + i, values.slice(i, i + 4096), mem.width));
  }

  async readMemory(mem: MemoryRef, offset: number, count: number): Promise<bigint[]> {
    checkRange(mem, offset, count);
    const [cmd, want] = this.codec.memRead(mem.id, offset, count, mem.width);
    const b = await this.channel.request(cmd, want);
    this.channel.push();
    return this.codec.decodeWords(b, count, mem.width);
  }

  async vectors(
    inputs: readonly VectorColumn[],
    outputs: readonly SignalRef[],
    cycles: number,
  ): Promise<Uint32Array[]> {
    const res = outputs.map((o) => new Uint32Array(cycles * wordsFor(o.width)));
    if (!this.binaryVectors) return this.textVectors(inputs, outputs, cycles, res);
    const inW = inputs.map((c) => wordsFor(c.ref.width));
    const outW = outputs.map((o) => wordsFor(o.width));
    const perIn = inW.reduce((a, b) => a + b, 0);
    const perOut = outW.reduce((a, b) => a + b, 0);
    const chunk = 1 << 16;
    const replies: Promise<Buffer>[] = [];
    for (let c0 = 0; c0 < cycles; c0 += chunk) {
      const n = Math.min(chunk, cycles - c0);
      const head = words(
        Op.vectors,
        n,
        inputs.length,
        outputs.length,
        ...inputs.map((c) => c.ref.id),
        ...outputs.map((o) => o.id),
      );
      const body = new Uint32Array(n * perIn);
      let at = 0;
      if (
        inW.every((w) => w === 1) &&
        inputs.every((col) => !(Array.isArray(col.values) && typeof col.values[0] === 'bigint'))
      ) {
        // Fast path: every input fits one word and is given as numbers.
        for (let k = 0; k < inputs.length; k++) {
          const vals = inputs[k]!.values as ArrayLike<number>;
          for (let c = 0, o = k; c < n; c++, o += perIn) body[o] = vals[c0 + c]!;
        }
        at = n * perIn;
      }
      for (let c = at ? n : 0; c < n; c++) {
        for (let k = 0; k < inputs.length; k++) {
          const col = inputs[k]!;
          const v = col.values[c0 + c]!;
          if (inW[k] === 1 && typeof v === 'number') body[at] = v;
          else putWords(body, at, BigInt(v), col.ref.width);
          at += inW[k]!;
        }
      }
      const bodyBuf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      this.channel.send(head);
      replies.push(this.channel.request(bodyBuf, { kind: 'bytes', n: 4 * n * perOut }));
      this.channel.push();
    }
    let c0 = 0;
    for (const p of replies) {
      const b = await p;
      const n = b.length / 4 / Math.max(1, perOut);
      const view =
        b.byteOffset % 4 === 0
          ? new Uint32Array(b.buffer, b.byteOffset, b.length / 4)
          : new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
      let at = 0;
      if (outW.every((w) => w === 1)) {
        for (let k = 0; k < outputs.length; k++) {
          const dst = res[k]!;
          for (let c = 0, o = k; c < n; c++, o += perOut) dst[c0 + c] = view[o]!;
        }
        c0 += n;
        continue;
      }
      for (let c = 0; c < n; c++) {
        for (let k = 0; k < outputs.length; k++) {
          const w = outW[k]!;
          for (let j = 0; j < w; j++) res[k]![(c0 + c) * w + j] = view[at + j]!;
          at += w;
        }
      }
      c0 += n;
    }
    return res;
  }

  /** Icarus: "6 nin nout cycles", the signal numbers, then the input values; a line of outputs per cycle. */
  private async textVectors(
    inputs: readonly VectorColumn[],
    outputs: readonly SignalRef[],
    cycles: number,
    res: Uint32Array[],
  ): Promise<Uint32Array[]> {
    const chunk = 2048;
    const replies: Promise<Buffer>[] = [];
    for (let c0 = 0; c0 < cycles; c0 += chunk) {
      const n = Math.min(chunk, cycles - c0);
      const parts: string[] = [
        `6 ${inputs.length} ${outputs.length} ${n.toString(16)}\n${inputs.map((c) => c.ref.id).join(' ')}\n${outputs.map((o) => o.id).join(' ')}\n`,
      ];
      for (let c = c0; c < c0 + n; c++) {
        parts.push(
          inputs.map((col) => BigInt.asUintN(col.ref.width, BigInt(col.values[c]!)).toString(16)).join(' '),
          '\n',
        );
      }
      replies.push(this.channel.request(Buffer.from(parts.join('')), { kind: 'lines', n }));
      this.channel.push();
    }
    let c0 = 0;
    for (const p of replies) {
      const lines = (await p).toString().split('\n');
      for (let c = 0; c < lines.length - 1; c++) {
        const vals = lines[c]!.trim().split(/\s+/);
        outputs.forEach((o, k) =>
          putWords(
            res[k]!,
            (c0 + c) * wordsFor(o.width),
            this.codec.decodeValue(Buffer.from(vals[k] ?? '0'), o.width),
            o.width,
          ),
        );
      }
      c0 += lines.length - 1;
    }
    return res;
  }

  async runUntil(cond: BackendCondition, max: number): Promise<{ cycles: number; met: boolean }> {
    if (cond.kind === 'agentsIdle' && this.agents.length === 0) return { cycles: 0, met: true };
    if (!this.binaryVectors) {
      // Text protocol: no run command; one round trip per edge (the Icarus testbench is slow anyway).
      if (cond.kind !== 'signal') throw new Error(`${this.name}: no native agents`);
      for (let n = 0; n < max; n++) {
        if ((await this.peek(cond.ref)) === cond.value) return { cycles: n, met: true };
        this.step(1);
      }
      return { cycles: max, met: (await this.peek(cond.ref)) === cond.value };
    }
    let done = 0;
    // The count travels in 32 bits: long waits go in chunks.
    for (;;) {
      const k = Math.min(max - done, 0x7fffffff);
      const cmd =
        cond.kind === 'agentsIdle'
          ? words(Op.runUntil, k, RunCondition.agentsIdle, 0)
          : Buffer.concat([
              words(Op.runUntil, k, RunCondition.signalEquals, cond.ref.id),
              valueWords(cond.value, cond.ref.width),
            ]);
      const b = await this.channel.request(cmd, { kind: 'bytes', n: 8 });
      this.channel.push();
      done += b.readUInt32LE(0);
      const met = b.readUInt32LE(4) === 1;
      if (met || done >= max) return { cycles: done, met };
    }
  }

  agentIndex(name: string): number | undefined {
    const i = this.agents.indexOf(name);
    return i >= 0 ? i : undefined;
  }

  private agentCommand(index: number, op: number, args: ArrayLike<number>, answerWords: number): Buffer {
    if (index < 0 || index >= this.agents.length) throw new Error(`${this.name}: no native agent ${index}`);
    const head = words(Op.agentCall, index, op, args.length, answerWords);
    const body = Buffer.alloc(4 * args.length);
    for (let i = 0; i < args.length; i++) body.writeUInt32LE(args[i]! >>> 0, 4 * i);
    return Buffer.concat([head, body]);
  }

  agentSend(index: number, op: number, args: ArrayLike<number>): void {
    this.channel.send(this.agentCommand(index, op, args, 0));
  }

  async agentCall(index: number, op: number, args: ArrayLike<number>, answerWords: number): Promise<Uint32Array> {
    const b = await this.channel.request(this.agentCommand(index, op, args, answerWords), {
      kind: 'bytes',
      n: 4 * answerWords,
    });
    this.channel.push();
    const out = new Uint32Array(answerWords);
    for (let i = 0; i < answerWords; i++) out[i] = b.readUInt32LE(4 * i);
    return out;
  }

  async flush(): Promise<void> {
    const [cmd, want] = this.codec.sync();
    const p = this.channel.request(cmd, want);
    this.channel.push();
    const b = await p;
    if (!this.codec.checkSync(b))
      throw new Error(`${this.name}: protocol out of step (sync answer ${b.toString('hex')})`);
    await Promise.all(this.checks.splice(0));
    if (this.problem) throw this.problem;
  }

  async close(): Promise<void> {
    try {
      this.channel.send(this.codec.quit());
      await this.channel.close();
    } catch (e) {
      this.channel.kill();
      throw e;
    }
  }
}
