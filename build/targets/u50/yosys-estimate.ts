// The resource estimate of `--target u50`: Yosys by parts (build/tools/estimate-by-parts.ts: each
// distinct module synthesized once with `synth_xilinx -family xcup -flatten -noiopad`, its children
// black-boxed, counted once per instance; cached by content under out/synth-cache), set against the
// U50 as LUT / FF / DSP / BRAM36 / URAM288. An estimate, not Vivado's numbers: see docs/u50.md for how
// Yosys and Vivado differ (DSP packing, CARRY4 vs CARRY8).
import path from 'node:path';
import { type Design, type EmittedDesign, UserError } from '../../../dsl/index.js';
import { type CellCounts, countCells } from '../../tools/cells.js';
import { estimateByParts } from '../../tools/estimate-by-parts.js';
import { yosysTool } from '../../tools/yosys.js';
import { U50_CAPACITY, U50_PART, type U50Resource } from './u50-device.js';

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
  /** Worst LUT levels inside any part (paths crossing a module boundary are not followed). */
  lutLevels: number;
  /** Each distinct module: instances and its own resources for one instance. */
  parts: {
    module: string;
    count: number;
    lut: number;
    ff: number;
    dsp: number;
    bram36: number;
    uram288: number;
    lutLevels: number;
  }[];
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

export const U50_SYNTH_COMMAND = 'synth_xilinx -family xcup -flatten -noiopad, by parts';

/** Where results of parts are cached (TTFORGE_SYNTH_CACHE overrides). */
export const defaultSynthCacheDir = (): string => path.resolve(process.env.TTFORGE_SYNTH_CACHE ?? 'out/synth-cache');

/** Cell counts as resources against the U50; black-boxed memories add their planned storage (one copy each). */
export function u50Resources(
  counts: CellCounts,
  blackboxed: readonly BlackBoxedMemory[] = [],
): Record<U50Resource, ResourceUse> {
  const used: Record<U50Resource, number> = {
    lut: counts.lut,
    ff: counts.ff,
    dsp: counts.dsp,
    bram36: counts.bram36 + blackboxed.reduce((a, b) => a + b.bram36, 0),
    uram288: counts.uram288 + blackboxed.reduce((a, b) => a + b.uram288, 0),
  };
  return Object.fromEntries(
    (Object.keys(U50_CAPACITY) as U50Resource[]).map((k) => {
      const available = U50_CAPACITY[k];
      return [k, { used: used[k], available, percent: Math.round((10_000 * used[k]) / available) / 100 }];
    }),
  ) as Record<U50Resource, ResourceUse>;
}

/** Turns Yosys cell counts into resource counts against the U50. */
export function countResources(
  cells: Record<string, number>,
  blackboxed: readonly BlackBoxedMemory[] = [],
): { resources: Record<U50Resource, ResourceUse>; lutAsMemory: number } {
  const counts = countCells(cells);
  return { resources: u50Resources(counts, blackboxed), lutAsMemory: counts.lutAsMemory };
}

export interface EstimateOptions {
  cacheDir?: string;
  progress?: (line: string) => void;
}

/** The by-parts Yosys estimate of a design against the U50; `blackboxed` modules are counted from the plan. */
export async function yosysEstimate(
  design: Design,
  emitted: EmittedDesign,
  blackboxed: readonly BlackBoxedMemory[] = [],
  opts: EstimateOptions = {},
): Promise<Estimate> {
  const tool = await yosysTool().catch((e: unknown) => {
    if (e instanceof UserError) return e.message;
    throw e;
  });
  if (typeof tool === 'string') return { available: false, reason: tool };
  const r = await estimateByParts(design, emitted, {
    leaveOut: blackboxed.map((b) => b.module),
    cacheDir: opts.cacheDir ?? defaultSynthCacheDir(),
    progress: opts.progress,
  });
  const t = r.total;
  return {
    available: true,
    tool: r.tool,
    part: U50_PART,
    top: emitted.top,
    command: U50_SYNTH_COMMAND,
    resources: u50Resources(t, blackboxed),
    lutAsMemory: t.lutAsMemory,
    carry: { CARRY4: t.carry4, CARRY8: t.carry8 },
    cells: t.cells,
    lutLevels: r.lutLevels,
    parts: r.parts.map((p) => ({
      module: p.module,
      count: p.count,
      lut: p.counts.lut,
      ff: p.counts.ff,
      dsp: p.counts.dsp,
      bram36: p.counts.bram36,
      uram288: p.counts.uram288,
      lutLevels: p.lutLevels,
    })),
    blackboxed: [...blackboxed],
  };
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
    `Yosys (\`${e.command}\`, ${e.tool}): each distinct module synthesized once with its children`,
    'black-boxed and counted once per instance, so optimisation across module boundaries is not seen.',
    'An estimate: Yosys does not pack registers into DSP48E2',
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
    `Worst logic depth inside a module: ${e.lutLevels} LUT levels.`,
    '',
    '| module | instances | LUT | FF | DSP | BRAM36 | URAM288 | LUT levels |',
    '|---|---|---|---|---|---|---|---|',
    ...e.parts.map(
      (p) =>
        `| ${p.module} | ${p.count} | ${p.lut} | ${p.ff} | ${p.dsp} | ${p.bram36} | ${p.uram288} | ${p.lutLevels} |`,
    ),
    '',
    ...e.blackboxed.map(
      (b) =>
        `Not synthesized: module \`${b.module}\` (${b.reason}); its storage is counted from the memory plan as ${b.bram36} BRAM36 and ${b.uram288} URAM288 (one copy).\n`,
    ),
  ].join('\n');
}
