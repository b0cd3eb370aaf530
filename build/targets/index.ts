// Board targets of `ttforge build --target NAME`: each turns an elaborated design into a project folder.
import type { Design, EmittedDesign, EmittedFile, Module } from '../../dsl/index.js';
import { UserError } from '../../dsl/index.js';
import { buildU50 } from './u50/build-u50.js';

export interface TargetOptions {
  clockMhz?: number;
  estimate?: boolean;
  /** Progress lines of long steps (the Yosys estimate). */
  progress?: (line: string) => void;
}

export interface TargetResult {
  files: EmittedFile[];
  /** One line per notable fact for the CLI to print. */
  notes: string[];
}

type TargetBuilder = (
  top: Module,
  design: Design,
  emitted: EmittedDesign,
  opts: TargetOptions,
) => Promise<TargetResult>;

const targets: Record<string, TargetBuilder> = {
  u50: async (top, design, emitted, opts) => {
    const r = await buildU50(top, design, emitted, opts);
    const notes = [
      r.kernel
        ? `Vitis RTL kernel ${emitted.top}: kernel.xml and package_xo.tcl written`
        : `${emitted.top} is not a VitisKernel: Vivado project only (no kernel.xml)`,
    ];
    if (r.estimate.available) {
      const e = r.estimate.resources;
      notes.push(
        `Yosys estimate: ${e.lut.used} LUT (${e.lut.percent}%), ${e.ff.used} FF, ${e.dsp.used} DSP, ${e.bram36.used} BRAM36, ${e.uram288.used} URAM288 of the U50`,
      );
    } else {
      notes.push(`no resource estimate: ${r.estimate.reason}`);
    }
    return { files: r.files, notes };
  },
};

export const targetNames = Object.keys(targets);

export async function buildTarget(
  name: string,
  top: Module,
  design: Design,
  emitted: EmittedDesign,
  opts: TargetOptions = {},
): Promise<TargetResult> {
  const t = targets[name];
  if (!t) throw new UserError(`ttforge build: unknown --target '${name}' (available: ${targetNames.join(', ')})`);
  return t(top, design, emitted, opts);
}
