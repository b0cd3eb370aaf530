// The one counter of Xilinx UltraScale+ cells (what `synth_xilinx -family xcup` leaves) as device
// resources: LUTs (logic plus LUTs used as distributed RAM or shift registers, as Vivado's "CLB
// LUTs" counts them), flip-flops, DSP48E2, block RAM (RAMB18 as half a RAMB36) and UltraRAM.

/** LUTs taken by each LUT-based cell (logic and distributed RAM / shift registers). */
const LUTS_PER_CELL: Record<string, number> = {
  LUT1: 1,
  LUT2: 1,
  LUT3: 1,
  LUT4: 1,
  LUT5: 1,
  LUT6: 1,
  LUT6_2: 1,
  RAM32X1S: 1,
  RAM64X1S: 1,
  RAM32X1D: 2,
  RAM64X1D: 2,
  RAM128X1S: 2,
  RAM128X1D: 4,
  RAM256X1S: 4,
  RAM256X1D: 8,
  RAM512X1S: 8,
  RAM32M: 4,
  RAM64M: 4,
  RAM32M16: 8,
  RAM64M8: 8,
  SRL16E: 1,
  SRLC32E: 1,
};

export interface CellCounts {
  /** Every cell type and how many, in name order. */
  cells: Record<string, number>;
  /** LUTs of every kind: `lutLogic + lutAsMemory`. */
  lut: number;
  /** LUT1..LUT6 (and LUT6_2). */
  lutLogic: number;
  /** LUTs used as distributed RAM or shift registers. */
  lutAsMemory: number;
  /** LUT-RAM cells (RAM32M, RAM64M, RAM64M8, RAM32X1D, ...), counted as cells. */
  lutram: number;
  /** Flip-flops (FDRE, FDSE, FDCE, FDPE). */
  ff: number;
  dsp: number;
  ramb36: number;
  ramb18: number;
  /** RAMB36 + RAMB18 / 2. */
  bram36: number;
  uram288: number;
  /** CARRY4 cells as Yosys reports them (Vivado would use half as many CARRY8). */
  carry4: number;
  carry8: number;
  /** MUXF7/F8/F9. */
  muxf: number;
}

const sumOf = (cells: Record<string, number>, re: RegExp): number =>
  Object.entries(cells)
    .filter(([k]) => re.test(k))
    .reduce((a, [, v]) => a + v, 0);

/** The cells of a `stat` (type -> count) as device resources. */
export function countCells(raw: Readonly<Record<string, number>>): CellCounts {
  const cells = Object.fromEntries(
    Object.keys(raw)
      .sort()
      .map((k) => [k, raw[k]!]),
  );
  let lutLogic = 0;
  let lutAsMemory = 0;
  for (const [cell, n] of Object.entries(cells)) {
    const l = LUTS_PER_CELL[cell];
    if (l === undefined) continue;
    if (cell.startsWith('LUT')) lutLogic += l * n;
    else lutAsMemory += l * n;
  }
  const ramb36 = sumOf(cells, /^RAMB36/);
  const ramb18 = sumOf(cells, /^RAMB18/);
  return {
    cells,
    lut: lutLogic + lutAsMemory,
    lutLogic,
    lutAsMemory,
    lutram: sumOf(cells, /^RAM(32|64|128|256|512)[MX]/),
    ff: sumOf(cells, /^FD[CPRS]E?$/),
    dsp: sumOf(cells, /^DSP48/),
    ramb36,
    ramb18,
    bram36: ramb36 + ramb18 / 2,
    uram288: sumOf(cells, /^URAM288/),
    carry4: cells.CARRY4 ?? 0,
    carry8: cells.CARRY8 ?? 0,
    muxf: sumOf(cells, /^MUXF[789]$/),
  };
}

/** Cell counts from the text of Yosys's `stat` ("<count> <cell>" since 0.40, "<cell> <count>" before). */
export function cellsFromStatText(stat: string): Record<string, number> {
  const cells: Record<string, number> = {};
  for (const m of stat.matchAll(/^\s+(\$?[A-Za-z_][\w$]*)\s+(\d+)\s*$/gm))
    cells[m[1]!] = (cells[m[1]!] ?? 0) + Number(m[2]);
  for (const m of stat.matchAll(/^\s+(\d+)\s+(\$?[A-Za-z_][\w$]*)\s*$/gm))
    cells[m[2]!] = (cells[m[2]!] ?? 0) + Number(m[1]);
  delete cells.cells;
  delete cells.wires;
  delete cells.bits;
  return cells;
}

/** Adds `times` x `b` into `a` (cell by cell). */
export function addCells(a: Record<string, number>, b: Readonly<Record<string, number>>, times = 1): void {
  for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + times * v;
}
