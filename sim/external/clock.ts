// The clock port the testbench's `step` toggles: `clk` when the top has it, else the first domain's
// clock if that is a top-level input.
import type { FlatDesign } from '../flatten.js';

export function defaultClockPort(fd: FlatDesign): string | undefined {
  const clk = fd.ports.find((p) => p.name === 'clk' && p.dir === 'input');
  if (clk) return clk.name;
  const d = fd.domains[0];
  return d ? fd.ports.find((p) => p.net === d.clock && p.dir === 'input')?.name : undefined;
}
