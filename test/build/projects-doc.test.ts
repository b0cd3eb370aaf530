// docs/projects.md must stay true: every command and option it shows is one the CLI has, every file
// of ttforge it names exists, every `ttforge/...` import resolves through the package's exports to a
// file exporting the names listed with it, init's table is what init writes, its TTF codes exist, and
// its design and testbench build and pass (in this process, on the built-in simulator: cheap).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from '../../build/command.js';
import { starterFiles } from '../../build/commands/init.js';
import { DiagnosticCodes } from '../../dsl/diagnostics.js';
import { reportError } from '../../build/report-error.js';

const root = path.resolve('.');
const doc = readFileSync(path.join(root, 'docs/projects.md'), 'utf8');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string>;
  scripts: Record<string, string>;
};

/** Fenced blocks of one language, with the text inside. */
const blocks = (lang: string): string[] =>
  [...doc.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\``, 'gm'))].map((m) => m[1]!);
/** Inline `code` spans outside fenced blocks. */
const inline = (text: string): string[] =>
  [...text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
/** The text of one `## ` section. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}`);
  assert.ok(start >= 0, `section ${title}`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

async function command(name: string): Promise<Command> {
  const file = path.join(root, 'build/commands', `${name}.ts`);
  assert.ok(existsSync(file), `ttforge ${name}: no such command`);
  return ((await import(pathToFileURL(file).href)) as { command: Command }).command;
}

/** `ttforge/<sub>` -> the file the package's exports map it to (exact key, else the longest pattern). */
function resolveExport(spec: string): string | undefined {
  const sub = spec === 'ttforge' ? '.' : `.${spec.slice('ttforge'.length)}`;
  if (pkg.exports[sub]) return path.join(root, pkg.exports[sub]);
  const hits = Object.entries(pkg.exports)
    .filter(([k]) => k.includes('*'))
    .map(([k, target]) => {
      const [before, after] = k.split('*') as [string, string];
      return sub.startsWith(before) && sub.endsWith(after) && sub.length >= k.length - 1
        ? { k, file: target.replace('*', sub.slice(before.length, sub.length - after.length)) }
        : undefined;
    })
    .filter((x) => x !== undefined)
    .sort((a, b) => b.k.length - a.k.length);
  return hits[0] && path.join(root, hits[0].file);
}

/** The names a module exports: its runtime exports and the types its source exports. */
async function exportedNames(file: string): Promise<Set<string>> {
  const names = new Set(Object.keys(await import(pathToFileURL(file).href)));
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\btype\s+(\w+)/g)) names.add(m[1]!);
  for (const m of text.matchAll(/^export (?:interface|type) (\w+)/gm)) names.add(m[1]!);
  return names;
}

/** Whether a usage text lists the option (the whole word: --backend is not --backends). */
const hasOption = (usage: string, flag: string): boolean =>
  new RegExp(`(^|[\\s\\[,])${flag.replace(/[^\w-]/g, '')}(?![\\w-])`, 'm').test(usage);

/** A command line as the doc writes it: the sub-command and its options, checked against its usage. */
async function checkCommandLine(line: string): Promise<void> {
  const words = line.trim().split(/\s+/);
  const at = words.findIndex((w) => w === 'ttforge' || w.endsWith('/build/bin/ttforge.js'));
  assert.ok(at >= 0, line);
  const cmd = await command(words[at + 1]!);
  for (const flag of words.filter((w) => w.startsWith('--')))
    assert.ok(hasOption(cmd.usage, flag), `${line}: ttforge ${cmd.name} has no ${flag}`);
}

describe('docs/projects.md', function () {
  this.timeout(120_000);

  it('the shell commands it shows are real: ttforge sub-commands and their options, npm scripts', async () => {
    const starterScripts = JSON.parse(starterFiles('/tmp/x', 'x').find((f) => f.name === 'package.json')!.text)
      .scripts as Record<string, string>;
    const lines = blocks('sh').flatMap((b) => b.split('\n').filter((l) => l.trim()));
    assert.ok(lines.length >= 8, 'the doc shows its commands');
    for (const line of lines) {
      if (/^(npx )?ttforge /.test(line)) await checkCommandLine(line);
      else if (line.startsWith('npm run '))
        assert.ok(starterScripts[line.split(' ')[2]!], `${line}: not a script init writes`);
      else assert.match(line, /^(cd \S+|npm install)$/, `unexpected command: ${line}`);
    }
    // Commands, options and npm scripts in the prose.
    for (const code of inline(doc)) {
      if (/(^|\/)ttforge(\.js)? (init|build|sim)\b/.test(code)) await checkCommandLine(code);
      else if (code.startsWith('--')) {
        const usages = await Promise.all(['build', 'sim', 'init'].map(async (c) => (await command(c)).usage));
        assert.ok(
          usages.some((u) => hasOption(u, code.split(' ')[0]!)),
          `no command has ${code}`,
        );
      } else if (code.startsWith('npm run bench ')) {
        assert.ok(existsSync(path.join(root, 'build/bench', `${code.split(' ')[3]}.bench.ts`)), code);
      }
    }
  });

  it("init's table lists exactly the files ttforge init writes, and the scripts it quotes are theirs", () => {
    const table = section('Start one')
      .match(/^\| `[^`]+` \|/gm)!
      .map((r) => r.slice(3, r.indexOf('`', 3)));
    const written = starterFiles('/tmp/x', 'x').map((f) => f.name);
    assert.deepEqual([...table].sort(), [...written].sort());
    const scripts = JSON.parse(starterFiles('/tmp/x', 'x').find((f) => f.name === 'package.json')!.text).scripts;
    for (const s of Object.values(scripts) as string[]) assert.ok(doc.includes(`\`${s}\``), `script ${s}`);
  });

  it('the files of ttforge it names exist, and so do the docs it points to', () => {
    const tops = ['dsl/', 'sim/', 'build/', 'rtl-lib/', 'designs/', 'test/build/', 'docs/'];
    const named = inline(doc).filter((c) => tops.some((t) => c.startsWith(t)) && /\.(ts|js|md)$/.test(c));
    assert.ok(named.length >= 5, named.join(' '));
    for (const f of named) assert.ok(existsSync(path.join(root, f)), f);
    for (const m of doc.matchAll(/\bdocs\/[\w-]+\.md\b/g)) assert.ok(existsSync(path.join(root, m[0])), m[0]);
  });

  it('every ttforge/... import resolves through the exports, to a module exporting the names given with it', async () => {
    const table = section('What you import');
    let current: Set<string> | undefined;
    let checked = 0;
    for (const code of inline(table)) {
      if (code === 'ttforge' || code.startsWith('ttforge/')) {
        if (code.includes('<')) {
          // A pattern row: the exports have its key.
          const key = `.${code.slice('ttforge'.length).replace(/<[^>]+>/, '*')}`;
          assert.ok(pkg.exports[key], `exports has no ${key}`);
          current = undefined;
          continue;
        }
        const file = resolveExport(code);
        assert.ok(file && existsSync(file), `${code} does not resolve to a file (${file})`);
        current = await exportedNames(file);
      } else if (/^[A-Za-z_]\w*$/.test(code) && current) {
        assert.ok(current.has(code), `${code} is not exported where the doc says`);
        checked++;
      }
    }
    assert.ok(checked >= 20, `names checked: ${checked}`);
    // The imports of the example code, too.
    for (const b of blocks('ts'))
      for (const m of b.matchAll(/from '(ttforge[^']*)'/g)) assert.ok(resolveExport(m[1]!), m[1]);
  });

  it('the TTF codes it gives are codes of dsl/diagnostics.ts', () => {
    const codes = [...new Set([...doc.matchAll(/\bTTF\d{3}\b/g)].map((m) => m[0]))];
    assert.ok(codes.length >= 10, codes.join(' '));
    for (const c of codes) assert.ok(c in DiagnosticCodes, c);
  });

  it('its design builds (type-checked) into the files it names, and its testbench passes on builtin', async () => {
    const proj = mkdtempSync(path.join(os.tmpdir(), 'ttforge-doc-'));
    const here = process.cwd();
    const logs: string[] = [];
    const [log, error] = [console.log, console.error];
    try {
      for (const f of starterFiles(proj, 'doc-project')) {
        mkdirSync(path.dirname(path.join(proj, f.name)), { recursive: true });
        writeFileSync(path.join(proj, f.name), f.text);
      }
      const examples = blocks('ts').map((b) => ({ name: /^\/\/ (\S+)\n/.exec(b)?.[1], text: b }));
      assert.deepEqual(
        examples.map((e) => e.name),
        ['src/square.ts', 'test/square.tb.ts'],
      );
      for (const e of examples) writeFileSync(path.join(proj, e.name!), e.text);
      process.chdir(proj);
      console.log = (...m: unknown[]) => void logs.push(m.join(' '));
      console.error = (...m: unknown[]) => void logs.push(m.join(' '));
      const run = async (name: string, args: string[]) => {
        try {
          return await (await command(name)).run(args);
        } catch (e) {
          return reportError(e);
        }
      };
      assert.equal(await run('build', ['src/square.ts', '--out', 'out/square']), 0, logs.join('\n'));
      const outputs = inline(section('A design and its testbench')).filter((c) => c.startsWith('out/square/'));
      assert.equal(outputs.length, 3);
      for (const f of outputs) assert.ok(existsSync(path.join(proj, f)), f);
      assert.equal(await run('sim', ['test/square.tb.ts', '--backend', 'builtin']), 0, logs.join('\n'));
      assert.ok(
        logs.some((l) => l.startsWith('PASS square matches the bit-level FP32 model [builtin]')),
        logs.join('\n'),
      );
    } finally {
      [console.log, console.error] = [log, error];
      process.chdir(here);
      rmSync(proj, { recursive: true, force: true });
    }
  });
});
