// The contract between the testbench API and a simulator. Commands may be queued: `poke`, `step` and
// memory loads return at once; `peek`, `readMemory` and `vectors` resolve when the simulator answers
// (external back ends send a whole batch of queued commands per round trip).
export type BackendName = 'builtin' | 'verilator' | 'icarus';
export const backendNames: readonly BackendName[] = ['builtin', 'verilator', 'icarus'];

/** A signal the testbench may touch: a top-level port or an internal net by hierarchical path. */
export interface SignalRef {
  readonly name: string;
  readonly width: number;
  readonly kind: 'input' | 'output' | 'internal';
  /** Back-end specific handle. */
  readonly id: number;
}

export interface MemoryRef {
  readonly name: string;
  readonly width: number;
  readonly depth: number;
  readonly id: number;
}

/** A `runUntil` condition with its signal resolved. */
export type BackendCondition = { kind: 'agentsIdle' } | { kind: 'signal'; ref: SignalRef; value: bigint };

/** One input column of a vector run: one value per cycle. */
export interface VectorColumn {
  readonly ref: SignalRef;
  readonly values: ArrayLike<number> | readonly bigint[];
}

export interface Backend {
  readonly name: BackendName;
  signal(name: string): SignalRef;
  memory(name: string): MemoryRef;
  /** Names of the signals a waveform shows, for error messages. */
  signalNames(): string[];
  poke(ref: SignalRef, value: bigint): void;
  /** `n` rising edges of the default clock. */
  step(n: number): void;
  peek(ref: SignalRef): Promise<bigint>;
  writeMemory(mem: MemoryRef, offset: number, values: readonly bigint[]): void;
  readMemory(mem: MemoryRef, offset: number, count: number): Promise<bigint[]>;
  /**
   * For each cycle: apply the inputs, one clock edge, then sample the outputs. Returns, per output,
   * the samples as little-endian 32-bit words (wordsFor(width) per cycle).
   */
  vectors(inputs: readonly VectorColumn[], outputs: readonly SignalRef[], cycles: number): Promise<Uint32Array[]>;
  /**
   * Edge by edge, at most `max` edges, until `cond` holds after an edge (at once if it holds now),
   * evaluated inside the back end: no round trip per cycle.
   */
  runUntil(cond: BackendCondition, max: number): Promise<{ cycles: number; met: boolean }>;
  /** The index of a native agent (sim/agents.ts) this back end was built with, else undefined. */
  agentIndex(name: string): number | undefined;
  agentSend(index: number, op: number, args: ArrayLike<number>): void;
  agentCall(index: number, op: number, args: ArrayLike<number>, answerWords: number): Promise<Uint32Array>;
  /** Sends queued commands and waits for every pending answer. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
