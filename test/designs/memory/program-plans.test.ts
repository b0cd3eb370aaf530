// The whole-model kernel's memory planned from the compiled training program (program-memory.ts,
// program-plans.ts): every region in exactly one memory and inside it, the stream memories holding
// exactly their roles' words, the lane memory as 17 Fermat banks per copy, and the planner's URAM288
// count equal to the count written out by hand from the organisation (bank rounding included).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PROGRAM_MEMORY, programMemory } from '../../../designs/memory/program-memory.js';
import { planProgramCase, writeProgramPlanReports } from '../../../designs/memory/program-plans.js';
import { compileTrainingStep } from '../../../designs/program/compile-model.js';
import { presetConfig } from '../../../designs/transformer/presets.js';

describe('memory/program-plans: the kernel memory from the compiled program', () => {
  it('small preset, 2 layers, Adam: regions inside their memories, streams hold exactly their roles', () => {
    const cfg = presetConfig('small', { layers: 2 });
    const c = compileTrainingStep(
      cfg,
      Array.from({ length: cfg.maxTokens }, (_, i) => i % cfg.vocab),
      'adam',
    );
    const m = programMemory(c, 'small-L2');
    const byRole = (role: string) => c.layout.regions.filter((r) => r.role === role).reduce((s, r) => s + r.words, 0);
    assert.equal(m.words.param, byRole('param'));
    assert.equal(m.words.grad, byRole('grad'));
    assert.equal(m.words['adam-m'] + m.words['adam-v'], byRole('optimizer'));
    assert.equal(m.words.lane, c.layout.words - c.persistentWords);
    for (const r of m.regions) assert.ok(r.address >= 0 && r.address + r.words <= m.words[r.memory], r.name);
    // Stream memories: regions end to end, no overlap.
    for (const mem of ['param', 'grad', 'adam-m', 'adam-v', 'small'] as const) {
      const rs = m.regions.filter((r) => r.memory === mem).sort((a, b) => a.address - b.address);
      rs.forEach((r, i) => {
        if (i > 0) assert.equal(r.address, rs[i - 1]!.address + rs[i - 1]!.words, r.name);
      });
    }
    const lanes = m.design.tensors.filter((t) => t.group === 'lane memory');
    assert.equal(lanes.length, 17);
    for (const t of lanes) assert.equal(t.words, Math.ceil(m.words.lane / 16));
  });

  it('paper model, 1 layer, rank 10, Adam: URAM288 as counted from the organisation, and it fits', () => {
    const r = planProgramCase({ layers: 1, rank: 10, optimizer: 'adam' });
    const w = r.memory.words;
    // A lane bank: ceil(lane / 16) words, two per 72-bit row, 4K rows per URAM288.
    const bank = Math.ceil(Math.ceil(w.lane / 16) / 2 / 4096);
    // A stream memory: 16 words per cycle = 8 URAM288 side by side (2 words each), cascaded in depth.
    const stream = (words: number) => 8 * Math.ceil(Math.ceil(words / 16) / 4096);
    const planes = [w.param, w.grad, w['adam-m'], w['adam-v']];
    const allUram = planProgramCase(
      { layers: 1, rank: 10, optimizer: 'adam' },
      { ...DEFAULT_PROGRAM_MEMORY, planeBram36: 0 },
    );
    assert.equal(allUram.plan.totals.uram288, 17 * bank + planes.reduce((s, x) => s + stream(x), 0));
    assert.equal(allUram.plan.totals.bram36, 0);
    // By default the planes go to BRAM (it allocates less here): 8 RAMB36 512x72 side by side (2 words
    // each), cascaded in depth; the lane memory stays in URAM.
    const bramPlane = (words: number) => 8 * Math.ceil(Math.ceil(words / 16) / 512);
    assert.equal(r.plan.totals.uram288, 17 * bank);
    assert.equal(
      r.plan.totals.bram36,
      planes.reduce((s, x) => s + bramPlane(x), 0),
    );
    assert.ok(r.plan.totals.bram36 <= DEFAULT_PROGRAM_MEMORY.planeBram36);
    assert.ok(r.plan.totals.mib < allUram.plan.totals.mib);
    assert.ok(r.plan.totals.fits);
    assert.ok(r.reduction > 10, `reduction ${r.reduction}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'ttf-progplan-'));
    const files = writeProgramPlanReports(r, dir, 'p');
    assert.equal(files.length, 6);
    const svg = readFileSync(path.join(dir, 'p.regions.svg'), 'utf8');
    assert.equal((svg.match(/<rect /g) ?? []).length, r.memory.regions.filter((x) => x.memory === 'lane').length);
    assert.match(readFileSync(path.join(dir, 'p.regions.md'), 'utf8'), /\| fwd\.layer0\.Q \| activation \| lane \|/);
    // Deterministic.
    const again = writeProgramPlanReports(planProgramCase({ layers: 1, rank: 10, optimizer: 'adam' }), dir, 'q');
    assert.equal(readFileSync(again[5]!, 'utf8'), svg);
  });
});
