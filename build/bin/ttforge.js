#!/usr/bin/env node
// Launcher for the `ttforge` bin. It runs ttforge's code from the compiled cache (build/bin/js-cache.js:
// plain ES modules, no TypeScript loader, about a third of the start-up time); with TTFORGE_NO_CACHE=1,
// or when the cache cannot be written, it loads the TypeScript through tsx as before.
import { cacheDir, prepareCache } from './js-cache.js';

let cli;
if (process.env.TTFORGE_NO_CACHE !== '1') {
  try {
    cli = await prepareCache();
  } catch (e) {
    if (process.env.TTFORGE_DEBUG) console.error('ttforge: compiled cache not used:', e);
  }
}
if (cli) {
  // Locations of the user's code come through the source maps of the transpiled files.
  process.setSourceMapsEnabled(true);
  // build/user-import.ts points the user's imports of ttforge at the same transpiled modules.
  globalThis.__ttforgeCompiled = cacheDir();
  await import(cli);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli.ts');
}
