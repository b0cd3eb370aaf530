// The signals an external simulator exposes to the testbench: the top's ports first (accessed
// directly), then internal nets and memories by their Verilog hierarchical names.
import type { FlatDesign } from '../flatten.js';

export interface ExternalPort {
  name: string;
  dir: 'input' | 'output';
  width: number;
}

export function portTable(fd: FlatDesign): ExternalPort[] {
  return fd.ports.map((p) => ({ name: p.name, dir: p.dir, width: p.width }));
}
