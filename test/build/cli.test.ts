// The ttforge CLI end to end: exit codes, files written, messages that name the user's line.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

const cli = ['tsx', 'build/cli.ts'];
const hasTool = (t: string) => (process.env.PATH ?? '').split(path.delimiter).some((d) => existsSync(path.join(d, t)));
const run = (args: string[]) => execa('npx', [...cli, ...args], { reject: false, all: true });

describe('ttforge CLI', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ttforge-cli-'));

  it('build writes the Verilog and a manifest, with --param reaching the constructor', async () => {
    const out = path.join(dir, 'counter');
    const r = await run(['build', 'designs/examples/counter.ts', '--param', 'width=12', '--out', out]);
    assert.equal(r.exitCode, 0, r.all);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest, { top: 'Counter', modules: ['Counter'], files: ['Counter.v'] });
    assert.match(readFileSync(path.join(out, 'Counter.v'), 'utf8'), /output wire \[11:0\] count/);
  });

  it('a failed build reports file:line, exits non-zero and leaves the previous output untouched', async () => {
    const out = path.join(dir, 'keep');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'marker.txt'), 'previous build');
    const r = await run(['build', 'test/build/fixtures/width-error.ts', '--out', out]);
    assert.equal(r.exitCode, 1);
    assert.match(
      r.all ?? '',
      /test\/build\/fixtures\/width-error\.ts:10:\d+: error TTF100: width mismatch: assigning a 9-bit value to 'y' of 8 bits/,
    );
    assert.doesNotMatch(r.all ?? '', /\n\s+at /, 'no stack trace');
    assert.equal(readFileSync(path.join(out, 'marker.txt'), 'utf8'), 'previous build');
  });

  it('unknown parameters and missing files are user errors, not crashes', async () => {
    const p = await run(['build', 'designs/examples/counter.ts', '--param', 'depth=3', '--out', path.join(dir, 'x')]);
    assert.equal(p.exitCode, 1);
    assert.match(p.all ?? '', /Counter has no parameter 'depth' \(parameters: width \(number, default 8\)\)/);
    const f = await run(['build', 'designs/nope.ts', '--out', path.join(dir, 'y')]);
    assert.equal(f.exitCode, 1);
    assert.match(f.all ?? '', /design file not found: designs\/nope\.ts/);
    assert.equal(existsSync(path.join(dir, 'x')), false);
  });

  it('--sv writes SystemVerilog that Verilator and Icarus accept without warnings; --source-comments points at the user lines', async function () {
    const out = path.join(dir, 'fifo-sv');
    const r = await run(['build', 'designs/examples/fifo.ts', '--sv', '--source-comments', '--out', out]);
    assert.equal(r.exitCode, 0, r.all);
    const text = readFileSync(path.join(out, 'Fifo.sv'), 'utf8');
    assert.match(text, /always_ff @\(posedge clk\) begin/);
    assert.match(text, /always_comb begin/);
    assert.match(text, /\/\/ designs\/examples\/fifo\.ts:\d+:\d+/);
    if (!hasTool('verilator') || !hasTool('iverilog')) this.skip();
    const lint = await execa('verilator', ['--lint-only', '-Wall', path.join(out, 'Fifo.sv')], {
      reject: false,
      all: true,
    });
    assert.equal(lint.exitCode, 0, lint.all);
    assert.equal(lint.all, '');
    const iv = await execa('iverilog', ['-g2012', '-Wall', '-o', path.join(out, 'a.out'), path.join(out, 'Fifo.sv')], {
      reject: false,
      all: true,
    });
    assert.equal(iv.exitCode, 0, iv.all);
    assert.equal(iv.all, '');
  });

  it('sim --threads builds a multithreaded Verilator model (and refuses a bad count)', async function () {
    const bad = await run(['sim', 'sim/examples/mac-array.tb.ts', '--backend', 'builtin', '--threads', '0']);
    assert.equal(bad.exitCode, 1);
    assert.match(bad.all ?? '', /--threads 0: give a whole number of threads from 1 to 64/);
    if (!hasTool('verilator')) this.skip();
    this.timeout(600_000);
    const r = await run([
      'sim',
      'sim/examples/mac-array.tb.ts',
      '--only',
      '0',
      '--backend',
      'verilator',
      '--threads',
      '2',
    ]);
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.all ?? '', /PASS .*\[verilator\]/);
  });

  it('unknown commands list the available ones', async () => {
    const r = await run(['frobnicate']);
    assert.equal(r.exitCode, 2);
    assert.match(r.all ?? '', /unknown command 'frobnicate'/);
    for (const c of ['build', 'tt-cost', 'memplan', 'train']) assert.match(r.all ?? '', new RegExp(`\\n  ${c} `));
  });

  it('tt-cost prints the comparison table of a paper layer', async () => {
    const r = await run(['tt-cost', '--layer', 'attn', '--rank', '10', '--tokens', '32']);
    assert.equal(r.exitCode, 0, r.all);
    assert.match(r.all ?? '', /bi-directional/i);
    assert.match(r.all ?? '', /sequential/i);
    assert.match(r.all ?? '', /reconstruct/i);
    const bad = await run(['tt-cost', '--layer', 'nope', '--rank', '10', '--tokens', '32']);
    assert.notEqual(bad.exitCode, 0);
    assert.doesNotMatch(bad.all ?? '', /\n\s+at /);
  });
});
