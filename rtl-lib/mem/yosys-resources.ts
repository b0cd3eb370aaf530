// Synthesizes emitted designs with native Yosys (`synth_xilinx -family xcup`) and reads back the cell
// counts, so that tests and benches can compare the memory primitives Yosys infers with what a
// configuration or the memory planner expects. Several designs go through one Yosys process
// (`design -reset` between them) to pay its start-up once.
import { execa } from 'execa';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmittedDesign } from '../../dsl/index.js';

export interface CellCounts {
  /** Every cell type in the flattened netlist and how many. */
  cells: Record<string, number>;
  ramb36: number;
  ramb18: number;
  uram288: number;
  /** RAMB36 + RAMB18 / 2. */
  bram36: number;
  /** LUT-RAM cells (RAM32M, RAM64M, RAM64M8, RAM32X1D, ...). */
  lutram: number;
  /** Flip-flops (FD*). */
  ffs: number;
  luts: number;
}

export interface SynthJob {
  /** Unique name: the scratch sub-folder and the key of the result. */
  name: string;
  design: EmittedDesign;
}

export function countsFromStat(stat: string): CellCounts {
  const cells: Record<string, number> = {};
  // `stat` lists "     <count> <cell>" (Yosys >= 0.40) or "     <cell>   <count>" (older).
  for (const m of stat.matchAll(/^\s+(\$?[A-Za-z_][\w$]*)\s+(\d+)\s*$/gm))
    cells[m[1]!] = (cells[m[1]!] ?? 0) + Number(m[2]);
  for (const m of stat.matchAll(/^\s+(\d+)\s+(\$?[A-Za-z_][\w$]*)\s*$/gm))
    cells[m[2]!] = (cells[m[2]!] ?? 0) + Number(m[1]);
  delete cells.cells;
  delete cells.wires;
  delete cells.bits;
  const sum = (re: RegExp) =>
    Object.entries(cells)
      .filter(([k]) => re.test(k))
      .reduce((a, [, v]) => a + v, 0);
  const ramb36 = cells.RAMB36E2 ?? 0;
  const ramb18 = cells.RAMB18E2 ?? 0;
  return {
    cells,
    ramb36,
    ramb18,
    uram288: cells.URAM288 ?? 0,
    bram36: ramb36 + ramb18 / 2,
    lutram: sum(/^RAM(32|64|128|256)/),
    ffs: sum(/^FD[CPRS]E?$/),
    luts: sum(/^LUT\d$/),
  };
}

/**
 * Synthesizes each job (flattened, no I/O buffers) and returns its counts by job name. Designs with
 * $readmemh files get their own Yosys run in their folder, since the file names are relative.
 */
export async function synthesizeCounts(
  jobs: readonly SynthJob[],
  scratchDir: string,
  opts: { timeoutMs?: number } = {},
): Promise<Map<string, CellCounts>> {
  const scratch = path.resolve(scratchDir);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const out = new Map<string, CellCounts>();
  const shared: string[] = [];
  const alone: SynthJob[] = [];
  const scriptFor = (j: SynthJob, dir: string): string => {
    const verilog = j.design.files.filter((f) => f.name.endsWith('.v')).map((f) => path.join(dir, f.name));
    const stat = path.join(dir, 'stat.txt');
    return [
      `read_verilog -sv ${verilog.map(quote).join(' ')}`,
      `synth_xilinx -family xcup -flatten -noiopad -top ${j.design.top}`,
      `tee -q -o ${quote(stat)} stat`,
      'design -reset',
    ].join('; ');
  };
  for (const j of jobs) {
    const dir = path.join(scratch, j.name);
    mkdirSync(dir, { recursive: true });
    for (const f of j.design.files) writeFileSync(path.join(dir, f.name), f.text);
    if (j.design.files.some((f) => !f.name.endsWith('.v'))) alone.push(j);
    else shared.push(scriptFor(j, dir));
  }
  const run = async (script: string, cwd: string) => {
    const r = await execa('yosys', ['-q', '-p', script], {
      cwd,
      reject: false,
      all: true,
      timeout: opts.timeoutMs ?? 600_000,
    });
    if (r.exitCode !== 0) throw new Error(`yosys failed (exit ${r.exitCode}):\n${(r.all ?? '').slice(-3000)}`);
  };
  if (shared.length) await run(shared.join('; '), scratch);
  for (const j of alone) await run(scriptFor(j, path.join(scratch, j.name)), path.join(scratch, j.name));
  for (const j of jobs) out.set(j.name, countsFromStat(readFileSync(path.join(scratch, j.name, 'stat.txt'), 'utf8')));
  return out;
}

const quote = (p: string): string => (/[\s;"]/.test(p) ? `"${p}"` : p);
