// Native Yosys synthesis for UltraScale+ (the U50's family): cell counts from `stat -json`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { yosys } from './tools.js';

export interface SynthStat {
  /** Cell type -> count over the flattened design. */
  cells: Record<string, number>;
  log: string;
}

/** `synth_xilinx -family xcup -flatten -noiopad` of `top` from `files`; `dir` receives stat.json. */
export async function synthXilinx(files: string[], top: string, dir: string): Promise<SynthStat> {
  const statFile = path.join(dir, 'stat.json');
  // Yosys script words are split on blanks (quotes are not stripped everywhere): paths must not have any.
  for (const f of [...files, statFile])
    if (/\s/.test(f)) throw new Error(`yosys script paths cannot contain blanks: ${f}`);
  const reads = files.map((f) => `read_verilog -sv ${f}`).join('; ');
  const r = await yosys(
    [],
    `${reads}; synth_xilinx -family xcup -flatten -noiopad -top ${top}; tee -q -o ${statFile} stat -json`,
  );
  if (r.exitCode !== 0) throw new Error(`yosys failed on ${top}:\n${r.output}`);
  const stat = JSON.parse(readFileSync(statFile, 'utf8')) as { design: { num_cells_by_type?: Record<string, number> } };
  return { cells: stat.design.num_cells_by_type ?? {}, log: r.output };
}

/** Latch cells of every flavour Yosys may leave: generic $dlatch/$_DLATCH_*, Xilinx LDCE/LDPE. */
export function latchCells(cells: Record<string, number>): string[] {
  return Object.keys(cells).filter((c) => /dlatch|^LDCE$|^LDPE$/i.test(c));
}
