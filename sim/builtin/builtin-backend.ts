// The built-in back end: the design flattened and compiled to JavaScript (compile.ts), driven in
// process. Two-state: every register without an init value starts at 0.
import type { Design } from '../../dsl/ir/netlist.js';
import { UserError } from '../../dsl/diagnostics.js';
import type { Backend, BackendCondition, MemoryRef, SignalRef, VectorColumn } from '../backend.js';
import { getWords, putWords, wordsFor } from '../bits.js';
import { flattenDesign, type FlatDesign } from '../flatten.js';
import { defaultClock, resolveMemory, resolveSignal } from '../resolve-names.js';
import { VcdWriter } from '../waves/vcd-writer.js';
import { compileModel, type CompiledModel } from './compile.js';

export interface BuiltinOptions {
  vcd?: string | undefined;
}

export class BuiltinBackend implements Backend {
  readonly name = 'builtin' as const;
  readonly flat: FlatDesign;
  readonly model: CompiledModel;
  private dirty = true;
  private readonly clockNet: number | undefined;
  private readonly defaultEdge: (() => void) | undefined;
  /** Last seen value of each clock group's clock, to find rising edges of poked clocks. */
  private readonly clockLevel: number[];
  private readonly vcd: VcdWriter | undefined;
  private readonly vcdNets: number[] = [];
  private time = 0;

  constructor(design: Design, opts: BuiltinOptions = {}) {
    this.flat = flattenDesign(design);
    this.model = compileModel(this.flat);
    this.model.powerOn();
    this.clockNet = defaultClock(this.flat);
    const gi = this.model.groups.findIndex((g) => g.clock === this.clockNet);
    this.defaultEdge = gi >= 0 ? this.model.edges[gi] : undefined;
    this.clockLevel = this.model.groups.map(() => 0);
    if (opts.vcd) {
      const nets = this.flat.nets.filter((n) => n.userNamed && n.constValue === undefined);
      this.vcdNets = nets.map((n) => n.id);
      this.vcd = new VcdWriter(
        opts.vcd,
        nets.map((n) => ({ names: n.names, width: n.width })),
        this.flat.topName,
      );
    }
  }

  signal(name: string): SignalRef {
    return resolveSignal(this.flat, name, { namedOnly: false });
  }
  memory(name: string): MemoryRef {
    return resolveMemory(this.flat, name);
  }
  signalNames(): string[] {
    return this.flat.nets.filter((n) => n.userNamed).flatMap((n) => n.names);
  }

  private read(id: number): bigint {
    return this.flat.nets[id]!.width <= 32 ? BigInt(this.model.u[id]!) : this.model.w[id]!;
  }
  /** Stores an input's value; false when it already held it (nothing needs to settle again). */
  private write(id: number, v: bigint): boolean {
    const width = this.flat.nets[id]!.width;
    if (width <= 32) {
      const n = Number(BigInt.asUintN(width, v));
      if (this.model.u[id] === n) return false;
      this.model.u[id] = n;
    } else {
      const b = BigInt.asUintN(width, v);
      if (this.model.w[id] === b) return false;
      this.model.w[id] = b;
    }
    return true;
  }
  private settle(): void {
    if (this.dirty) {
      this.model.settle();
      this.dirty = false;
    }
  }
  private dump(): void {
    if (!this.vcd) return;
    this.settle();
    this.vcd.sample(this.time, (i) => this.read(this.vcdNets[i]!));
  }

  poke(ref: SignalRef, value: bigint): void {
    if (ref.kind !== 'input') throw new UserError(`cannot poke '${ref.name}': only input ports can be driven`);
    // Test benches re-drive most inputs with the value they already hold: settling the whole netlist
    // again for those was most of a cycle's time.
    if (this.write(ref.id, value)) this.dirty = true;
    // A poked clock other than the default one: a rising edge runs its domains.
    const gi = this.model.groups.findIndex((g) => g.clock === ref.id);
    if (gi >= 0 && ref.id !== this.clockNet) {
      const level = Number(value & 1n);
      if (level === 1 && this.clockLevel[gi] === 0) {
        this.settle();
        this.model.edges[gi]!();
        this.dirty = true;
      }
      this.clockLevel[gi] = level;
    }
  }

  step(n: number): void {
    const edge = this.defaultEdge;
    const clk = this.clockNet;
    const m = this.model;
    if (this.vcd || !edge) {
      for (let i = 0; i < n; i++) this.stepOne();
      return;
    }
    this.settle();
    for (let i = 0; i < n; i++) {
      if (i > 0) m.settle();
      edge();
    }
    if (clk !== undefined) m.u[clk] = 1;
    // The last edge's settle waits for the next read or edge: a bench pokes its inputs in between.
    this.dirty = true;
  }

  private stepOne(): void {
    const clk = this.clockNet;
    if (clk !== undefined) {
      this.model.u[clk] = 0;
      this.dirty = true;
    }
    this.dump();
    this.time += 5;
    this.settle();
    this.defaultEdge?.();
    if (clk !== undefined) this.model.u[clk] = 1;
    this.dirty = true;
    this.dump();
    this.time += 5;
  }

  peek(ref: SignalRef): Promise<bigint> {
    this.settle();
    return Promise.resolve(this.read(ref.id));
  }

  /** Synchronous peek for in-process users (the fuzzer, the bench). */
  peekNow(ref: SignalRef): bigint {
    this.settle();
    return this.read(ref.id);
  }

  writeMemory(mem: MemoryRef, offset: number, values: readonly bigint[]): void {
    checkRange(mem, offset, values.length);
    const store = this.model.mems[mem.id]!;
    for (let i = 0; i < values.length; i++) {
      const v = BigInt.asUintN(mem.width, values[i]!);
      if (store instanceof Uint32Array) store[offset + i] = Number(v);
      else store[offset + i] = v;
    }
    this.dirty = true;
  }

  readMemory(mem: MemoryRef, offset: number, count: number): Promise<bigint[]> {
    checkRange(mem, offset, count);
    const store = this.model.mems[mem.id]!;
    const out: bigint[] = [];
    for (let i = 0; i < count; i++) out.push(BigInt(store[offset + i]!));
    return Promise.resolve(out);
  }

  vectors(inputs: readonly VectorColumn[], outputs: readonly SignalRef[], cycles: number): Promise<Uint32Array[]> {
    const m = this.model;
    const res = outputs.map((o) => new Uint32Array(cycles * wordsFor(o.width)));
    const narrowIn = inputs.map((c) => c.ref.width <= 32);
    for (let c = 0; c < cycles; c++) {
      for (let k = 0; k < inputs.length; k++) {
        const col = inputs[k]!;
        const v = col.values[c]!;
        if (narrowIn[k] && typeof v === 'number') m.u[col.ref.id] = v;
        else this.write(col.ref.id, BigInt(v));
      }
      this.dirty = true;
      if (this.vcd) this.stepOne();
      else {
        this.settle();
        this.defaultEdge?.();
        this.dirty = true;
      }
      this.settle();
      for (let k = 0; k < outputs.length; k++) {
        const o = outputs[k]!;
        if (o.width <= 32) res[k]![c] = m.u[o.id]!;
        else putWords(res[k]!, c * wordsFor(o.width), m.w[o.id]!, o.width);
      }
    }
    if (this.clockNet !== undefined) m.u[this.clockNet] = 1;
    return Promise.resolve(res);
  }

  runUntil(cond: BackendCondition, max: number): Promise<{ cycles: number; met: boolean }> {
    // No native agents run in process: 'every agent idle' holds at once.
    if (cond.kind === 'agentsIdle') return Promise.resolve({ cycles: 0, met: true });
    const holds = (): boolean => this.peekNow(cond.ref) === cond.value;
    for (let n = 0; n < max; n++) {
      if (holds()) return Promise.resolve({ cycles: n, met: true });
      this.step(1);
    }
    return Promise.resolve({ cycles: max, met: holds() });
  }

  agentIndex(): number | undefined {
    return undefined;
  }
  agentSend(): void {
    throw new UserError('the built-in simulator runs no native agents');
  }
  agentCall(): Promise<Uint32Array> {
    return Promise.reject(new UserError('the built-in simulator runs no native agents'));
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
  async close(): Promise<void> {
    if (this.vcd) {
      this.dump();
      await this.vcd.close();
    }
  }
}

export function checkRange(mem: MemoryRef, offset: number, count: number): void {
  if (offset < 0 || offset + count > mem.depth || !Number.isInteger(offset)) {
    throw new UserError(`memory '${mem.name}' has ${mem.depth} words: cannot access ${count} word(s) at ${offset}`);
  }
}

export { getWords };
