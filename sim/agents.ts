// Host-side agents compiled into a simulator. A testbench component that must act every clock cycle
// (an AXI memory, a register host) costs one process round trip per cycle when it runs in TypeScript
// against an external simulator. A native agent is the same component written in the simulator's own
// language and linked into it: it drives and samples ports around every edge inside the simulator,
// and TypeScript only talks to it between runs (`Simulation.runUntil`). `sim/` knows nothing about the
// protocols; the agent's source comes with its spec (e.g. rtl-lib/axi/sim/native-*.ts).

/** What the agent's C++ source may ask of the harness. */
export interface NativeAgentContext {
  /** The harness index of a top-level port, or undefined when the design has no such port. */
  port(name: string): number | undefined;
  /** The C++ class name the source must define. */
  readonly className: string;
}

export interface NativeAgentSpec {
  /** Unique per simulation, e.g. 'axi_memory:m_axi_gmem'; testbenches find the agent by it. */
  readonly name: string;
  /**
   * C++ source of `struct <className> : Agent { ... }` (see sim/verilator/harness-cpp.ts for the base
   * class and the port helpers). Part of the build hash: keep it deterministic.
   */
  cpp(ctx: NativeAgentContext): string;
}

/** A native agent as the testbench sees it. Commands keep their order with everything else sent. */
export interface NativeAgentHandle {
  readonly name: string;
  /** A command without an answer (queued). */
  send(op: number, args: ArrayLike<number>): void;
  /** A command answered by exactly `answerWords` 32-bit words. */
  call(op: number, args: ArrayLike<number>, answerWords: number): Promise<Uint32Array>;
}

/** What `runUntil` waits for; evaluated inside the back end after every edge. */
export type RunUntilCondition = { agentsIdle: true } | { signal: string; equals: bigint | number | boolean };
