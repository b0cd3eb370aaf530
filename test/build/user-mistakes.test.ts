// Every user mistake of issue #19 item 2 reaches the user as a user error (exit 1, never the internal
// error's 70), with its code, a message saying what to do, and the file:line of the user's code.
// The cases run the build command and the CLI's error report in this process (a spawned CLI costs
// seconds per case); one case spawns the real CLI to show the exit code end to end.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { command as buildCommand } from '../../build/commands/build.js';
import { reportError } from '../../build/report-error.js';

const fixtures = 'test/build/fixtures';

/** `ttforge build <args>` as the CLI runs it: the command, and the report of what it threw. */
async function build(...args: string[]): Promise<{ code: number; stderr: string }> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'ttforge-mistake-'));
  const errors: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = () => undefined;
  console.error = (...m: unknown[]) => void errors.push(m.join(' '));
  try {
    const code = await buildCommand.run([...args, '--out', out]);
    return { code, stderr: errors.join('\n') };
  } catch (e) {
    const code = await reportError(e);
    return { code, stderr: errors.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
    rmSync(out, { recursive: true, force: true });
  }
}

function assertUserError(r: { code: number; stderr: string }, where: string, code: string, message: RegExp): void {
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const head = r.stderr.split('\n')[0] ?? '';
  assert.ok(head.startsWith(`${where}: error ${code}: `), head);
  assert.match(head, message);
}

describe('user mistakes are user errors at the user line', function () {
  this.timeout(120_000);

  it('a TypeScript syntax error: TTF180 at its line and column', async () => {
    // Kept as .txt in the repo so tsc and Biome do not trip over it; built from a copy under out/.
    const dir = path.join('out', 'test-fixtures');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'syntax-error.ts');
    copyFileSync(path.join(fixtures, 'syntax-error.ts.txt'), file);
    const r = await build(file);
    assertUserError(r, `${file}:7:11`, 'TTF180', /Unexpected ";"; fix the TypeScript at this line$/);
  });

  it('an import of a file that does not exist: TTF180 at the import', async () => {
    const r = await build(`${fixtures}/missing-import.ts`);
    assertUserError(
      r,
      `${fixtures}/missing-import.ts:4:27`,
      'TTF180',
      /^.*cannot find 'no-such-helper\.js' imported here; check the path$/,
    );
  });

  it('a misspelled method: TTF181 naming the method the user meant', async () => {
    const r = await build(`${fixtures}/misspelled-method.ts`);
    assertUserError(
      r,
      `${fixtures}/misspelled-method.ts:9:32`,
      'TTF181',
      /the design's code threw TypeError: this\.a\.addd is not a function; did you mean 'add'\?$/,
    );
  });

  it('a port field named input that hides Module.input(): TTF131 at the next call', async () => {
    const r = await build(`${fixtures}/shadowed-method.ts`);
    assertUserError(
      r,
      `${fixtures}/shadowed-method.ts:6:25`,
      'TTF131',
      /a field named 'input' hides the Module method input\(\), so this\.input\(\.\.\.\) no longer reaches it; rename the field/,
    );
  });

  it('a port field named reg does not break an Fsm, which calls Module.reg() itself', async () => {
    const r = await build(`${fixtures}/field-named-reg.ts`);
    assert.equal(r.code, 0, r.stderr);
  });

  it('Fp32Add(9): TTF140 naming the valid stage counts', async () => {
    const r = await build(`${fixtures}/fp-stages.ts`);
    assertUserError(r, `${fixtures}/fp-stages.ts:8:19`, 'TTF140', /fp32 add: stages must be an integer from 0 to 5/);
  });

  it('a refused RAM configuration: TTF140 with the reason and the fix', async () => {
    const r = await build(`${fixtures}/ram-refused.ts`);
    assertUserError(
      r,
      `${fixtures}/ram-refused.ts:8:19`,
      'TTF140',
      /RAM configuration: a block RAM reads synchronously: latency 0 needs style 'distributed' or 'registers'$/,
    );
  });

  it("an Error thrown by the design's own constructor on --param beats=0: TTF181 at the throw", async () => {
    const r = await build(`${fixtures}/constructor-throws.ts`, '--param', 'beats=0');
    assertUserError(
      r,
      `${fixtures}/constructor-throws.ts:10:26`,
      'TTF181',
      /the design's code threw Error: beats must be at least 1, got 0; fix the design, or the parameters it was given \(--param\)$/,
    );
  });

  it('a width the DSL refuses at once: TTF103 at the user line', async () => {
    const r = await build(`${fixtures}/zero-width.ts`);
    assertUserError(
      r,
      `${fixtures}/zero-width.ts:7:30`,
      'TTF103',
      /UInt: width must be an integer from 1 to 65536, got 0/,
    );
  });

  it("an FP unit's in_valid never driven: TTF116 naming the instance and port, at the line that made it", async () => {
    const r = await build(`${fixtures}/fp-in-valid-undriven.ts`);
    assertUserError(
      r,
      `${fixtures}/fp-in-valid-undriven.ts:11:22`,
      'TTF116',
      /^.*input 'in_valid' of instance 'mul' \(Fp32Mul\) is never driven: set it after the instance is made \(a constant if it is unused\)$/,
    );
  });

  it('an Fsm whose build() is never called: TTF117 at the line that made it', async () => {
    const r = await build(`${fixtures}/fsm-never-built.ts`);
    assertUserError(
      r,
      `${fixtures}/fsm-never-built.ts:10:17`,
      'TTF117',
      /FSM Ctl is made here but build\(\) is never called, so its state register only ever resets: call build\(\) after its on\(\.\.\.\) states$/,
    );
  });

  it('an error thrown inside ttforge itself stays an internal error (exit 70)', async () => {
    const r = await build(`${fixtures}/internal-fault.ts`);
    assert.equal(r.code, 70, r.stderr);
    assert.match(r.stderr, /^ttforge: internal error: /);
  });

  it('the ttforge bin exits 1 with the same report', async () => {
    const r = await execa(
      'node',
      ['build/bin/ttforge.js', 'build', `${fixtures}/misspelled-method.ts`, '--out', 'out/x'],
      {
        reject: false,
        all: true,
      },
    );
    assert.equal(r.exitCode, 1, r.all);
    assert.match(r.all ?? '', /misspelled-method\.ts:9:32: error TTF181: .*did you mean 'add'\?/);
  });
});
