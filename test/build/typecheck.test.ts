// Type-checking the user's design before ttforge runs it (build/typecheck.ts): errors at the user's
// file:line, a passed check remembered until a file it read changes, --no-typecheck to skip.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { typecheckUserFile } from '../../build/typecheck.js';

const bin = path.resolve('build/bin/ttforge.js');
const run = (args: string[], cwd?: string) =>
  execa(process.execPath, [bin, ...args], { reject: false, all: true, ...(cwd ? { cwd } : {}) });

describe('ttforge build: type-checking the design', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ttforge-tc-'));

  it('reports a type error at its line with its TypeScript code (exit 1), and --no-typecheck builds anyway', async () => {
    // Written here, not kept as a fixture: the repository's own tsc would fail on it.
    writeFileSync(
      path.join(dir, 'type-error.ts'),
      `import { Module, UInt } from 'ttforge/dsl';\n\nexport class TypeError1 extends Module {\n` +
        `  readonly a = this.input(UInt(8));\n  readonly y = this.output(UInt(8));\n  constructor() {\n    super();\n` +
        `    // a type error that runs anyway (no @ts-expect-error on purpose)\n` +
        `    const step: string = 1;\n    this.y.set(this.a.add(Number(step)));\n  }\n}\n`,
    );
    const out = path.join(dir, 'te');
    const r = await run(['build', 'type-error.ts', '--out', out], dir);
    assert.equal(r.exitCode, 1, r.all);
    assert.match(
      r.all ?? '',
      /^type-error\.ts:9:11: error TS2322: Type 'number' is not assignable to type 'string'\./m,
    );
    assert.match(r.all ?? '', /1 type error\(s\); fix them, or skip the check with --no-typecheck/);
    assert.doesNotMatch(r.all ?? '', /internal error|\n\s+at /);
    const skipped = await run(['build', 'type-error.ts', '--out', out, '--no-typecheck'], dir);
    assert.equal(skipped.exitCode, 0, skipped.all);
  });

  it('a check that passed is remembered until a file it read changes', async () => {
    const lib = path.join(dir, 'width.ts');
    const top = path.join(dir, 'top.ts');
    writeFileSync(lib, 'export const width: number = 4;\n');
    writeFileSync(
      top,
      `import { Module, UInt } from 'ttforge/dsl';\nimport { width } from './width.js';\n` +
        `export class Top extends Module {\n  readonly y = this.output(UInt(width));\n  constructor() {\n    super();\n    this.y.set(3);\n  }\n}\n`,
    );
    assert.equal((await typecheckUserFile(top)).outcome, 'passed');
    const again = await typecheckUserFile(top);
    assert.equal(again.outcome, 'cached');
    assert.deepEqual(again.files.sort(), [top, lib].sort(), 'the user files, not ttforge or lib files');
    // The imported file changes (different size): checked again, and its new error is found.
    writeFileSync(lib, "export const width: number = 'four';\n");
    await assert.rejects(typecheckUserFile(top), (e: Error) => {
      assert.match(e.message, /width\.ts:1:14: error TS2322: Type 'string' is not assignable to type 'number'/);
      return true;
    });
    writeFileSync(lib, 'export const width: number = 5;\n');
    assert.equal((await typecheckUserFile(top)).outcome, 'passed');
  });

  it('sim type-checks the testbench file too', async () => {
    const tb = path.join(dir, 'bad.tb.ts');
    writeFileSync(
      tb,
      `import { defineTestbench } from 'ttforge/sim';\nimport { Module } from 'ttforge/dsl';\nclass Empty extends Module {}\n` +
        `export default defineTestbench({\n  name: 'x',\n  design: () => new Empty(),\n  async run(sim) {\n    sim.poke('a');\n  },\n});\n`,
    );
    const r = await run(['sim', tb, '-b', 'builtin'], dir);
    assert.equal(r.exitCode, 1, r.all);
    assert.match(r.all ?? '', /^bad\.tb\.ts:8:9: error TS2554: Expected 2 arguments, but got 1\./m);
  });
});
