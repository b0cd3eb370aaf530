// LUT levels between registers in a Yosys netlist (`write_json` after synth_xilinx): the proxy for
// clock frequency. A path starts at an input port, a constant or a register output and ends at a
// register input or an output port. Each LUTn on it counts 1; CARRY4/CARRY8, MUXF7/8/9 and
// combinational DSP48E2 cells are followed but count 0 (carry chains and wide muxes sit in the same
// slice as their LUTs; carry cells on the worst path are reported separately).
// Each path is also assigned to a pipeline segment: the number of registers that precede its end
// point (every live value at a cut passes exactly one register, so this is the stage index).

interface YosysCell {
  type: string;
  parameters?: Record<string, string>;
  port_directions?: Record<string, 'input' | 'output' | 'inout'>;
  connections: Record<string, (number | string)[]>;
}

interface YosysModule {
  ports: Record<string, { direction: 'input' | 'output' | 'inout'; bits: (number | string)[] }>;
  cells: Record<string, YosysCell>;
}

export interface YosysNetlist {
  modules: Record<string, YosysModule>;
}

export interface SegmentDepth {
  /** 0 = from the inputs to the first registers; the last one ends at the outputs. */
  segment: number;
  lutLevels: number;
  /** CARRY4/CARRY8 cells on that segment's worst path. */
  carryCells: number;
}

export interface LogicDepth {
  /** Worst LUT levels of any register-to-register (or port) path. */
  lutLevels: number;
  carryCells: number;
  /** The worst path of each pipeline segment, in segment order. */
  segments: SegmentDepth[];
  /**
   * Times a path came back to a cell already on it (possible only through multi-output cells, which
   * are followed as a whole); the path is cut there, so the count may be slightly low when this is > 0.
   */
  cellLoops: number;
}

const isLut = (t: string): boolean => /^LUT[1-6]$/.test(t);
const isCarry = (t: string): boolean => /^CARRY[48]$/.test(t);

/** Flip-flops, shift-register LUTs, RAMs, and DSPs with any internal register enabled. */
function isSequential(c: YosysCell): boolean {
  if (/^(FD[CPRS]E?|SRL|RAM|RAMB|URAM)/.test(c.type)) return true;
  if (/^DSP48/.test(c.type)) {
    const regs = ['AREG', 'BREG', 'CREG', 'DREG', 'ADREG', 'MREG', 'PREG', 'ACASCREG', 'BCASCREG'];
    return regs.some((r) => c.parameters?.[r] !== undefined && parseInt(c.parameters[r]!, 2) !== 0);
  }
  return false;
}

/** Inputs of a cell; Yosys omits port_directions for some blackbox cells, so known outputs are excluded by name. */
function inputBits(c: YosysCell): number[] {
  const out: number[] = [];
  for (const [port, bits] of Object.entries(c.connections)) {
    const dir = c.port_directions?.[port];
    if (
      dir
        ? dir !== 'input'
        : /^(O|O\d|Q|CO|P|PCOUT|ACOUT|BCOUT|CARRYOUT|CARRYCASCOUT|MULTSIGNOUT|PATTERN|OVERFLOW|UNDERFLOW|XOROUT)/.test(
            port,
          )
    )
      continue;
    for (const b of bits) if (typeof b === 'number') out.push(b);
  }
  return out;
}

function outputBits(c: YosysCell): number[] {
  const out: number[] = [];
  for (const [port, bits] of Object.entries(c.connections)) {
    if (c.port_directions?.[port] !== 'output') continue;
    for (const b of bits) if (typeof b === 'number') out.push(b);
  }
  return out;
}

interface Depth {
  luts: number;
  carries: number;
  regs: number;
}

const better = (x: Depth, y: Depth): boolean => x.luts > y.luts || (x.luts === y.luts && x.carries > y.carries);

export function logicDepth(net: YosysNetlist, top: string): LogicDepth {
  const mod = net.modules[top];
  if (!mod) throw new Error(`module '${top}' not in the netlist`);
  const driver = new Map<number, YosysCell>();
  for (const c of Object.values(mod.cells)) for (const b of outputBits(c)) driver.set(b, c);

  // Depth of a bit at the start of a segment: register outputs restart the LUT count.
  const memo = new Map<number, Depth>();
  const regsBefore = new Map<YosysCell, number>();
  const onStack = new Set<number>();
  const zero: Depth = { luts: 0, carries: 0, regs: 0 };
  let cellLoops = 0;

  const sequentialDepth = (c: YosysCell): number => {
    let r = regsBefore.get(c);
    if (r !== undefined) return r;
    regsBefore.set(c, 0); // breaks register loops (none in these units)
    let m = 0;
    for (const b of inputBits(c)) m = Math.max(m, bitDepth(b).regs);
    r = m + 1;
    regsBefore.set(c, r);
    return r;
  };

  const bitDepth = (bit: number): Depth => {
    const hit = memo.get(bit);
    if (hit) return hit;
    const c = driver.get(bit);
    if (!c) return zero;
    if (isSequential(c)) {
      const d = { luts: 0, carries: 0, regs: sequentialDepth(c) };
      memo.set(bit, d);
      return d;
    }
    if (onStack.has(bit)) {
      // Cells are followed as a whole, so a multi-output cell (CARRY4, DSP48E2) whose outputs feed
      // another of its own inputs looks like a loop although its bits do not form one: cut it there.
      cellLoops++;
      return zero;
    }
    onStack.add(bit);
    let best = zero;
    let regs = 0;
    for (const b of inputBits(c)) {
      const d = bitDepth(b);
      if (better(d, best)) best = d;
      regs = Math.max(regs, d.regs);
    }
    onStack.delete(bit);
    const d = { luts: best.luts + (isLut(c.type) ? 1 : 0), carries: best.carries + (isCarry(c.type) ? 1 : 0), regs };
    memo.set(bit, d);
    return d;
  };

  const segments = new Map<number, SegmentDepth>();
  const endAt = (bits: number[], segment: number) => {
    for (const b of bits) {
      const d = bitDepth(b);
      const s = segments.get(segment) ?? { segment, lutLevels: 0, carryCells: 0 };
      if (
        better({ luts: d.luts, carries: d.carries, regs: 0 }, { luts: s.lutLevels, carries: s.carryCells, regs: 0 })
      ) {
        s.lutLevels = d.luts;
        s.carryCells = d.carries;
      }
      segments.set(segment, s);
    }
  };
  for (const c of Object.values(mod.cells)) {
    if (!isSequential(c)) continue;
    endAt(inputBits(c), sequentialDepth(c) - 1);
  }
  for (const p of Object.values(mod.ports)) {
    if (p.direction !== 'output') continue;
    const bits = p.bits.filter((b): b is number => typeof b === 'number');
    const seg = Math.max(0, ...bits.map((b) => bitDepth(b).regs));
    endAt(bits, seg);
  }
  const list = [...segments.values()].sort((x, y) => x.segment - y.segment);
  const worst = list.reduce(
    (w, s) => (s.lutLevels > w.lutLevels || (s.lutLevels === w.lutLevels && s.carryCells > w.carryCells) ? s : w),
    { segment: 0, lutLevels: 0, carryCells: 0 },
  );
  return { lutLevels: worst.lutLevels, carryCells: worst.carryCells, segments: list, cellLoops };
}
