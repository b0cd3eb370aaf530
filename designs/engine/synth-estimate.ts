// Yosys resource estimate of an emitted design for UltraScale+ (`synth_xilinx -family xcup -flatten
// -noiopad`), and its logic depth: the most LUTs on any path between registers (or ports). Carry,
// wide-mux and unregistered DSP cells are walked through but count no level (they sit beside their
// LUTs); a DSP with any internal register, RAMs and flip-flops end and start paths.
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmittedDesign } from '../../dsl/index.js';
import { logicDepth, type SegmentDepth, type YosysNetlist } from '../../rtl-lib/fp/hw/logic-depth.js';

export interface SynthEstimate {
  top: string;
  lut: number;
  ff: number;
  dsp: number;
  bram36: number;
  uram288: number;
  /** LUTRAM cells (RAM32M/RAM64M/...). */
  lutram: number;
  /** Worst LUT levels between registers. */
  lutLevels: number;
  /**
   * Worst LUT levels per pipeline stage (segment i ends at the i-th register on the way from the
   * inputs), counted by rtl-lib/fp's logic-depth.ts; only when asked for (a feed-forward unit such as
   * the MAC: in a design with loops the register count before a path has no meaning).
   */
  stages?: SegmentDepth[];
  cells: Record<string, number>;
  seconds: number;
}

interface Cell {
  type: string;
  parameters?: Record<string, string>;
  port_directions?: Record<string, string>;
  connections: Record<string, (number | string)[]>;
}
interface Netlist {
  modules: Record<
    string,
    { ports: Record<string, { direction: string; bits: (number | string)[] }>; cells: Record<string, Cell> }
  >;
}

const DSP_REGS = ['AREG', 'BREG', 'CREG', 'DREG', 'ADREG', 'MREG', 'PREG', 'ACASCREG', 'BCASCREG'];

let boundaryTypes = new Set<string>();

function sequential(c: Cell): boolean {
  if (boundaryTypes.has(c.type)) return true;
  if (/^(FD[CPRS]E?|SRL|RAM|URAM)/.test(c.type)) return true;
  if (/^DSP48/.test(c.type))
    return DSP_REGS.some((r) => c.parameters?.[r] !== undefined && parseInt(c.parameters[r]!, 2) !== 0);
  return false;
}

const OUTPUT_PORT =
  /^(O\d*|Q|CO|P|PCOUT|ACOUT|BCOUT|CARRYOUT|CARRYCASCOUT|MULTSIGNOUT|PATTERNB?DETECT|OVERFLOW|UNDERFLOW|XOROUT|DO.*|SPO|DPO)$/;

/** Worst LUT levels between registers in a flattened `write_json` netlist; `boundaries`: black-box cell types. */
export function lutLevels(net: Netlist, top: string, boundaries: readonly string[] = []): number {
  boundaryTypes = new Set(boundaries);
  const mod = net.modules[top];
  if (!mod) throw new Error(`no module ${top} in the netlist`);
  const driver = new Map<number, Cell>();
  const isOut = (c: Cell, port: string) =>
    (c.port_directions?.[port] ?? (OUTPUT_PORT.test(port) ? 'output' : 'input')) === 'output';
  for (const c of Object.values(mod.cells)) {
    for (const [port, bits] of Object.entries(c.connections))
      if (isOut(c, port)) for (const b of bits) if (typeof b === 'number') driver.set(b, c);
  }
  const level = new Map<Cell, number>();
  const inputsOf = (c: Cell): number[] =>
    Object.entries(c.connections)
      .filter(([p]) => !isOut(c, p))
      .flatMap(([, bits]) => bits.filter((b): b is number => typeof b === 'number'));
  // Iterative depth-first evaluation (netlists are deep; recursion would overflow).
  const arrival = (bit: number): number => {
    const c = driver.get(bit);
    if (!c || sequential(c)) return 0;
    const known = level.get(c);
    if (known !== undefined) return known;
    const stack: Cell[] = [c];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (level.has(top)) {
        stack.pop();
        continue;
      }
      let ready = true;
      let worst = 0;
      for (const b of inputsOf(top)) {
        const d = driver.get(b);
        if (!d || sequential(d)) continue;
        const l = level.get(d);
        if (l === undefined) {
          ready = false;
          stack.push(d);
        } else worst = Math.max(worst, l);
      }
      if (ready) {
        stack.pop();
        level.set(top, worst + (/^LUT[1-6]$/.test(top.type) ? 1 : 0));
      }
    }
    return level.get(c)!;
  };
  let worst = 0;
  for (const c of Object.values(mod.cells))
    if (sequential(c)) for (const b of inputsOf(c)) worst = Math.max(worst, arrival(b));
  for (const p of Object.values(mod.ports))
    if (p.direction === 'output')
      for (const b of p.bits) if (typeof b === 'number') worst = Math.max(worst, arrival(b));
  return worst;
}

/** The emitted modules whose names start with `prefix` (e.g. every SimpleDualPortRam variant, to black-box). */
export const modulesStartingWith = (design: EmittedDesign, prefix: string): string[] =>
  design.files.filter((f) => f.name.startsWith(prefix) && f.name.endsWith('.v')).map((f) => f.name.slice(0, -2));

const sum = (cells: Record<string, number>, re: RegExp): number =>
  Object.entries(cells)
    .filter(([k]) => re.test(k))
    .reduce((a, [, v]) => a + v, 0);

/**
 * Writes the design into `dir`, synthesizes it with native Yosys, and reads back counts and depth.
 * Modules named in `blackboxes` are left out (kept as cells, paths end at their ports), so a large
 * repeated unit can be synthesized once on its own and the rest of the design quickly.
 */
export async function synthEstimate(
  design: EmittedDesign,
  dir: string,
  blackboxes: readonly string[] = [],
  opts: { stages?: boolean } = {},
): Promise<SynthEstimate> {
  if (opts.stages && blackboxes.length > 0) throw new Error('per-stage depth needs a design without black boxes');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const f of design.files) {
    writeFileSync(path.join(dir, f.name), f.text);
    if (f.name.endsWith('.v')) files.push(f.name);
  }
  const script = [
    `read_verilog -sv ${files.join(' ')}`,
    ...blackboxes.map((b) => `blackbox ${b}`),
    `synth_xilinx -family xcup -flatten -noiopad -top ${design.top}`,
    'tee -q -o stat.json stat -json',
    'write_json net.json',
  ].join('; ');
  const t0 = Date.now();
  await execa('yosys', ['-q', '-p', script], { cwd: dir, timeout: 7_200_000 });
  const seconds = (Date.now() - t0) / 1000;
  const stat = JSON.parse(readFileSync(path.join(dir, 'stat.json'), 'utf8')) as {
    design: { num_cells_by_type?: Record<string, number> };
  };
  const cells = stat.design.num_cells_by_type ?? {};
  const net = JSON.parse(readFileSync(path.join(dir, 'net.json'), 'utf8')) as Netlist;
  const stages = opts.stages ? logicDepth(net as YosysNetlist, design.top).segments : undefined;
  return {
    top: design.top,
    lut: sum(cells, /^LUT[1-6]$/),
    ff: sum(cells, /^FD[CPRS]E?$/),
    dsp: sum(cells, /^DSP48/),
    bram36: sum(cells, /^RAMB36/) + sum(cells, /^RAMB18/) / 2,
    uram288: sum(cells, /^URAM288/),
    lutram: sum(cells, /^RAM(32|64|128|256)[MXS]/),
    lutLevels: lutLevels(net, design.top, blackboxes),
    ...(stages ? { stages } : {}),
    cells,
    seconds,
  };
}
