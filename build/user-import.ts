// Loads the user's design and testbench files for the CLI, wherever they live. ttforge's own folders
// (dsl, sim, rtl-lib, build, designs) load as they are (or from the compiled cache the bin runs
// from); any other file is compiled with esbuild into one ES module whose imports of ttforge point at
// the very modules the CLI runs, so a design's Module is the CLI's Module. That also makes a file
// work outside any package, or in a package without "type": "module", and lets it import ttforge
// as 'ttforge/dsl' even where ttforge is not installed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { DiagnosticError, UserError } from '../dsl/diagnostics.js';

export const ttforgeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const libraryDirs = ['dsl', 'sim', 'rtl-lib', 'build', 'designs'];

/** Set by build/bin/ttforge.js when ttforge runs from its compiled cache (out/js-cache). */
function compiledCache(): string | undefined {
  return (globalThis as { __ttforgeCompiled?: string }).__ttforgeCompiled;
}

export function cacheRoot(): string {
  return compiledCache() ?? path.join(ttforgeRoot, 'out', 'js-cache');
}

/** A ttforge library source file's path relative to the root, or undefined for any other file. */
function libraryPath(abs: string): string | undefined {
  const rel = path.relative(ttforgeRoot, abs);
  const top = rel.split(path.sep)[0];
  return top && libraryDirs.includes(top) && !rel.includes(`node_modules${path.sep}`) ? rel : undefined;
}

/** The URL a library file is loaded from in this process (its transpiled copy when running compiled). */
function libraryUrl(rel: string): string {
  const cache = compiledCache();
  return cache
    ? pathToFileURL(path.join(cache, rel.replace(/\.ts$/, '.js'))).href
    : pathToFileURL(path.join(ttforgeRoot, rel)).href;
}

/** The design files (.ts, not tests) directly in `dir`, for the message when a folder is given. */
function designFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(m?ts|m?js)$/.test(f) && !/\.(test|d)\.m?ts$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Checks that `file` names a file that can be loaded; `what` names it in messages ("design file"). */
export function checkUserFile(file: string, what: string): string {
  const abs = path.resolve(file);
  if (!existsSync(abs)) throw new UserError(`ttforge: ${what} not found: ${file}`);
  if (statSync(abs).isDirectory()) {
    const files = designFilesIn(abs);
    throw new UserError(
      `ttforge: ${file} is a folder; give one ${what} in it` +
        (files.length ? `:\n${files.map((f) => `  ${path.relative(process.cwd(), f)}`).join('\n')}` : ' (it has none)'),
    );
  }
  if (!/\.(m?ts|m?js|tsx)$/.test(abs))
    throw new UserError(`ttforge: ${file} is not a TypeScript ${what}: expected a .ts file`);
  return abs;
}

/** Imports the user's file (checked with checkUserFile first). */
export async function importUserFile(file: string, what = 'design file'): Promise<Record<string, unknown>> {
  const abs = checkUserFile(file, what);
  const rel = libraryPath(abs);
  if (rel !== undefined) {
    const url = libraryUrl(rel);
    // A library-folder file the cache could not transpile (a syntax error) is compiled below instead,
    // which reports the error at its line.
    if (!compiledCache() || existsSync(fileURLToPath(url))) return (await import(url)) as Record<string, unknown>;
  } else if (!compiledCache() && !path.relative(ttforgeRoot, abs).startsWith('..')) {
    // Other files of the checkout (tests, fixtures) under tsx: as they are.
    return (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  }
  return (await import(await compileUserFile(abs))) as Record<string, unknown>;
}

interface BundleStamp {
  inputs: Record<string, string>;
}

const stampOf = (file: string): string => {
  const st = statSync(file);
  return `${st.mtimeMs}:${st.size}`;
};

/** Compiles `abs` and the user files it imports into one module; returns its URL. Reused while no input changed. */
async function compileUserFile(abs: string): Promise<string> {
  const key = createHash('sha256')
    .update(`${abs}\0${compiledCache() ?? 'tsx'}\0keepNames`)
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(cacheRoot(), 'user');
  const out = path.join(dir, `${path.basename(abs).replace(/\.\w+$/, '')}-${key}.mjs`);
  const stampFile = `${out}.json`;
  if (isFresh(out, stampFile)) return pathToFileURL(out).href;
  const { build } = await import('esbuild');
  const tmp = `${out}.${process.pid}.tmp.mjs`;
  // biome-ignore lint/suspicious/noImplicitAnyLet: esbuild's result type, inferred inside the try
  let result;
  try {
    result = await build({
      entryPoints: [abs],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Class names are Verilog module names (see build/bin/js-cache.js).
      keepNames: true,
      sourcemap: 'inline',
      metafile: true,
      plugins: [ttforgeImports()],
      logLevel: 'silent',
    });
  } catch (e) {
    throw compileFailure(e);
  }
  renameSync(tmp, out);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const p = path.resolve(input);
    if (existsSync(p)) inputs[p] = stampOf(p);
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ inputs } satisfies BundleStamp));
  return pathToFileURL(out).href;
}

function isFresh(out: string, stampFile: string): boolean {
  if (!existsSync(out) || !existsSync(stampFile)) return false;
  try {
    const { inputs } = JSON.parse(readFileSync(stampFile, 'utf8')) as BundleStamp;
    return Object.entries(inputs).every(([f, s]) => existsSync(f) && stampOf(f) === s);
  } catch {
    return false;
  }
}

/** `ttforge/<sub>` -> the library file the package's exports map it to (package.json). */
function ttforgeSubpath(spec: string): string | undefined {
  const sub = spec === 'ttforge' ? '.' : `.${spec.slice('ttforge'.length)}`;
  const exports = (
    JSON.parse(readFileSync(path.join(ttforgeRoot, 'package.json'), 'utf8')) as {
      exports?: Record<string, string>;
    }
  ).exports;
  if (!exports) return undefined;
  if (exports[sub]) return path.join(ttforgeRoot, exports[sub]);
  // Patterns: the longest key prefix that matches wins, as in Node.
  let best: [string, string] | undefined;
  for (const [key, target] of Object.entries(exports)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const before = key.slice(0, star);
    const after = key.slice(star + 1);
    if (sub.startsWith(before) && sub.endsWith(after) && sub.length >= key.length - 1) {
      if (!best || key.length > best[0].length)
        best = [key, target.replace('*', sub.slice(before.length, sub.length - after.length))];
    }
  }
  return best ? path.join(ttforgeRoot, best[1]) : undefined;
}

/**
 * esbuild plugin: ttforge's own modules (by 'ttforge/...' or by a path into the checkout) stay
 * imports of the modules this process runs; packages stay imports of their files; the user's files
 * are compiled in, with import.meta.url still naming each one.
 */
function ttforgeImports(): Plugin {
  return {
    name: 'ttforge-user-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === 'inner') return undefined;
        let resolved: string | undefined;
        if (args.path === 'ttforge' || args.path.startsWith('ttforge/')) resolved = ttforgeSubpath(args.path);
        if (!resolved) {
          const r = await b.resolve(args.path, {
            kind: args.kind,
            resolveDir: args.resolveDir,
            importer: args.importer,
            pluginData: 'inner',
          });
          if (r.errors.length) return { errors: r.errors };
          if (r.external) return { path: r.path, external: true };
          resolved = r.path;
        }
        const rel = libraryPath(resolved);
        if (rel !== undefined) return { path: libraryUrl(rel), external: true };
        if (resolved.split(path.sep).includes('node_modules'))
          return { path: pathToFileURL(resolved).href, external: true };
        return { path: resolved };
      });
      b.onLoad({ filter: /\.[mc]?[jt]sx?$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        const url = JSON.stringify(pathToFileURL(args.path).href);
        const loader = /\.[mc]?tsx?$/.test(args.path) ? (args.path.endsWith('x') ? 'tsx' : 'ts') : 'js';
        return { contents: text.replaceAll('import.meta.url', url), loader };
      });
    },
  };
}

/** esbuild's errors (a syntax error, an import that does not resolve) as the user's, at their lines. */
function compileFailure(e: unknown): Error {
  const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] })
    .errors;
  if (!errors?.length) return e instanceof Error ? e : new Error(String(e));
  return new DiagnosticError(
    errors.map((m) => {
      const hint = /^Could not resolve "ttforge/.test(m.text)
        ? ` (ttforge's public modules: ${Object.keys(exportsOf()).join(', ')})`
        : /^Could not resolve/.test(m.text)
          ? "; check the path, or install the package in the design's project"
          : '; fix the TypeScript at this line';
      const at = m.location;
      const abs = at && path.resolve(at.file);
      return {
        code: 'TTF180',
        severity: 'error',
        message: `${m.text}${hint}`,
        loc:
          at && abs
            ? { file: path.relative(process.cwd(), abs), line: at.line, col: at.column + 1, path: abs }
            : undefined,
      };
    }),
  );
}

function exportsOf(): Record<string, string> {
  return (
    (JSON.parse(readFileSync(path.join(ttforgeRoot, 'package.json'), 'utf8')) as { exports?: Record<string, string> })
      .exports ?? {}
  );
}
