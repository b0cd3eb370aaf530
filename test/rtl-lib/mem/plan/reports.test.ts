import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { planToSvg } from '../../../../rtl-lib/mem/plan/memory-map-svg.js';
import { planMemory } from '../../../../rtl-lib/mem/plan/planner.js';
import { writePlanReports } from '../../../../rtl-lib/mem/plan/report-files.js';
import { planToMarkdown } from '../../../../rtl-lib/mem/plan/report-markdown.js';
import { formatLive, stageRuns } from '../../../../rtl-lib/mem/plan/stage-runs.js';
import type { MemoryDesign } from '../../../../rtl-lib/mem/plan/tensor.js';

const STAGES = ['fp0', 'fp1', 'bp1', 'bp0', 'pu'];
const design: MemoryDesign = {
  name: 'demo',
  stages: STAGES,
  tensors: [
    { name: 'w', group: 'param', words: 8192, width: 32, maxPack: 2, live: STAGES },
    { name: 'x0', group: 'act', words: 2048, width: 32, live: ['fp0', 'fp1', 'bp1', 'bp0'] },
    { name: 'x1', group: 'act', words: 2048, width: 32, live: ['fp1', 'bp1'] },
    { name: 'scratch', group: 'tmp', words: 2048, width: 32, live: ['fp0', 'bp0'] },
    { name: 'big', group: 'act', words: 65536, width: 32, parallel: 2, maxPack: 2, live: ['fp1', 'bp1'] },
    { name: 'tiny', group: 'tmp', words: 4, width: 32, live: ['pu'] },
  ],
};

describe('rtl-lib/mem/plan reports', () => {
  it('draws one rectangle per run of live stages, a band per primitive kind and a legend per group', () => {
    const plan = planMemory(design);
    const svg = planToSvg(plan);
    const rects = (name: string) => (svg.match(new RegExp(`<title>${name} \\[`, 'g')) ?? []).length;
    assert.equal(rects('w'), 1);
    assert.equal(rects('scratch'), 2); // live in fp0 and bp0: two separate runs
    assert.equal(rects('tiny'), 0); // registers are not drawn
    for (const band of ['URAM288:', 'RAMB36:', 'RAMB18:']) assert.ok(svg.includes(band));
    for (const g of ['param', 'act', 'tmp']) assert.ok(svg.includes(`>${g} (`));
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('is deterministic: the same design gives the same bytes', () => {
    const a = planMemory(design);
    const b = planMemory({ ...design, tensors: [...design.tensors] });
    assert.equal(planToSvg(a), planToSvg(b));
    assert.equal(planToMarkdown(a), planToMarkdown(b));
  });

  it('writes JSON, Markdown and SVG side by side, and the JSON is the plan', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'memplan-'));
    try {
      const plan = planMemory(design);
      const files = writePlanReports(plan, dir, 'demo');
      const json = JSON.parse(readFileSync(files.json, 'utf8'));
      assert.equal(json.totals.bram36, plan.totals.bram36);
      assert.equal(json.tensors.length, design.tensors.length);
      const md = readFileSync(files.md, 'utf8');
      for (const t of design.tensors) assert.ok(md.includes(`| ${t.name} |`), t.name);
      assert.match(md, /\| URAM288 \| \d+ \| \d+ \| 640 \|/);
      assert.ok(readFileSync(files.svg, 'utf8').endsWith('</svg>\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('summarises live sets as runs of the schedule', () => {
    assert.deepEqual(stageRuns(STAGES, ['bp0', 'fp0', 'fp1']), [
      [0, 1],
      [3, 3],
    ]);
    assert.equal(formatLive(STAGES, ['fp0', 'fp1', 'bp0']), 'fp0..fp1, bp0');
    assert.equal(formatLive(STAGES, STAGES), 'all');
  });
});
