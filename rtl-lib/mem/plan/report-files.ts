// Writes a plan's three reports side by side: <base>.json, <base>.md and <base>.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planToSvg } from './memory-map-svg.js';
import type { MemoryPlan } from './plan-types.js';
import { planToMarkdown } from './report-markdown.js';

/** The plan as JSON (Infinity thresholds become null). Deterministic: field order is fixed by the planner. */
export function planToJson(plan: MemoryPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export function writePlanReports(
  plan: MemoryPlan,
  dir: string,
  base: string,
): { json: string; md: string; svg: string } {
  mkdirSync(dir, { recursive: true });
  const files = {
    json: path.join(dir, `${base}.json`),
    md: path.join(dir, `${base}.md`),
    svg: path.join(dir, `${base}.svg`),
  };
  writeFileSync(files.json, planToJson(plan));
  writeFileSync(files.md, planToMarkdown(plan));
  writeFileSync(files.svg, planToSvg(plan));
  return files;
}
