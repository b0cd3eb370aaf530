// Type-checks the user's design (or testbench) file before ttforge runs it: esbuild and tsx only
// strip the types, so a cast that hides a mistake or a wrong argument type would go unseen. Errors
// are reported at the user's file:line with TypeScript's own code (TS2345, ...). Only the user's
// files are checked (ttforge's own code is checked by its repository); a check that passed is
// remembered until one of the files it read (the user's, ttforge's, the tsconfig) changes, so an
// unchanged design costs a few file stats, not a TypeScript run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type ts from 'typescript';
import { UserError } from '../dsl/diagnostics.js';
import { cacheRoot, checkUserFile, libraryDirs, ttforgeRoot } from './user-import.js';

export interface TypecheckResult {
  /**
   * 'passed' (checked now), 'cached' (unchanged since a check that passed), 'unavailable' (no
   * TypeScript), 'syntax' (a file does not parse: not checked, the loader reports it).
   */
  outcome: 'passed' | 'cached' | 'unavailable' | 'syntax';
  /** The user files checked (absolute). */
  files: string[];
}

const stampOf = (file: string): string => {
  const st = statSync(file);
  return `${st.mtimeMs}:${st.size}`;
};

/** One stamp for all of ttforge's library sources: any change to them invalidates every remembered check. */
function libraryStamp(): string {
  const h = createHash('sha256');
  for (const dir of libraryDirs) {
    const abs = path.join(ttforgeRoot, dir);
    if (!existsSync(abs)) continue;
    for (const rel of readdirSync(abs, { recursive: true }).map(String).sort()) {
      if (rel.endsWith('.ts')) h.update(`${dir}/${rel}\0${stampOf(path.join(abs, rel))}\0`);
    }
  }
  return h.digest('hex');
}

interface Remembered {
  library: string;
  files: Record<string, string>;
}

function isLibraryFile(abs: string): boolean {
  const rel = path.relative(ttforgeRoot, abs);
  const top = rel.split(path.sep)[0];
  return !!top && libraryDirs.includes(top) && !rel.includes('node_modules');
}

/** Compiler options: the tsconfig.json nearest the file, else settings that match how ttforge loads it. */
function compilerOptions(t: typeof ts, entry: string): { options: ts.CompilerOptions; config?: string } {
  const config = t.findConfigFile(path.dirname(entry), t.sys.fileExists);
  let options: ts.CompilerOptions;
  if (config) {
    const read = t.readConfigFile(config, t.sys.readFile);
    if (read.error) throw new UserError(`${config}: ${t.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
    options = t.parseJsonConfigFileContent(read.config, t.sys, path.dirname(config), undefined, config).options;
  } else {
    // A lone file: compiled as an ES module (build/user-import.ts), with Node's types from ttforge's install.
    options = {
      target: t.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      module: t.ModuleKind.ESNext,
      moduleResolution: t.ModuleResolutionKind.Bundler,
      strict: true,
      skipLibCheck: true,
      types: ['node'],
    };
  }
  // Type packages (@types/node) from the project's node_modules first, then from ttforge's install: a
  // project made by ttforge init type-checks before its npm install.
  const typeRoots = options.typeRoots ?? [
    ...typeRootsAbove(path.dirname(config ?? entry)),
    path.join(ttforgeRoot, 'node_modules', '@types'),
  ];
  // 'ttforge/...' means this ttforge, as when the file runs (build/user-import.ts), installed or not.
  const paths = { ...(options.paths ?? {}) };
  paths.ttforge ??= [path.join(ttforgeRoot, 'dsl/index.ts')];
  paths['ttforge/dsl'] ??= [path.join(ttforgeRoot, 'dsl/index.ts')];
  paths['ttforge/sim'] ??= [path.join(ttforgeRoot, 'sim/index.ts')];
  paths['ttforge/*'] ??= [path.join(ttforgeRoot, '*')];
  return {
    options: { ...options, typeRoots, paths, noEmit: true, incremental: false, composite: false },
    ...(config ? { config } : {}),
  };
}

/** node_modules/@types folders from `dir` up, as TypeScript looks for them by default. */
function typeRootsAbove(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    const types = path.join(d, 'node_modules', '@types');
    if (existsSync(types)) out.push(types);
    if (path.dirname(d) === d) return out;
  }
}

function format(t: typeof ts, d: ts.Diagnostic): string {
  const text = t.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return `error TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.relative(process.cwd(), d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1}: error TS${d.code}: ${text}`;
}

/** Type-checks `file` and what it imports of the user's; throws a UserError listing the type errors. */
export async function typecheckUserFile(file: string, what = 'design file'): Promise<TypecheckResult> {
  const entry = checkUserFile(file, what);
  const key = createHash('sha256').update(entry).digest('hex').slice(0, 16);
  const memo = path.join(cacheRoot(), 'typecheck', `${path.basename(entry)}-${key}.json`);
  const library = libraryStamp();
  const before = readRemembered(memo);
  if (before?.library === library && Object.entries(before.files).every(([f, s]) => existsSync(f) && stampOf(f) === s))
    return { outcome: 'cached', files: Object.keys(before.files).filter((f) => !f.endsWith('.json')) };

  const loaded = loadTypescript();
  if (!loaded) return { outcome: 'unavailable', files: [] };
  const t = loaded.ts;
  const { options, config } = compilerOptions(t, entry);
  const program = t.createProgram({ rootNames: [entry], options });
  const userFiles = program
    .getSourceFiles()
    .filter((sf) => !sf.isDeclarationFile && !isLibraryFile(sf.fileName) && !sf.fileName.includes('/node_modules/'));
  // A file that does not parse is left to the loader, which reports it as TTF180 at its line.
  if (userFiles.some((sf) => program.getSyntacticDiagnostics(sf).length)) return { outcome: 'syntax', files: [] };
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...userFiles.flatMap((sf) => program.getSemanticDiagnostics(sf)),
  ].filter((d) => d.category === t.DiagnosticCategory.Error);
  if (diagnostics.length) {
    throw new UserError(
      `${diagnostics.map((d) => format(t, d)).join('\n')}\n${diagnostics.length} type error(s); fix them, or skip the check with --no-typecheck`,
    );
  }
  const files: Record<string, string> = {};
  for (const sf of userFiles) files[path.resolve(sf.fileName)] = stampOf(sf.fileName);
  if (config) files[config] = stampOf(config);
  remember(memo, { library, files });
  loaded.saveCodeCache();
  return { outcome: 'passed', files: userFiles.map((sf) => path.resolve(sf.fileName)) };
}

/**
 * TypeScript's compiler (9 MB of JavaScript), compiled by V8 from a code cache kept next to the
 * checks: compiling it from source is about half of a check (Node 20 has no module compile cache).
 * Loaded as CommonJS (not import): Node would otherwise also scan it all for ES syntax and exports.
 */
function loadTypescript(): { ts: typeof ts; saveCodeCache: () => void } | undefined {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('typescript');
  } catch {
    return undefined;
  }
  const cacheFile = path.join(cacheRoot(), 'typecheck', `typescript-${stampOf(file).replace(/\W/g, '_')}.v8cache`);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new vm.Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...a: unknown[]) => void).call(
    mod.exports,
    mod.exports,
    createRequire(file),
    mod,
    file,
    path.dirname(file),
  );
  return {
    ts: mod.exports as typeof ts,
    // After a check: the cache then holds the functions the check compiled, not just the top level.
    saveCodeCache: () => {
      if (cachedData && !script.cachedDataRejected) return;
      try {
        mkdirSync(path.dirname(cacheFile), { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // no cache: the next check compiles TypeScript again
      }
    },
  };
}

function readRemembered(file: string): Remembered | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Remembered;
  } catch {
    return undefined;
  }
}

function remember(file: string, r: Remembered): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(r));
    renameSync(tmp, file);
  } catch {
    // A read-only cache only costs the next run a new check.
  }
}
