// A resource estimate with native Yosys (`synth_xilinx -family xcup -flatten -noiopad`), counted as
// LUT / FF / DSP / BRAM36 / URAM288 and set against the U50. An estimate, not Vivado's numbers: see
// docs/u50.md for how Yosys and Vivado differ (DSP packing, CARRY4 vs CARRY8).
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { U50_CAPACITY, U50_PART, type U50Resource } from './u50-device.js';

/** LUTs taken by each Xilinx LUT-based cell (logic and distributed RAM / shift registers). */
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
const FF_CELLS = new Set(['FDRE', 'FDSE', 'FDCE', 'FDPE']);

export interface ResourceUse {
  used: number;
  available: number;
  percent: number;
}

export interface YosysEstimate {
  available: true;
  tool: string;
  part: string;
  top: string;
  command: string;
  resources: Record<U50Resource, ResourceUse>;
  /** LUTs used as distributed RAM or shift registers (part of `lut`). */
  lutAsMemory: number;
  carry: { CARRY4: number; CARRY8: number };
  cells: Record<string, number>;
  /** Modules left out of synthesis, their storage counted from the memory plan instead. */
  blackboxed: BlackBoxedMemory[];
}

/** A module Yosys cannot map (a memory with more ports than a block RAM): black-boxed, its storage counted. */
export interface BlackBoxedMemory {
  module: string;
  bram36: number;
  uram288: number;
  reason: string;
}

export interface MissingEstimate {
  available: false;
  reason: string;
}

export type Estimate = YosysEstimate | MissingEstimate;

/** Turns Yosys cell counts into resource counts against the U50. */
export function countResources(
  cells: Record<string, number>,
  blackboxed: readonly BlackBoxedMemory[] = [],
): { resources: Record<U50Resource, ResourceUse>; lutAsMemory: number } {
  let lut = 0;
  let lutAsMemory = 0;
  let ff = 0;
  for (const [cell, n] of Object.entries(cells)) {
    const l = LUTS_PER_CELL[cell];
    if (l !== undefined) {
      lut += l * n;
      if (!cell.startsWith('LUT')) lutAsMemory += l * n;
    }
    if (FF_CELLS.has(cell)) ff += n;
  }
  const used: Record<U50Resource, number> = {
    lut,
    ff,
    dsp: cells.DSP48E2 ?? 0,
    bram36: (cells.RAMB36E2 ?? 0) + 0.5 * (cells.RAMB18E2 ?? 0) + blackboxed.reduce((a, b) => a + b.bram36, 0),
    uram288: (cells.URAM288 ?? 0) + blackboxed.reduce((a, b) => a + b.uram288, 0),
  };
  const resources = Object.fromEntries(
    (Object.keys(U50_CAPACITY) as U50Resource[]).map((k) => {
      const available = U50_CAPACITY[k];
      return [k, { used: used[k], available, percent: Math.round((10_000 * used[k]) / available) / 100 }];
    }),
  ) as Record<U50Resource, ResourceUse>;
  return { resources, lutAsMemory };
}

async function yosysVersion(): Promise<string | undefined> {
  const r = await execa('yosys', ['-V'], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** Synthesizes `files` (name + text) with native Yosys; reports a missing Yosys instead of failing. */
export async function yosysEstimate(
  top: string,
  files: readonly { name: string; text: string }[],
  blackboxed: readonly BlackBoxedMemory[] = [],
): Promise<Estimate> {
  const tool = await yosysVersion().catch(() => undefined);
  if (!tool) return { available: false, reason: 'native yosys is not installed (apt-get install -y yosys)' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ttforge-u50-'));
  try {
    const names = files.map((f, i) => {
      const name = `f${i}_${path.basename(f.name).replace(/[^A-Za-z0-9_.]/g, '_')}`;
      writeFileSync(path.join(dir, name), f.text);
      return name;
    });
    const command = `synth_xilinx -family xcup -flatten -noiopad -top ${top}`;
    const boxes = blackboxed.map((b) => `blackbox ${b.module}; `).join('');
    const script = `${names.map((n) => `read_verilog -sv ${n}`).join('; ')}; ${boxes}${command}; tee -q -o stat.json stat -json`;
    const r = await execa('yosys', ['-q', '-p', script], { cwd: dir, reject: false, all: true, timeout: 1_800_000 });
    if (r.exitCode !== 0) throw new Error(`yosys failed on ${top}:\n${(r.all ?? '').slice(-4000)}`);
    const stat = JSON.parse(readFileSync(path.join(dir, 'stat.json'), 'utf8')) as {
      design: { num_cells_by_type?: Record<string, number> };
    };
    const raw = stat.design.num_cells_by_type ?? {};
    const cells = Object.fromEntries(
      Object.keys(raw)
        .sort()
        .map((k) => [k, raw[k]!]),
    );
    const { resources, lutAsMemory } = countResources(cells, blackboxed);
    return {
      available: true,
      tool,
      part: U50_PART,
      top,
      command,
      resources,
      lutAsMemory,
      carry: { CARRY4: cells.CARRY4 ?? 0, CARRY8: cells.CARRY8 ?? 0 },
      cells,
      blackboxed: [...blackboxed],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LABEL: Record<U50Resource, string> = {
  lut: 'LUT',
  ff: 'FF',
  dsp: 'DSP48E2',
  bram36: 'BRAM36',
  uram288: 'URAM288',
};

export function estimateMarkdown(top: string, e: Estimate): string {
  if (!e.available) return `# Resource estimate of ${top}\n\nNot computed: ${e.reason}.\n`;
  return [
    `# Resource estimate of ${top} on the Alveo U50 (${e.part})`,
    '',
    `Yosys (\`${e.command}\`, ${e.tool}). An estimate: Yosys does not pack registers into DSP48E2`,
    'slices as Vivado does, and counts CARRY4 where Vivado uses CARRY8; the Vivado reports of',
    '`vivado.tcl` are the reference.',
    '',
    '| resource | used | U50 | % |',
    '|---|---|---|---|',
    ...(Object.keys(e.resources) as U50Resource[]).map(
      (k) =>
        `| ${LABEL[k]} | ${e.resources[k].used} | ${e.resources[k].available} | ${e.resources[k].percent.toFixed(2)} |`,
    ),
    '',
    `LUTs used as distributed RAM or shift registers: ${e.lutAsMemory}. Carry cells: ${e.carry.CARRY4} CARRY4, ${e.carry.CARRY8} CARRY8.`,
    '',
    ...e.blackboxed.map(
      (b) =>
        `Not synthesized: module \`${b.module}\` (${b.reason}); its storage is counted from the memory plan as ${b.bram36} BRAM36 and ${b.uram288} URAM288 (one copy).\n`,
    ),
  ].join('\n');
}
