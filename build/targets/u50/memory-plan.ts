// The memory plan of a design: every memory of every instance, its shape and the primitive it
// should become on UltraScale+ (from its read ports and ram_style), with a primitive count.
// Asynchronous reads can only be distributed RAM; synchronous ones go to URAM288 with
// ram_style "ultra", else to the cheapest RAMB36/RAMB18 aspect (UG573 configurations).
import type { Design, IrModule, IrMemory } from '../../../dsl/ir/netlist.js';
import { RAMB18, RAMB36, URAM288, LUTRAM_BITS_PER_LUT } from '../../../rtl-lib/mem/plan/primitives.js';

export interface PlannedMemory {
  /** Instance path from the top, e.g. `fp32_axpy/xbuf`. */
  path: string;
  module: string;
  depth: number;
  width: number;
  bits: number;
  readPorts: number;
  writePorts: number;
  syncRead: boolean;
  ramStyle: string;
  primitive: 'URAM288' | 'RAMB36' | 'RAMB18' | 'LUTRAM' | 'REG';
  /** Primitive instances (LUTs for LUTRAM, flip-flops for REG). */
  count: number;
  bram36: number;
  uram288: number;
  /**
   * Set when the memory has more ports than its primitive: a block RAM or URAM has two. The counts above
   * are then one copy; the design still needs banking or replication to serve every port.
   */
  portWarning?: string;
}

export interface MemoryPlan {
  memories: PlannedMemory[];
  totals: { bram36: number; uram288: number; lutram: number; bits: number };
}

const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

function placeBlock(m: IrMemory): { primitive: 'RAMB36' | 'RAMB18'; count: number; bram36: number } {
  let best = { primitive: 'RAMB36' as 'RAMB36' | 'RAMB18', count: Infinity, bram36: Infinity };
  // Two write ports or two read ports rule out the simple-dual-port-only aspects.
  const trueDual = m.readPorts.length > 1 || m.writePorts.length > 1;
  for (const prim of [RAMB18, RAMB36]) {
    for (const a of prim.aspects) {
      if (a.sdpOnly && trueDual) continue;
      const count = ceilDiv(m.depth, a.depth) * ceilDiv(m.width, a.width);
      const cost = count * prim.bram36;
      if (cost < best.bram36) best = { primitive: prim.kind as 'RAMB36' | 'RAMB18', count, bram36: cost };
    }
  }
  return best;
}

function planOne(m: IrMemory, path: string, module: string): PlannedMemory {
  const syncRead = m.readPorts.every((p) => p.sync);
  const ramStyle = m.attrs?.ramStyle ?? 'auto';
  const base = {
    path,
    module,
    depth: m.depth,
    width: m.width,
    bits: m.depth * m.width,
    readPorts: m.readPorts.length,
    writePorts: m.writePorts.length,
    syncRead,
    ramStyle,
  };
  if (ramStyle === 'registers') return { ...base, primitive: 'REG', count: m.depth * m.width, bram36: 0, uram288: 0 };
  if (!syncRead || ramStyle === 'distributed') {
    // One 64x1 LUT per bit column and read port (a LUTRAM read port is a copy of the storage).
    const luts = ceilDiv(m.depth, LUTRAM_BITS_PER_LUT) * m.width * Math.max(1, m.readPorts.length);
    return { ...base, primitive: 'LUTRAM', count: luts, bram36: 0, uram288: 0 };
  }
  if (ramStyle === 'ultra') {
    const [a] = URAM288.aspects;
    const count = ceilDiv(m.depth, a!.depth) * ceilDiv(m.width, a!.width);
    return withPortCheck({ ...base, primitive: 'URAM288', count, bram36: 0, uram288: count });
  }
  const b = placeBlock(m);
  return withPortCheck({ ...base, primitive: b.primitive, count: b.count, bram36: b.bram36, uram288: 0 });
}

/** Block RAM and URAM have two ports; more need banking or replication, which the counts do not include. */
function withPortCheck(p: PlannedMemory): PlannedMemory {
  const ports = p.readPorts + p.writePorts;
  if (p.primitive === 'LUTRAM' || p.primitive === 'REG' || ports <= 2) return p;
  return {
    ...p,
    portWarning: `${p.readPorts} read and ${p.writePorts} write ports, a ${p.primitive} has 2: the counts are one copy; serving every port needs banking or replication`,
  };
}

/** Walks the instance tree from the top: a module instantiated twice has its memories listed twice. */
export function memoryPlan(design: Design): MemoryPlan {
  const memories: PlannedMemory[] = [];
  const visit = (m: IrModule, path: string) => {
    for (const mem of m.memories) memories.push(planOne(mem, `${path}/${mem.name}`, m.name));
    for (const inst of m.instances) visit(inst.module, `${path}/${inst.name}`);
  };
  visit(design.top, design.top.name);
  const totals = {
    bram36: memories.reduce((s, m) => s + m.bram36, 0),
    uram288: memories.reduce((s, m) => s + m.uram288, 0),
    lutram: memories.reduce((s, m) => s + (m.primitive === 'LUTRAM' ? m.count : 0), 0),
    bits: memories.reduce((s, m) => s + m.bits, 0),
  };
  return { memories, totals };
}

export function memoryPlanMarkdown(top: string, plan: MemoryPlan): string {
  const lines = [
    `# Memory plan of ${top}`,
    '',
    'Every memory of every instance and the UltraScale+ primitive it should become (asynchronous reads:',
    'distributed RAM; `ram_style = "ultra"`: URAM288 4Kx72; otherwise the cheapest RAMB36/RAMB18 aspect).',
    '',
    '| memory | depth x width | read/write ports | sync read | ram_style | primitive | count | BRAM36 | URAM288 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...plan.memories.map(
      (m) =>
        `| ${m.path} | ${m.depth} x ${m.width} | ${m.readPorts}/${m.writePorts} | ${m.syncRead ? 'yes' : 'no'} | ${m.ramStyle} | ${m.primitive} | ${m.count} | ${m.bram36} | ${m.uram288} |`,
    ),
    '',
    `Totals: ${plan.totals.bram36} BRAM36, ${plan.totals.uram288} URAM288, ${plan.totals.lutram} LUTs as distributed RAM, ${plan.totals.bits} bits in ${plan.memories.length} memories.`,
    '',
    ...plan.memories.filter((m) => m.portWarning).map((m) => `**Warning**, ${m.path}: ${m.portWarning}.\n`),
  ];
  return lines.join('\n');
}
