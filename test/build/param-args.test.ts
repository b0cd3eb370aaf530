// --param against a module's declared parameters (build/param-args.ts): names checked, values parsed
// as the type of each default, and the constructor without a default named with the fix.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { Module, UInt, UserError, param, withDefaults, type ParamsOf } from '../../dsl/index.js';
import { constructTop } from '../../build/param-args.js';
import { Counter } from '../../designs/examples/counter.js';

class Knobs extends Module {
  static readonly params = { width: 8, name: 'core', fast: false, seed: 5n, depth: param.number() };
  readonly got: ParamsOf<typeof Knobs.params>;
  readonly resolved;
  constructor(p: ParamsOf<typeof Knobs.params> = {}) {
    super();
    this.got = p;
    this.resolved = withDefaults(Knobs.params, p);
  }
}

class NeedsWidth extends Module {
  constructor(width: number, depth = 4) {
    super({ width, depth });
    this.output(UInt(width));
  }
}

class Legacy extends Module {
  static readonly paramNames = ['width'];
}

class NoParams extends Module {}

const build = (cls: Parameters<typeof constructTop>[0], ...pairs: string[]) => constructTop(cls, pairs, 'design.ts');
const refused = (f: () => unknown, message: string) =>
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof UserError, String(e));
    assert.equal(e.message, message);
    return true;
  });

describe('build: --param against declared parameters', () => {
  it('each value is parsed as the type of its default and reaches the constructor as one object', () => {
    const k = build(Knobs, 'width=0x10', 'name=edge', 'fast=true', 'seed=-12', 'depth=3.5') as Knobs;
    assert.deepEqual(k.got, { width: 16, name: 'edge', fast: true, seed: -12n, depth: 3.5 });
  });

  it('what is not given keeps its default; one declared without a default stays undefined', () => {
    const k = build(Knobs) as Knobs;
    assert.deepEqual(k.got, {});
    assert.deepEqual(k.resolved, { width: 8, name: 'core', fast: false, seed: 5n, depth: undefined });
    assert.equal((build(Counter, 'width=12') as Counter).width, 12);
  });

  it('an unknown name is an error naming every valid one with its type and default', () => {
    refused(
      () => build(Counter, 'depth=3'),
      "design.ts: Counter has no parameter 'depth' (parameters: width (number, default 8))",
    );
    refused(
      () => build(Knobs, 'wdith=3'),
      "design.ts: Knobs has no parameter 'wdith' (parameters: width (number, default 8), name (string, default core), fast (boolean, default false), seed (bigint, default 5), depth (number))",
    );
  });

  it('a value that is not of the parameter type says what was expected', () => {
    refused(
      () => build(Counter, 'width=wide'),
      "--param width=wide: Counter's parameter width is a number (default 8), got 'wide'",
    );
    refused(
      () => build(Knobs, 'fast=yes'),
      "--param fast=yes: Knobs's parameter fast is a boolean (true or false) (default false), got 'yes'",
    );
    refused(
      () => build(Knobs, 'seed=1.5'),
      "--param seed=1.5: Knobs's parameter seed is an integer (a bigint) (default 5), got '1.5'",
    );
    refused(() => build(Knobs, 'depth='), "--param depth=: Knobs's parameter depth is a number, got ''");
  });

  it('malformed and repeated pairs are refused', () => {
    refused(() => build(Counter, 'width'), '--param width: expected name=value, e.g. --param width=16');
    refused(() => build(Counter, 'width=1', 'width=2'), '--param width is given twice');
  });

  it('a constructor parameter without a default names the module, the parameter and --param', () => {
    refused(
      () => build(NeedsWidth),
      "design.ts: NeedsWidth's constructor takes 'width' without a default, and the CLI builds the top module from --param values only: declare it, static readonly params = { width: <default> }, take the object, constructor(p: ParamsOf<typeof NeedsWidth.params> = {}), and pass --param width=value (docs/language.md, Parameters)",
    );
  });

  it('a class that declares no parameters, or still lists static paramNames, says how to declare them', () => {
    refused(
      () => build(NoParams, 'width=3'),
      'design.ts: NoParams declares no parameters, so --param width cannot reach it; declare them on the class with their defaults, static readonly params = { width: ... }, and take them as one object, constructor(p: ParamsOf<typeof NoParams.params> = {}) (docs/language.md, Parameters)',
    );
    refused(
      () => build(Legacy),
      'design.ts: Legacy lists static paramNames, which ttforge no longer reads: declare the parameters once with their defaults, static readonly params = { width: 8 }, and take them as one object, constructor(p: ParamsOf<typeof Legacy.params> = {}) (docs/language.md, Parameters)',
    );
    assert.ok(build(NoParams) instanceof NoParams);
  });

  it('the ttforge bin builds Counter under its own name with --param width=12 (its compiled cache keeps class names)', async function () {
    this.timeout(120_000);
    const out = mkdtempSync(path.join(os.tmpdir(), 'ttforge-bin-counter-'));
    const r = await execa(
      'node',
      ['build/bin/ttforge.js', 'build', 'designs/examples/counter.ts', '--param', 'width=12', '--out', out],
      {
        reject: false,
        all: true,
      },
    );
    assert.equal(r.exitCode, 0, r.all);
    assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).modules, ['Counter']);
    assert.match(readFileSync(path.join(out, 'Counter.v'), 'utf8'), /^module Counter \(/m);
    assert.match(readFileSync(path.join(out, 'Counter.v'), 'utf8'), /output wire \[11:0\] count/);
  });
});
