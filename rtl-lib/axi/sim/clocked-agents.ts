// Test-bench components that act every clock cycle, run together in one forked process in two
// phases per cycle: first every agent drives its inputs (what it offers must not depend on the
// design's outputs of the same cycle, as AXI forbids VALID waiting for READY), then every agent
// samples the design's outputs (which now reflect all the drives, even combinational paths through
// the design), then the clock edge, then each agent commits the transfers that edge made.
import type { Simulation } from '../../../sim/simulation.js';

export interface ClockedAgent {
  drive(): void;
  sample(): Promise<void>;
  commit(): void;
}

export interface AgentRun {
  /** Ends the loop at the next cycle and waits for it. */
  stop(): Promise<void>;
}

export function runAgents(sim: Simulation, agents: readonly ClockedAgent[]): AgentRun {
  let stopped = false;
  const proc = sim.fork(async () => {
    while (!stopped) {
      for (const a of agents) a.drive();
      for (const a of agents) await a.sample();
      await sim.step(1);
      for (const a of agents) a.commit();
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await proc;
    },
  };
}
