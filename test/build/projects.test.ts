// A user's own project outside the checkout (item 7 of issue 19): ttforge init, build and simulate
// through the public exports (ttforge/dsl, ttforge/sim), with and without ttforge installed in the
// project, and a lone design file with no package.json at all.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import ts from 'typescript';

const root = path.resolve('.');
const bin = path.join(root, 'build/bin/ttforge.js');
const run = (args: string[], cwd: string, launcher = bin) =>
  execa(process.execPath, [launcher, ...args], { reject: false, all: true, cwd });

describe('projects outside the checkout', function () {
  this.timeout(180_000);
  const base = mkdtempSync(path.join(tmpdir(), 'ttforge-proj-'));
  const proj = path.join(base, 'blinky');

  before(async () => {
    const r = await run(['init', proj], base);
    assert.equal(r.exitCode, 0, r.all);
  });

  it('init writes a design, a testbench, package.json depending on this ttforge by file: path, and tsconfig', () => {
    for (const f of ['package.json', 'tsconfig.json', 'src/blinker.ts', 'test/blinker.tb.ts', '.gitignore'])
      assert.ok(existsSync(path.join(proj, f)), f);
    const pkg = JSON.parse(readFileSync(path.join(proj, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'blinky');
    assert.equal(pkg.type, 'module');
    assert.match(pkg.devDependencies.ttforge, /^file:/);
    assert.equal(path.resolve(proj, pkg.devDependencies.ttforge.slice('file:'.length)), root);
    assert.match(readFileSync(path.join(proj, 'src/blinker.ts'), 'utf8'), /from 'ttforge\/dsl'/);
  });

  it('init refuses a folder that is not empty (exit 1)', async () => {
    const r = await run(['init', proj], base);
    assert.equal(r.exitCode, 1);
    assert.match(r.all ?? '', /blinky is not empty; give a new or empty folder/);
  });

  it('builds and simulates the starter project before npm install (ttforge/... means the running ttforge)', async () => {
    const b = await run(['build', 'src/blinker.ts', '--param', 'period=5', '--out', 'out/b'], proj);
    assert.equal(b.exitCode, 0, b.all);
    const v = readFileSync(path.join(proj, 'out/b/Blinker.v'), 'utf8');
    assert.match(v, /^module Blinker \(/m);
    assert.match(v, /wire last = count == 3'd4;/);
    const s = await run(['sim', 'test/blinker.tb.ts', '--backend', 'builtin'], proj);
    assert.equal(s.exitCode, 0, s.all);
    assert.match(s.all ?? '', /^PASS blinker toggles every period cycles while enabled \[builtin\] 23 cycles/m);
  });

  describe('with ttforge installed as npm does for a file: dependency (node_modules/ttforge -> the checkout)', () => {
    before(() => {
      mkdirSync(path.join(proj, 'node_modules'), { recursive: true });
      if (!existsSync(path.join(proj, 'node_modules/ttforge')))
        symlinkSync(root, path.join(proj, 'node_modules/ttforge'), 'dir');
    });

    it("the project's bin builds, and a failing expectation names the testbench's signal (exit 1)", async () => {
      const launcher = path.join(proj, 'node_modules/ttforge/build/bin/ttforge.js');
      const b = await run(['build', 'src/blinker.ts', '--out', 'out/c'], proj, launcher);
      assert.equal(b.exitCode, 0, b.all);
      const tb = readFileSync(path.join(proj, 'test/blinker.tb.ts'), 'utf8');
      writeFileSync(path.join(proj, 'test/wrong.tb.ts'), tb.replace("'led', 1, 'held", "'led', 0, 'held"));
      const s = await run(['sim', 'test/wrong.tb.ts', '--backend', 'builtin'], proj, launcher);
      assert.equal(s.exitCode, 1, s.all);
      assert.match(s.all ?? '', /FAIL blinker toggles/);
      assert.match(s.all ?? '', /led/);
    });

    it("TypeScript resolves ttforge/dsl and ttforge/sim through the package's exports: the project type-checks", () => {
      const cfg = ts.getParsedCommandLineOfConfigFile(
        path.join(proj, 'tsconfig.json'),
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) },
      )!;
      // @types/node as the project's npm install would provide it (a devDependency init writes).
      const options = { ...cfg.options, typeRoots: [path.join(root, 'node_modules/@types')] };
      const program = ts.createProgram({ rootNames: cfg.fileNames, options });
      const errors = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.formatDiagnostic(d, ts.createCompilerHost(options)));
      assert.deepEqual(errors, [], 'the project and the ttforge sources it reaches, under the tsconfig init wrote');
      const files = program.getSourceFiles().map((f) => f.fileName);
      assert.ok(files.includes(path.join(root, 'dsl/index.ts')), 'ttforge/dsl is the library source');
      assert.ok(files.includes(path.join(root, 'sim/index.ts')), 'ttforge/sim is the library source');
    });

    it('tsx runs a script of the project that imports ttforge/dsl, with no build step', async () => {
      const script = path.join(proj, 'test/emit.ts');
      writeFileSync(
        script,
        `import { elaborate, emitVerilog } from 'ttforge/dsl';\nimport { Blinker } from '../src/blinker.js';\n` +
          `console.log(emitVerilog(elaborate(new Blinker({ period: 4 }))).files[0]?.text);\n`,
      );
      const r = await execa(process.execPath, ['--import', import.meta.resolve('tsx/esm'), script], {
        reject: false,
        all: true,
        cwd: proj,
      });
      assert.equal(r.exitCode, 0, r.all);
      assert.match(r.stdout, /^module Blinker \(/m);
    });
  });

  it('a lone design file with no package.json builds, importing ttforge by path or by name', async () => {
    const lone = path.join(base, 'lone');
    mkdirSync(lone);
    const body = `export class Lone extends Module {\n  readonly y = this.output(UInt(4));\n  constructor() {\n    super();\n    this.y.set(9);\n  }\n}\n`;
    writeFileSync(path.join(lone, 'by-path.ts'), `import { Module, UInt } from '${root}/dsl/index.js';\n${body}`);
    writeFileSync(path.join(lone, 'by-name.ts'), `import { Module, UInt } from 'ttforge/dsl';\n${body}`);
    for (const f of ['by-path.ts', 'by-name.ts']) {
      const r = await run(['build', f, '--out', `out-${f}`], lone);
      assert.equal(r.exitCode, 0, `${f}: ${r.all}`);
      assert.match(readFileSync(path.join(lone, `out-${f}`, 'Lone.v'), 'utf8'), /assign y = 4'd9;/);
    }
  });

  it('a file that does not compile or imports what does not exist: a user error at its line (exit 1)', async () => {
    const dir = path.join(base, 'broken');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'syntax.ts'),
      "import { Module } from 'ttforge/dsl';\nexport class S extends Module {\n  x = = 1;\n}\n",
    );
    writeFileSync(
      path.join(dir, 'missing.ts'),
      "import { Module } from 'ttforge/nope';\nexport class M extends Module {}\n",
    );
    const s = await run(['build', 'syntax.ts', '--out', 'o', '--no-typecheck'], dir);
    assert.equal(s.exitCode, 1, s.all);
    assert.match(s.all ?? '', /^syntax\.ts:3:7: error TTF180: Unexpected "="; fix the TypeScript at this line/m);
    const m = await run(['build', 'missing.ts', '--out', 'o', '--no-typecheck'], dir);
    assert.equal(m.exitCode, 1, m.all);
    assert.match(
      m.all ?? '',
      /^missing\.ts:1:24: error TTF180: Could not resolve "ttforge\/nope" \(ttforge's public modules: \./m,
    );
    assert.doesNotMatch(`${s.all}${m.all}`, /internal error/);
  });
});
