// Yosys synthesis for UltraScale+ (the U50's family) of Verilog files on disk, through the one tools
// module (build/tools/yosys.ts): cell counts over the flattened design.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { synthesize } from '../../build/tools/yosys.js';

export interface SynthStat {
  /** Cell type -> count over the flattened design. */
  cells: Record<string, number>;
}

/** `synth_xilinx -family xcup -flatten -noiopad` of `top` from the Verilog files at `files`. */
export async function synthXilinx(files: readonly string[], top: string): Promise<SynthStat> {
  const r = await synthesize({
    files: files.map((f) => ({ name: path.basename(f), text: readFileSync(f, 'utf8') })),
    top,
  });
  return { cells: r.cells };
}

/** Latch cells of every flavour Yosys may leave: generic $dlatch/$_DLATCH_*, Xilinx LDCE/LDPE. */
export function latchCells(cells: Record<string, number>): string[] {
  return Object.keys(cells).filter((c) => /dlatch|^LDCE$|^LDPE$/i.test(c));
}
