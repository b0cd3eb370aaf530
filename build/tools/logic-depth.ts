// LUT levels between registers in a Yosys netlist (`write_json` after synth_xilinx): the proxy for
// clock frequency. A path starts at an input port, a constant or a register output and ends at a
// register input or an output port. Each LUTn on it counts 1; CARRY4/CARRY8, MUXF7/8/9 and
// combinational DSP48E2 cells are followed but count 0 (carry chains and wide muxes sit in the same
// slice as their LUTs; carry cells on the worst path are reported separately). Black-boxed modules
// (a parameter) end and start paths like registers.
// Each path is also assigned to a pipeline segment: the number of registers that precede its end
// point (every live value at a cut passes exactly one register, so this is the stage index; it has a
// meaning only for feed-forward units such as the FP pipelines).
// The walk is iterative (an explicit stack): a flattened kernel has paths far deeper than the JS stack.

export interface YosysCell {
  type: string;
  parameters?: Record<string, string> | undefined;
  port_directions?: Record<string, string> | undefined;
  connections: Record<string, (number | string)[]>;
}

interface YosysModule {
  ports: Record<string, { direction: string; bits: (number | string)[] }>;
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

const DSP_REGS = ['AREG', 'BREG', 'CREG', 'DREG', 'ADREG', 'MREG', 'PREG', 'ACASCREG', 'BCASCREG'];
/** Output ports by name, for cells Yosys lists without port directions (some black boxes). */
const OUTPUT_PORT =
  /^(O\d*|Q|CO|P|PCOUT|ACOUT|BCOUT|CARRYOUT|CARRYCASCOUT|MULTSIGNOUT|PATTERNB?DETECT|OVERFLOW|UNDERFLOW|XOROUT|DO.*|SPO|DPO)$/;

const isLut = (t: string): boolean => /^LUT[1-6]$/.test(t);
const isCarry = (t: string): boolean => /^CARRY[48]$/.test(t);
const isOutput = (c: YosysCell, port: string): boolean =>
  (c.port_directions?.[port] ?? (OUTPUT_PORT.test(port) ? 'output' : 'input')) === 'output';

interface Depth {
  luts: number;
  carries: number;
  /** Registers before this point (the segment index). */
  regs: number;
}
const ZERO: Depth = { luts: 0, carries: 0, regs: 0 };
const deeper = (x: Depth, y: Depth): boolean => x.luts > y.luts || (x.luts === y.luts && x.carries > y.carries);

/** Logic depth of module `top` of a flattened netlist; cells of the `blackboxes` module types end paths. */
export function logicDepth(net: YosysNetlist, top: string, blackboxes: readonly string[] = []): LogicDepth {
  const mod = net.modules[top];
  if (!mod) throw new Error(`module '${top}' not in the netlist`);
  const boxes = new Set(blackboxes);
  const sequential = (c: YosysCell): boolean => {
    if (boxes.has(c.type) || /^(FD[CPRS]E?|SRL|RAM|URAM)/.test(c.type)) return true;
    if (/^DSP48/.test(c.type))
      return DSP_REGS.some((r) => c.parameters?.[r] !== undefined && Number.parseInt(c.parameters[r]!, 2) !== 0);
    return false;
  };
  const cells = Object.values(mod.cells);
  const driver = new Map<number, YosysCell>();
  const inputs = new Map<YosysCell, number[]>();
  for (const c of cells) {
    const ins: number[] = [];
    for (const [port, bits] of Object.entries(c.connections)) {
      const out = isOutput(c, port);
      for (const b of bits) if (typeof b === 'number') out ? driver.set(b, c) : ins.push(b);
    }
    inputs.set(c, ins);
  }

  // The depth at a cell's outputs (all of a cell's outputs share it: cells are followed as a whole).
  // A sequential cell's outputs restart the LUT count; its register count is one more than its inputs'.
  const done = new Map<YosysCell, Depth>();
  const onPath = new Set<YosysCell>();
  let cellLoops = 0;
  const depthAt = (bit: number): Depth => {
    const c = driver.get(bit);
    if (!c) return ZERO;
    const known = done.get(c);
    if (known) return known;
    // Each frame remembers how far through its inputs it got.
    const stack: YosysCell[] = [c];
    const next: number[] = [0];
    onPath.add(c);
    while (stack.length > 0) {
      const cur = stack[stack.length - 1]!;
      const ins = inputs.get(cur)!;
      let pending: YosysCell | undefined;
      let i = next[next.length - 1]!;
      for (; i < ins.length && !pending; i++) {
        const d = driver.get(ins[i]!);
        if (d && !done.has(d) && !onPath.has(d)) pending = d;
      }
      next[next.length - 1] = i;
      if (pending) {
        onPath.add(pending);
        stack.push(pending);
        next.push(0);
        continue;
      }
      let best = ZERO;
      let regs = 0;
      for (const b of ins) {
        const d = driver.get(b);
        if (!d) continue;
        const v = done.get(d);
        if (!v) {
          // On the path: a register loop (regs restart at 0) or a multi-output cell feeding itself.
          if (!sequential(d)) cellLoops++;
          continue;
        }
        if (deeper(v, best)) best = v;
        regs = Math.max(regs, v.regs);
      }
      const value: Depth = sequential(cur)
        ? { luts: 0, carries: 0, regs: regs + 1 }
        : { luts: best.luts + (isLut(cur.type) ? 1 : 0), carries: best.carries + (isCarry(cur.type) ? 1 : 0), regs };
      done.set(cur, value);
      onPath.delete(cur);
      stack.pop();
      next.pop();
    }
    return done.get(c)!;
  };
  // The depth arriving at a path's end point: the worst over its input bits.
  const arriving = (bits: readonly number[]): Depth => {
    let best = ZERO;
    let regs = 0;
    for (const b of bits) {
      const d = depthAt(b);
      if (deeper(d, best)) best = d;
      regs = Math.max(regs, d.regs);
    }
    return { luts: best.luts, carries: best.carries, regs };
  };

  const segments = new Map<number, SegmentDepth>();
  const endAt = (d: Depth, segment: number) => {
    const s = segments.get(segment) ?? { segment, lutLevels: 0, carryCells: 0 };
    if (deeper(d, { luts: s.lutLevels, carries: s.carryCells, regs: 0 })) {
      s.lutLevels = d.luts;
      s.carryCells = d.carries;
    }
    segments.set(segment, s);
  };
  for (const c of cells) {
    if (!sequential(c)) continue;
    const ins = inputs.get(c)!;
    const seg = arriving(ins).regs;
    for (const b of ins) endAt(depthAt(b), seg);
  }
  for (const p of Object.values(mod.ports)) {
    if (p.direction !== 'output') continue;
    const bits = p.bits.filter((b): b is number => typeof b === 'number');
    const seg = arriving(bits).regs;
    for (const b of bits) endAt(depthAt(b), seg);
  }
  const list = [...segments.values()].sort((x, y) => x.segment - y.segment);
  const worst = list.reduce(
    (w, s) =>
      deeper(
        { luts: s.lutLevels, carries: s.carryCells, regs: 0 },
        { luts: w.lutLevels, carries: w.carryCells, regs: 0 },
      )
        ? s
        : w,
    {
      segment: 0,
      lutLevels: 0,
      carryCells: 0,
    },
  );
  return { lutLevels: worst.lutLevels, carryCells: worst.carryCells, segments: list, cellLoops };
}
