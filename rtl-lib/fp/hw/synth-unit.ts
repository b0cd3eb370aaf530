// Native Yosys synthesis of one emitted design for UltraScale+ (`synth_xilinx -family xcup -flatten
// -noiopad`): cell counts from `stat -json`, Yosys's own longest path (`ltp -noff`, in cells of any
// kind) and our LUT-level count per pipeline segment from the synthesized netlist (logic-depth.ts).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { EmittedDesign } from '../../../dsl/index.js';
import { logicDepth, type SegmentDepth, type YosysNetlist } from './logic-depth.js';

export interface SynthResult {
  top: string;
  luts: number;
  ffs: number;
  dsps: number;
  /** CARRY4 cells as Yosys reports them (Vivado would use half as many CARRY8). */
  carry4: number;
  /** MUXF7/F8/F9. */
  muxf: number;
  /** `ltp -noff` with the flip-flops deleted: the longest register-to-register path in cells of any kind (LUTs, INV, carries, muxes, DSPs alike). */
  ltpCells: number;
  /** Worst LUT levels between registers (or ports). */
  lutLevels: number;
  segments: SegmentDepth[];
  /** See LogicDepth.cellLoops. */
  cellLoops: number;
  cells: Record<string, number>;
  seconds: number;
}

const sumOf = (cells: Record<string, number>, re: RegExp): number =>
  Object.entries(cells)
    .filter(([k]) => re.test(k))
    .reduce((a, [, v]) => a + v, 0);

/** Writes the design's files to `dir` and synthesizes `design.top` there. */
export async function synthesizeUnit(design: EmittedDesign, dir: string): Promise<SynthResult> {
  mkdirSync(dir, { recursive: true });
  const verilog: string[] = [];
  for (const f of design.files) {
    writeFileSync(path.join(dir, f.name), f.text);
    if (f.name.endsWith('.v')) verilog.push(f.name);
  }
  // Relative names (cwd = dir): Yosys script words are split on blanks.
  for (const f of verilog) if (/[\s;]/.test(f)) throw new Error(`file name unusable in a yosys script: ${f}`);
  const script = [
    `read_verilog -sv ${verilog.join(' ')}`,
    `synth_xilinx -family xcup -flatten -noiopad -top ${design.top}`,
    'tee -q -o stat.json stat -json',
    'write_json net.json',
    // ltp -noff does not know the Xilinx flip-flop cells: delete them so paths end at registers.
    'delete t:FD*',
    'tee -q -o ltp.txt ltp -noff',
  ].join('; ');
  const t0 = Date.now();
  const r = await execa('yosys', ['-q', '-p', script], { cwd: dir, reject: false, all: true });
  if (r.exitCode !== 0)
    throw new Error(`yosys failed on ${design.top} (exit ${r.exitCode}):\n${(r.all ?? '').slice(-3000)}`);
  const seconds = (Date.now() - t0) / 1000;
  const stat = JSON.parse(readFileSync(path.join(dir, 'stat.json'), 'utf8')) as {
    design: { num_cells_by_type?: Record<string, number> };
  };
  const cells = stat.design.num_cells_by_type ?? {};
  const ltp = /Longest topological path in \S+ \(length=(\d+)\)/.exec(readFileSync(path.join(dir, 'ltp.txt'), 'utf8'));
  if (!ltp) throw new Error(`no 'Longest topological path' line in ${path.join(dir, 'ltp.txt')}`);
  const depth = logicDepth(JSON.parse(readFileSync(path.join(dir, 'net.json'), 'utf8')) as YosysNetlist, design.top);
  return {
    top: design.top,
    luts: sumOf(cells, /^LUT[1-6]$/),
    ffs: sumOf(cells, /^FD[CPRS]E?$/),
    dsps: sumOf(cells, /^DSP48/),
    carry4: sumOf(cells, /^CARRY4$/) + 2 * sumOf(cells, /^CARRY8$/),
    muxf: sumOf(cells, /^MUXF[789]$/),
    ltpCells: Number(ltp[1]),
    lutLevels: depth.lutLevels,
    segments: depth.segments,
    cellLoops: depth.cellLoops,
    cells,
    seconds,
  };
}
