// Bad float unit configurations are user errors (TTF140, exit 1) naming the valid choices, at the
// user's line when the unit is made in a design file, never internal errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { command as buildCommand } from '../../../../build/commands/build.js';
import { DiagnosticError } from '../../../../dsl/index.js';
import { FpUnitModule } from '../../../../rtl-lib/fp/hw/fp-unit-module.js';
import type { UnitName } from '../../../../rtl-lib/fp/units.js';
import { markerLine, reportedPath } from '../../../support/diagnostics.js';

/** Runs `ttforge build` on the FP unit file and returns its exit code and what it printed on stderr. */
async function build(args: string[]): Promise<{ code: number; stderr: string }> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'fp-errors-'));
  const errors: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = () => undefined;
  console.error = (...m: unknown[]) => {
    errors.push(m.join(' '));
  };
  try {
    const code = await buildCommand.run(['rtl-lib/fp/hw/fp-unit-module.ts', ...args, '--out', out]);
    return { code, stderr: errors.join('\n') };
  } catch (e) {
    // The CLI entry point reports thrown errors; a UserError exits 1 with its message.
    const { reportError } = await import('../../../../build/report-error.js');
    const code = await reportError(e);
    return { code, stderr: errors.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
    rmSync(out, { recursive: true, force: true });
  }
}

function thrown(make: () => unknown): DiagnosticError {
  try {
    make();
  } catch (e) {
    if (e instanceof DiagnosticError) return e;
    throw e;
  }
  assert.fail('no error');
}

describe('rtl-lib/fp/hw: bad unit configurations are user errors', function () {
  this.timeout(60_000);
  it('build --param stages=99 on Fp32Add: exit 1, TTF140 naming the range 0..5 and the cut points', async () => {
    const r = await build(['--top', 'Fp32Add', '--param', 'stages=99']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /error TTF140: fp32 add: stages must be an integer from 0 to 5 \(one register per cut point: swap, align, sum, normalize, round\), got 99/,
    );
    assert.doesNotMatch(r.stderr, /internal error/);
  });
  it('build --param stages=abc on Fp32Div: exit 1, the parameter is a number', async () => {
    const r = await build(['--top', 'Fp32Div', '--param', 'stages=abc']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /--param stages=abc: Fp32Div's parameter stages is a number, got 'abc'$/);
  });
  it('build --top of an unknown unit class: exit 1, naming the classes there are', async () => {
    const r = await build(['--top', 'Fp32Divide']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /no exported module class named 'Fp32Divide' \(exports: .*Fp32Div,/);
  });
  it('an unknown unit name in a design: TTF140 at the line that made it, listing the units', () => {
    const e = thrown(() => new FpUnitModule('divide' as UnitName)); // @unknown-unit
    const d = e.diagnostics[0]!;
    assert.equal(d.code, 'TTF140');
    assert.match(d.message, /^unknown float unit 'divide': choose one of add, sub, mul, mac, .*, div, sqrt$/);
    assert.equal(d.loc?.file, reportedPath(import.meta.url));
    assert.equal(d.loc?.line, markerLine(import.meta.url, 'unknown-unit'));
  });
  it('an unknown cut point and a depth out of range in a design: TTF140 at the user line, naming the choices', () => {
    const e = thrown(() => new FpUnitModule('mul', { stages: ['unpack', 'rounding'] })); // @unknown-cut
    assert.equal(
      e.diagnostics[0]!.message,
      "fp32 mul: unknown cut point 'rounding'; the cut points are unpack, product, normalize, round",
    );
    assert.equal(e.diagnostics[0]!.loc?.line, markerLine(import.meta.url, 'unknown-cut'));
    const deep = thrown(() => new FpUnitModule('sqrt', { stages: 28 })); // @too-deep
    assert.match(deep.diagnostics[0]!.message, /^fp32 sqrt: stages must be an integer from 0 to 27 /);
    assert.equal(deep.diagnostics[0]!.loc?.line, markerLine(import.meta.url, 'too-deep'));
  });
});
