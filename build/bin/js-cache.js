// The compiled cache behind the `ttforge` bin: ttforge's own TypeScript (dsl, sim, rtl-lib, build,
// designs) transpiled once, file by file, to plain ES modules under out/js-cache, so a run loads
// them with Node's own loader instead of through tsx's hooks (a message to a worker thread per
// module). chevrotain (with lodash-es, about 700 tiny modules) and execa (about 150) load as one
// file each. A file is transpiled again when its size or modification time changes.
// Plain JavaScript: it runs before anything can load TypeScript.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The folders of ttforge's own code, transpiled into the cache. */
export const libraryDirs = ['dsl', 'sim', 'rtl-lib', 'build', 'designs'];
/** Bumped when the transpiled form changes, so old caches are rebuilt. */
const cacheFormat = 3;

export function cacheDir() {
  return process.env.TTFORGE_CACHE_DIR
    ? path.resolve(process.env.TTFORGE_CACHE_DIR)
    : path.join(root, 'out', 'js-cache');
}

/** Every .ts file of the library folders, relative to the root, with a stamp that changes when the file does. */
function librarySources() {
  const out = new Map();
  for (const dir of libraryDirs) {
    const abs = path.join(root, dir);
    if (!existsSync(abs)) continue;
    for (const rel of readdirSync(abs, { recursive: true })) {
      const name = String(rel);
      if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
      const file = path.join(dir, name);
      const st = statSync(path.join(root, file));
      out.set(file.split(path.sep).join('/'), `${st.mtimeMs}:${st.size}`);
    }
  }
  return out;
}

function writeAtomically(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function readManifest(file) {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8'));
    return m.format === cacheFormat ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Where a bare package import of the library points in the cache: one-file forms for the big ones. */
function packageUrl(spec, dir) {
  if (spec === 'chevrotain')
    return pathToFileURL(path.join(root, 'node_modules/chevrotain/lib/chevrotain.min.mjs')).href;
  if (spec === 'execa') return pathToFileURL(path.join(dir, 'vendor', 'execa.js')).href;
  try {
    return import.meta.resolve(spec);
  } catch {
    return spec;
  }
}

/** esbuild plugin: keep every import as an import (one output per source), with packages pointed at. */
function externalImports(dir) {
  return {
    name: 'ttforge-external-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path.startsWith('.') || args.path.startsWith('/')) return { path: args.path, external: true };
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        return { path: packageUrl(args.path, dir), external: true };
      });
      // import.meta.url keeps naming the source file, so paths worked out from it still reach the
      // source tree (fixtures, vendor Verilog) and the DSL still knows its own folder.
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const url = JSON.stringify(pathToFileURL(args.path).href);
        return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * Transpiles `files` into the cache; returns those that do not compile (a syntax error in a design:
 * build/user-import.ts compiles such a file on its own when it is loaded, and reports the error).
 */
async function transpile(esbuild, files, dir) {
  if (!files.length) return [];
  const options = {
    absWorkingDir: root,
    outbase: root,
    outdir: dir,
    outExtension: { '.js': '.js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Class names are Verilog module names: a bundled class that refers to itself (Counter.params in
    // its constructor) would otherwise be emitted as `class _Counter` and named so.
    keepNames: true,
    sourcemap: 'inline',
    sourcesContent: false,
    tsconfig: path.join(root, 'tsconfig.json'),
    plugins: [externalImports(dir)],
    logLevel: 'silent',
    write: false,
  };
  let result;
  let failed = [];
  try {
    result = await esbuild.build({ ...options, entryPoints: files.map((f) => path.join(root, f)) });
  } catch (e) {
    failed = [...new Set((e.errors ?? []).map((m) => m.location?.file).filter(Boolean))].map((f) =>
      path.relative(root, path.resolve(root, f)).split(path.sep).join('/'),
    );
    const rest = files.filter((f) => !failed.includes(f));
    if (!failed.length || rest.length === files.length) throw e;
    for (const f of failed) rmSync(path.join(dir, f.replace(/\.ts$/, '.js')), { force: true });
    result = await esbuild.build({ ...options, entryPoints: rest.map((f) => path.join(root, f)) });
  }
  // Each file replaced in one step: a ttforge starting meanwhile never reads half a file.
  for (const f of result.outputFiles) writeAtomically(f.path, f.contents);
  return failed;
}

async function vendorExeca(esbuild, dir) {
  const out = path.join(dir, 'vendor', 'execa.js');
  if (existsSync(out)) return;
  const tmpDir = path.join(dir, 'vendor', `.tmp-${process.pid}`);
  await esbuild.build({
    entryPoints: { execa: path.join(root, 'node_modules/execa/index.js') },
    outdir: tmpDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // bundled CommonJS (cross-spawn) calls require(): give the bundle a real one
    banner: {
      js: "import { createRequire as __ttfRequire } from 'node:module'; const require = __ttfRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  renameSync(path.join(tmpDir, 'execa.js'), out);
  rmSync(tmpDir, { recursive: true, force: true });
}

/**
 * Brings the cache up to date and returns the file URL of the transpiled CLI, or undefined when the
 * cache cannot be used (the caller then runs the TypeScript through tsx).
 */
export async function prepareCache() {
  const dir = cacheDir();
  const manifestFile = path.join(dir, 'manifest.json');
  const sources = librarySources();
  const old = readManifest(manifestFile);
  const stale = [...sources].filter(([f, stamp]) => old?.files[f] !== stamp).map(([f]) => f);
  if (stale.length || !existsSync(path.join(dir, 'vendor', 'execa.js'))) {
    const esbuild = await import('esbuild');
    const failed = await transpile(esbuild, stale, dir);
    // ttforge's own code must compile; a design that does not is the user's to fix (reported on load).
    if (failed.some((f) => !f.startsWith('designs/'))) throw new Error(`cannot transpile ${failed.join(', ')}`);
    await vendorExeca(esbuild, dir);
    // Read again: another ttforge may have written the manifest meanwhile; both sets are fresh.
    const now = readManifest(manifestFile);
    const files = { ...(now?.files ?? {}) };
    for (const f of stale) if (!failed.includes(f)) files[f] = sources.get(f);
    for (const f of failed) delete files[f];
    writeAtomically(manifestFile, JSON.stringify({ format: cacheFormat, files }));
  }
  return pathToFileURL(path.join(dir, 'build', 'cli.js')).href;
}
